package dev.notify.examples.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.notify.action.ConversationAssigned;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.UserAccount;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** README's email wiring sends real mail, and README still shows that code. */
class EmailWiringExampleTest {
  private static final ConversationAssigned ASSIGNED =
      new ConversationAssigned(
          "a-1", Instant.parse("2024-05-06T10:00:00Z"), "bob", "k-1", "cust-1", "alice");

  private static InMemoryDirectory directory() {
    LocalDate d = LocalDate.of(2023, 1, 1);
    return new InMemoryDirectory()
        .organizationCreatedOn(d)
        .putUser(new UserAccount("alice", d, "alice@example.test"));
  }

  @Test
  void smtpWiring_sendsToTheServer() throws Exception {
    GreenMail server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    try {
      Notifier n =
          EmailWiringExample.overSmtp(directory(), "127.0.0.1", server.getSmtp().getPort());
      assertThat(n.publish(ASSIGNED).enqueued()).hasSize(1);
      assertThat(n.deliverDue()).isEqualTo(1);
      assertThat(n.deadLetters(0, 10)).isEmpty();
      assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
      assertThat(server.getReceivedMessages()[0].getSubject())
          .isEqualTo("bob assigned you conversation k-1");
    } finally {
      server.stop();
    }
  }

  @Test
  void postmarkWiring_postsToTheApi() throws Exception {
    List<String> tokens = new CopyOnWriteArrayList<>();
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/email",
        ex -> {
          tokens.add(ex.getRequestHeaders().getFirst("X-Postmark-Server-Token"));
          ex.getRequestBody().readAllBytes();
          byte[] ok =
              "{\"ErrorCode\":0,\"Message\":\"OK\",\"MessageID\":\"pm-1\"}"
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, ok.length);
          ex.getResponseBody().write(ok);
          ex.close();
        });
    api.start();
    try {
      EmailWiringExample.PostmarkWiring w =
          EmailWiringExample.overPostmark(
              directory(),
              URI.create("http://127.0.0.1:" + api.getAddress().getPort()),
              "token-42");
      assertThat(w.notifier().publish(ASSIGNED).enqueued()).hasSize(1);
      assertThat(w.notifier().deliverDue()).isEqualTo(1);
      assertThat(w.notifier().deadLetters(0, 10)).isEmpty();
      assertThat(tokens).containsExactly("token-42");
      assertThat(w.suppressedAtStart()).isZero();
    } finally {
      api.stop(0);
    }
  }

  @Test
  void readme_showsThisCode() throws Exception {
    String source =
        Files.readString(
            Path.of("src/main/java/dev/notify/examples/adapters/EmailWiringExample.java"));
    String readme = Files.readString(Path.of("../README.md"));
    for (String part : List.of("smtp", "postmark")) {
      String begin = "// README:" + part + ":begin";
      String snippet =
          source.substring(
              source.indexOf(begin) + begin.length(),
              source.indexOf("    // README:" + part + ":end"));
      assertThat(readme).as(part).contains(snippet.stripTrailing().stripIndent().strip());
    }
  }
}
