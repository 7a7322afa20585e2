#   Known deviations of JeroMQ 0.3.6 (Debian 12's libjeromq-java), a ZMTP
#   2.0 implementation: the 3.x cases are "unimplemented" for it (it answers
#   a 3.x greeting's first bytes with a 2.0 greeting).
implementation = JeroMQ 0.3.6
expect
    case = 15/greeting/socket-type-incompatible
    verdict = non-strict
    reason = the socket type in a ZMTP 2.0 greeting is not checked
