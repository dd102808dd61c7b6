package dev.notify.examples.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.notify.catalog.Presence;
import dev.notify.engine.Decision;
import dev.notify.memory.FixedPresence;
import dev.notify.pipeline.PublishResult;
import dev.notify.pipeline.Transports;
import dev.notify.settings.Layer;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every worked example of a custom adapter runs, and does what its javadoc says. */
class AdaptersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void customChannel_inheritsOptionWideSettings() {
    PublishResult r = CustomChannelExample.run();
    assertThat(r.inApp()).extracting(Delivery::id).containsExactly("wa-1/alice/in_app");
    assertThat(r.inApp().get(0).reason().layer()).isEqualTo(Layer.OPTION_SETTING);
  }

  /**
   * A started SMS gateway on a free port that accepts every POST to {@code /sms} into {@code
   * received}.
   */
  private static HttpServer smsGateway(List<JsonNode> received) throws IOException {
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/sms",
        ex -> {
          received.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(202, -1);
          ex.close();
        });
    gateway.start();
    return gateway;
  }

  @Test
  void customMedium_postsToTheWebhook() throws IOException {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer gateway = smsGateway(received);
    try {
      CustomMediumExample.Result r =
          CustomMediumExample.run(
              URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms"));
      assertThat(r.deadLetters()).isEmpty();
      assertThat(r.published().enqueued()).extracting(Delivery::id).contains("n-1/alice/sms");
      assertThat(r.claimed()).isEqualTo(1);
      assertThat(received)
          .singleElement()
          .satisfies(
              body -> {
                assertThat(body.get("user").asText()).isEqualTo("alice");
                assertThat(body.get("option").asText()).isEqualTo("note.mentioned");
              });
    } finally {
      gateway.stop(0);
    }
  }

  @Test
  void customMedium_aDownGatewayIsRetriedLater() throws IOException {
    URI closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/sms");
    }
    // A refused connection is transient: the entry waits for its retry, nothing is lost.
    CustomMediumExample.Result r = CustomMediumExample.run(closed);
    assertThat(r.claimed()).isEqualTo(1);
    assertThat(r.deadLetters()).isEmpty();
    assertThat(r.published().enqueued()).extracting(Delivery::id).containsExactly("n-1/alice/sms");
  }

  @Test
  void officeHoursPresence_logsEveryoneOutAfterHours() {
    FixedPresence inside = new FixedPresence().set("alice", Presence.LOGGED_IN);
    ZoneId paris = ZoneId.of("Europe/Paris");
    OfficeHoursPresence at10 =
        new OfficeHoursPresence(
            inside,
            Clock.fixed(Instant.parse("2024-05-06T08:00:00Z"), ZoneOffset.UTC),
            paris,
            LocalTime.of(9, 0),
            LocalTime.of(18, 0));
    OfficeHoursPresence at21 =
        new OfficeHoursPresence(
            inside,
            Clock.fixed(Instant.parse("2024-05-06T19:00:00Z"), ZoneOffset.UTC),
            paris,
            LocalTime.of(9, 0),
            LocalTime.of(18, 0));
    assertThat(at10.presence("alice")).isEqualTo(Presence.LOGGED_IN);
    assertThat(at21.presence("alice")).isEqualTo(Presence.LOGGED_OUT);
  }

  @Test
  void serviceLoader_findsTheWebhookAndTheEmailTransports_andTheBuilderWiresThem()
      throws IOException {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer gateway = smsGateway(received);
    try {
      Transports.Discovery d =
          Transports.discover(
              Map.of(
                  "notify.webhook.url",
                  "http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms",
                  "notify.email.from",
                  "notify@example.test",
                  "notify.email.smtp.host",
                  "127.0.0.1",
                  "notify.email.smtp.security",
                  "NONE"),
              getClass().getClassLoader());
      assertThat(d.failures()).isEmpty();
      assertThat(d.transports())
          .extracting(t -> t.medium().id())
          .containsExactlyInAnyOrder("sms", "email");
      Transport sms =
          d.transports().stream()
              .filter(t -> t.medium().id().equals("sms"))
              .findFirst()
              .orElseThrow();
      CustomMediumExample.Result r = CustomMediumExample.run(sms);
      assertThat(r.published().enqueued()).extracting(Delivery::id).contains("n-1/alice/sms");
      assertThat(r.deadLetters()).isEmpty();
      assertThat(received)
          .singleElement()
          .satisfies(body -> assertThat(body.get("user").asText()).isEqualTo("alice"));
    } finally {
      gateway.stop(0);
    }
  }

  @Test
  void engineExample_explainsAsReadmeSays() throws IOException {
    Decision d = EngineExample.run();
    String readme = Files.readString(Path.of("../README.md"));
    for (String line : d.explain().split("\n")) {
      assertThat(readme).contains("// " + line);
    }
    String source =
        Files.readString(Path.of("src/main/java/dev/notify/examples/adapters/EngineExample.java"));
    String snippet =
        source.substring(
            source.indexOf("// README:engine:begin") + "// README:engine:begin".length(),
            source.indexOf("    // README:engine:end"));
    assertThat(readme).contains(snippet.stripTrailing().stripIndent().strip());
  }

  @Test
  void embeddingExample_runsAndIsWhatReadmeShows() throws IOException {
    PublishResult r = EmbeddingExample.run();
    assertThat(r.inApp()).extracting(Delivery::id).containsExactly("evt-1/alice/in_app");
    // No email transport: email is not offered, so not decided, not queued, no dead letter.
    assertThat(r.skipped())
        .extracting(s -> s.userId() + " " + s.decision().reason().outcome())
        .contains("alice NOT_OFFERED");
    assertThat(r.enqueued()).isEmpty();

    String source =
        Files.readString(
            Path.of("src/main/java/dev/notify/examples/adapters/EmbeddingExample.java"));
    String snippet =
        source.substring(
            source.indexOf("// README:begin") + "// README:begin".length(),
            source.indexOf("    // README:end"));
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme)
        .as("README's embedding snippet is EmbeddingExample's code")
        .contains(snippet.stripTrailing().stripIndent().strip());
  }
}
