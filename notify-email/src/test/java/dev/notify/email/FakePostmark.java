package dev.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The JDK's HTTP server playing a Postmark-compatible API on a free local port: it records every
 * request and answers from a script of handlers (the last one repeats).
 */
final class FakePostmark implements AutoCloseable {
  record Request(String path, String token, JsonNode body) {}

  record Answer(int status, String body, long delayMillis) {
    static Answer of(int status, String body) {
      return new Answer(status, body, 0);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Deque<Function<Request, Answer>> script = new ArrayDeque<>();

  FakePostmark() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-postmark");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The next requests are answered by these, in order; the last one answers every later request.
   */
  synchronized FakePostmark answer(Function<Request, Answer>... handlers) {
    script.addAll(List.of(handlers));
    return this;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] in = ex.getRequestBody().readAllBytes();
    Request req =
        new Request(
            ex.getRequestURI().getPath(),
            ex.getRequestHeaders().getFirst("X-Postmark-Server-Token"),
            in.length == 0 ? null : JSON.readTree(in));
    requests.add(req);
    Function<Request, Answer> h;
    synchronized (this) {
      h = script.size() > 1 ? script.pollFirst() : script.peekFirst();
    }
    Answer a = h == null ? Answer.of(500, "{}") : h.apply(req);
    if (a.delayMillis() > 0) {
      try {
        Thread.sleep(a.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    try {
      ex.sendResponseHeaders(a.status(), out.length);
      ex.getResponseBody().write(out);
    } catch (IOException e) {
      // the client gave up (timeout test)
    }
    ex.close();
  }

  static String ok(String id) {
    return "{\"To\":\"x\",\"SubmittedAt\":\"2024-05-01T09:00:00Z\",\"MessageID\":\""
        + id
        + "\",\"ErrorCode\":0,\"Message\":\"OK\"}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
