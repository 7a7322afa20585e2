#   Titanic (9/TSP) on Majordomo: a broker, an echo worker, the Titanic
#   server keeping requests in a folder, and a client that stores a
#   request, polls for its reply and closes it.
version = 1.0
apps
    titanic
        peers
            broker
                role = mdp-broker
                bind = tcp://127.0.0.1:27861
            echo
                role = mdp-worker
                connect = tcp://127.0.0.1:27861
                service = echo
            titanic
                role = titanic-server
                connect = tcp://127.0.0.1:27861
            client
                role = titanic-client
                connect = tcp://127.0.0.1:27861
                service = echo
                request = "keep this for me"
                poll-ms = 300
                count = 2
