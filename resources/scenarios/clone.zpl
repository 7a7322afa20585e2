#   Clone (12/CHP): a server and two clients; each publishes keys, one
#   with a ttl the server expires, and follows the other's.
version = 1.0
apps
    clone
        peers
            server
                role = clone-server
                snapshot = tcp://127.0.0.1:47891
                publisher = tcp://127.0.0.1:47892
                collector = tcp://127.0.0.1:47893
            alice
                role = clone-client
                connect = tcp://127.0.0.1:47891
                publisher = tcp://127.0.0.1:47892
                collector = tcp://127.0.0.1:47893
                set = /alice/colour=blue
                set = /shared/greeting=hello
            bob
                role = clone-client
                connect = tcp://127.0.0.1:47891
                publisher = tcp://127.0.0.1:47892
                collector = tcp://127.0.0.1:47893
                set = /bob/mood=fine
                ttl = 1
