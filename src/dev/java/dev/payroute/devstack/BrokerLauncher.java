package dev.payroute.devstack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of the broker's child JVM: {@code BrokerLauncher <main class> <args...>}. It watches
 * the JVM that started it (system property {@value #PARENT_PID}) and exits when that one is gone,
 * so a broker does not outlive even a SIGKILLed parent, then runs the Kafka main class.
 *
 * <p>KafkaBroker copies this class file alone onto the broker's classpath: it must use nothing
 * but the JDK (no Kafka types at compile time, no nested or anonymous classes).
 */
public final class BrokerLauncher {

    static final String PARENT_PID = "payroute.parent.pid";

    private static final long POLL_MILLIS = 1_000;
    // Kafka's shutdown hook normally finishes in a few seconds; past this the JVM is halted.
    private static final long EXIT_GRACE_MILLIS = 30_000;

    private BrokerLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: BrokerLauncher <main class> [args...]");
            System.exit(2);
        }
        String parentPid = System.getProperty(PARENT_PID);
        if (parentPid != null && !parentPid.isBlank()) {
            watchParent(Long.parseLong(parentPid.trim()));
        }
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void watchParent(long pid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println("payroute: parent process " + pid + " is gone; not starting");
            System.exit(1);
        }
        Thread watcher = new Thread(() -> {
            while (parent.get().isAlive()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            System.err.println("payroute: parent process " + pid + " is gone; stopping the broker");
            haltAfterGrace();
            System.exit(0);
        }, "payroute-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    // System.exit runs Kafka's shutdown hook; should that hang, this daemon thread ends the JVM anyway.
    private static void haltAfterGrace() {
        Thread halter = new Thread(() -> {
            try {
                Thread.sleep(EXIT_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(1);
        }, "payroute-exit-grace");
        halter.setDaemon(true);
        halter.start();
    }
}
