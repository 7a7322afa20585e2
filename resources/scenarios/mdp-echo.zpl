#   A Majordomo echo service (7/MDP): a broker, two workers and a client
#   that makes ten requests. zmqscope run mdp-echo.zpl, or File > Open
#   Scenario in the window (every endpoint then goes through a tap).
version = 1.0
apps
    echo
        peers
            broker
                role = mdp-broker
                bind = tcp://127.0.0.1:27851
            worker-1
                role = mdp-worker
                connect = tcp://127.0.0.1:27851
                service = echo
            worker-2
                role = mdp-worker
                connect = tcp://127.0.0.1:27851
                service = echo
                reply = upper
            client
                role = mdp-client
                connect = tcp://127.0.0.1:27851
                service = echo
                request = "hello world"
                count = 10
            mmi
                role = mdp-client
                connect = tcp://127.0.0.1:27851
                service = mmi.service
                request = echo
