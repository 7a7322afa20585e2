// A JeroMQ 0.3.6 implementation under test (Debian's libjeromq-java: ZMTP
// 2.0): a REP socket on a random loopback port that echoes every message.
//   java -cp /usr/share/java/jeromq.jar ConformanceEcho.java
// Prints "ready PORT" when it listens; serves until killed.
import org.zeromq.ZMQ;

public class ConformanceEcho {
    public static void main(String[] args) throws Exception {
        ZMQ.Context ctx = ZMQ.context(1);
        ZMQ.Socket rep = ctx.socket(ZMQ.REP);
        int port = rep.bindToRandomPort("tcp://127.0.0.1");
        System.out.println("ready " + port);
        System.out.flush();
        while (true) {
            byte[] first = rep.recv(0);
            if (first == null)
                continue;
            java.util.List<byte[]> frames = new java.util.ArrayList<>();
            frames.add(first);
            while (rep.hasReceiveMore())
                frames.add(rep.recv(0));
            for (int i = 0; i < frames.size(); i++)
                rep.send(frames.get(i), i + 1 < frames.size() ? ZMQ.SNDMORE : 0);
        }
    }
}
