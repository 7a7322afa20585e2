// A JeroMQ 0.3.6 peer for interop tests (Debian's libjeromq-java, a real
// ZMTP 2.0 implementation). Run with the JDK's source launcher:
//   java -cp /usr/share/java/jeromq.jar JeroPeer.java MODE ENDPOINT COUNT
// MODE: req-connect (sends "hello-N", expects a reply each time),
//       rep-bind (answers "reply-to-<request>"; prints "bound PORT" first).
import org.zeromq.ZMQ;

public class JeroPeer {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String endpoint = args[1];
        int count = Integer.parseInt(args[2]);
        ZMQ.Context ctx = ZMQ.context(1);
        if (mode.equals("req-connect")) {
            ZMQ.Socket req = ctx.socket(ZMQ.REQ);
            req.setReceiveTimeOut(10000);
            req.connect(endpoint);
            for (int i = 0; i < count; i++) {
                req.send("hello-" + i);
                String reply = req.recvStr();
                System.out.println("reply " + reply);
            }
            req.close();
        } else {
            ZMQ.Socket rep = ctx.socket(ZMQ.REP);
            rep.setReceiveTimeOut(15000);
            int port = rep.bindToRandomPort("tcp://127.0.0.1");
            System.out.println("bound " + port);
            System.out.flush();
            for (int i = 0; i < count; i++) {
                String request = rep.recvStr();
                if (request == null)
                    break;
                rep.send("reply-to-" + request);
            }
            Thread.sleep(200);
            rep.close();
        }
        ctx.term();
        System.out.println("done");
    }
}
