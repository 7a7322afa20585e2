#   A ZDCF 1.0 forwarder device (17/ZDCF): publishers connect to its
#   frontend, subscribers to its backend.
version = 1.0
apps
    weather
        context
            iothreads = 1
        devices
            relay
                type = zmq_forwarder
                sockets
                    frontend
                        type = XSUB
                        bind = tcp://127.0.0.1:27911
                    backend
                        type = XPUB
                        bind = tcp://127.0.0.1:27912
                        option
                            hwm = 1000
        peers
            station
                role = socket
                type = PUB
                connect = tcp://127.0.0.1:27911
                send = "10001 22C"
                count = -1
                rate = 20
                quiet
            listener
                role = socket
                type = SUB
                connect = tcp://127.0.0.1:27912
                subscribe = 10001
                answer = sink
