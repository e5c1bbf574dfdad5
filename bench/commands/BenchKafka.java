import dev.payroute.devstack.KafkaBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's Kafka broker: a real single-node Kafka 4.3.1 broker (KRaft) started with the project's
 * own launcher, dev.payroute.devstack.KafkaBroker, in a fresh temporary data directory.
 *
 * <pre>
 * java -cp "target/payroute.jar:target/payroute-dev.jar:target/lib/*" bench/commands/BenchKafka.java &lt;project dir&gt; &lt;info file&gt; [heap]
 * </pre>
 *
 * Once the broker answers, writes {@code bootstrap=127.0.0.1:<port>} and {@code pid=<broker pid>} to the
 * info file (written to a temporary name, then moved, so a reader never sees half of it) and stays up
 * until it gets SIGTERM or SIGINT: KafkaBroker's shutdown hook then stops the broker (SIGTERM, SIGKILL
 * after 30 s) and deletes its data directory. A SIGKILLed wrapper is covered too: the broker's launcher
 * watches this JVM's pid and stops the broker when it is gone.
 */
public final class BenchKafka {

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: BenchKafka <project dir> <info file> [heap, default 256m]");
            System.exit(2);
        }
        Path projectDir = Path.of(args[0]).toAbsolutePath().normalize();
        Path info = Path.of(args[1]).toAbsolutePath();
        String heap = args.length > 2 ? args[2] : "256m";
        KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults().projectDir(projectDir).heap(heap));
        Path tmp = info.resolveSibling(info.getFileName() + ".tmp");
        Files.writeString(tmp, "bootstrap=" + broker.bootstrapServers() + "\npid=" + broker.pid() + "\n");
        Files.move(tmp, info, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("kafka ready: bootstrap=" + broker.bootstrapServers() + " pid=" + broker.pid()
                + " data=" + broker.dataDir());
        // Until SIGTERM/SIGINT: the JVM then runs KafkaBroker's shutdown hook, which stops the broker.
        new CountDownLatch(1).await();
    }
}
