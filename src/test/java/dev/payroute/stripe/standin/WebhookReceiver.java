package dev.payroute.stripe.standin;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny webhook endpoint for tests: records every POST and answers 200 unless told otherwise. */
final class WebhookReceiver implements AutoCloseable {
  record Received(String payload, String signature, String contentType, String userAgent, int answeredStatus) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/webhooks", exchange -> {
      String payload = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int status = nextStatus();
      received.add(new Received(
          payload,
          exchange.getRequestHeaders().getFirst("Stripe-Signature"),
          exchange.getRequestHeaders().getFirst("Content-Type"),
          exchange.getRequestHeaders().getFirst("User-Agent"),
          status));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
  }

  /** The next answers, in order; after them the receiver answers 200 again. */
  synchronized void respondNext(int... statuses) {
    for (int status : statuses) {
      scriptedStatuses.addLast(status);
    }
  }

  private synchronized int nextStatus() {
    Integer scripted = scriptedStatuses.pollFirst();
    return scripted == null ? 200 : scripted;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
