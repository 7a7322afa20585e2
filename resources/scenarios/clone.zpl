#   Clone (12/CHP): a server and two clients; each publishes keys, one
#   with a ttl the server expires, and follows the other's.
version = 1.0
apps
    clone
        peers
            server
                role = clone-server
                snapshot = tcp://127.0.0.1:27891
                publisher = tcp://127.0.0.1:27892
                collector = tcp://127.0.0.1:27893
            alice
                role = clone-client
                connect = tcp://127.0.0.1:27891
                publisher = tcp://127.0.0.1:27892
                collector = tcp://127.0.0.1:27893
                set = /alice/colour=blue
                set = /shared/greeting=hello
            bob
                role = clone-client
                connect = tcp://127.0.0.1:27891
                publisher = tcp://127.0.0.1:27892
                collector = tcp://127.0.0.1:27893
                set = /bob/mood=fine
                ttl = 1
