package dev.notify.examples.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import dev.notify.testkit.kit.TransportCompatibilityKit;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The worked webhook transport passes the transport kit against the JDK's HTTP server. */
class WebhookTransportKitTest extends TransportCompatibilityKit {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/ok",
        ex -> {
          received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    server.createContext(
        "/broken",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(503, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Override
  protected Transport createTransport() {
    return new WebhookTransport(Medium.of("sms"), url("/ok"), Duration.ofSeconds(2));
  }

  @Override
  protected Transport createBrokenTransport() {
    return new WebhookTransport(Medium.of("sms"), url("/broken"), Duration.ofSeconds(2));
  }

  @Override
  protected boolean arrived(Delivery delivery) {
    return received.stream().anyMatch(n -> n.get("delivery").asText().equals(delivery.id()));
  }
}
