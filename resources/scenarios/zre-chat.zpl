#   A ZRE group chat (36/ZRE): three nodes find each other by UDP beacons
#   on loopback, join CHAT and each shout once. The beacon port is not
#   5670, to keep clear of a real zyre on this machine; the mailboxes are
#   on fixed ports so that `zmqscope run --write` and the window can put a
#   tap in front of each (the beacons announce these ports).
version = 1.0
apps
    chat
        peers
            alice
                role = zre-node
                name = alice
                mailbox = tcp://127.0.0.1:27941
                group = CHAT
                shout = "hello from alice"
                beacon-port = 27921
                beacon-interval-ms = 250
                expect-peers = 2
            bob
                role = zre-node
                name = bob
                mailbox = tcp://127.0.0.1:27942
                group = CHAT
                shout = "hello from bob"
                beacon-port = 27921
                beacon-interval-ms = 250
                expect-peers = 2
            carol
                role = zre-node
                name = carol
                mailbox = tcp://127.0.0.1:27943
                group = CHAT
                shout = "hello from carol"
                whisper-to = alice
                whisper = "just for you"
                beacon-port = 27921
                beacon-interval-ms = 250
                expect-peers = 2
