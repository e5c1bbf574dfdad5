package dev.payroute.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on a loopback port, forwarding to a target (the machine's shared RabbitMQ or PostgreSQL),
 * that a test can cut in two ways while the target itself runs on:
 * <ul>
 *   <li>{@link #stop()} closes the listener and every open connection, so clients lose their
 *       connections and new ones are refused, like a server that went away; {@link #start()} listens
 *       again on the same port;</li>
 *   <li>{@link #blackhole()} closes nothing but forwards nothing: open connections stop passing bytes
 *       either way and new ones are accepted and then left without an answer, like a network that
 *       drops packets; {@link #restore()} lets the held bytes through again, like a healed network.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String targetHost;
    private final int targetPort;
    private final List<Socket> open = new ArrayList<>();
    private int port;
    private ServerSocket listener;
    private boolean blackholed;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A proxy listening on a free loopback port. */
    public static TcpProxy start(String targetHost, int targetPort) throws IOException {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort);
        proxy.start();
        return proxy;
    }

    public synchronized int port() {
        return port;
    }

    public synchronized boolean running() {
        return listener != null;
    }

    /** Listens (again) on the proxy's port. */
    public synchronized void start() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        // The port's closed connections linger in TIME_WAIT; without this the listener could not come back.
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(LOOPBACK, port));
        port = socket.getLocalPort();
        listener = socket;
        daemon("tcp-proxy-accept-" + port, () -> accept(socket));
    }

    /** Closes the listener and every connection through it: new connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (listener == null) {
            return;
        }
        closeQuietly(listener);
        listener = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
        notifyAll();
    }

    /** From now on no byte passes and new connections get no answer; nothing is closed. */
    public synchronized void blackhole() {
        blackholed = true;
    }

    /** Ends {@link #blackhole()}: what was held back is forwarded, new connections reach the target. */
    public synchronized void restore() {
        blackholed = false;
        notifyAll();
    }

    /** Holds the calling pump or acceptor while the proxy is blackholed (until the socket or the proxy closes). */
    private synchronized void awaitForwarding(Socket socket) throws InterruptedIOException {
        while (blackholed && listener != null && !socket.isClosed()) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while blackholed");
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocket socket) {
        while (true) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return;
            }
            Socket upstream = new Socket();
            try {
                // A connection made while blackholed waits here, accepted but unanswered; later ones wait in the backlog.
                awaitForwarding(client);
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            if (!register(socket, client, upstream)) {
                return;
            }
            daemon("tcp-proxy-up-" + port, () -> pump(client, upstream));
            daemon("tcp-proxy-down-" + port, () -> pump(upstream, client));
        }
    }

    // A connection accepted while stop() ran is closed at once.
    private synchronized boolean register(ServerSocket socket, Socket client, Socket upstream) {
        if (listener != socket) {
            closeQuietly(client);
            closeQuietly(upstream);
            return false;
        }
        open.add(client);
        open.add(upstream);
        return true;
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitForwarding(from);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException closed) {
            // One side went away: the other one goes too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            synchronized (this) {
                open.remove(from);
                open.remove(to);
            }
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
