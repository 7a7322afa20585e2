#   FILEMQ (35/FILEMQ): a server publishes Debian's licence texts and a
#   client copies them into a folder of its own, in chunks under credit.
version = 1.0
apps
    sync
        peers
            server
                role = filemq-server
                bind = tcp://127.0.0.1:27931
                publish = /usr/share/common-licenses
                chunk-size = 16384
            client
                role = filemq-client
                connect = tcp://127.0.0.1:27931
                into = /tmp/zmqscope-filemq-sync
                credit = 65536
