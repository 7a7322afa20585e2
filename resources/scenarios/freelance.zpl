#   Freelance (10/FLP): two servers, the first of which dies on its third
#   request; the client fails over to the second.
version = 1.0
apps
    freelance
        peers
            primary
                role = flp-server
                bind = tcp://127.0.0.1:27881
                die-after = 3
            backup
                role = flp-server
                bind = tcp://127.0.0.1:27882
            client
                role = flp-client
                connect = tcp://127.0.0.1:27881
                connect = tcp://127.0.0.1:27882
                request = "what time is it"
                count = 6
