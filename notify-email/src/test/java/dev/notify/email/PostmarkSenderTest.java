package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.notify.email.FakePostmark.Answer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Postmark sender against the JDK's HTTP server playing the API. */
class PostmarkSenderTest {
  private final FakePostmark api;
  private final PostmarkSender sender;

  PostmarkSenderTest() throws Exception {
    api = new FakePostmark();
    sender =
        new PostmarkSender(
            new PostmarkConfig(
                api.url(),
                "server-token-1",
                "outbound",
                Duration.ofSeconds(2),
                Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  static OutboundEmail mail(String id, String to) {
    return OutboundEmail.builder()
        .id(id)
        .from(EmailAddress.of("notify@example.test", "Help Desk"))
        .to(EmailAddress.of(to))
        .subject("s " + id)
        .text("t")
        .html("<p>h</p>")
        .header("Message-ID", "<" + id + "@example.test>")
        .build();
  }

  @Test
  void single_postsTheApiFieldsWithTheToken() {
    api.answer(r -> Answer.of(200, FakePostmark.ok("pm-1")));
    SendResult r = sender.send(mail("m1", "alice@example.test"));
    assertThat(r.sent()).isTrue();
    assertThat(r.providerId()).isEqualTo("pm-1");
    FakePostmark.Request req = api.requests().get(0);
    assertThat(req.path()).isEqualTo("/email");
    assertThat(req.token()).isEqualTo("server-token-1");
    assertThat(req.body().get("From").asText()).isEqualTo("\"Help Desk\" <notify@example.test>");
    assertThat(req.body().get("To").asText()).isEqualTo("alice@example.test");
    assertThat(req.body().get("HtmlBody").asText()).isEqualTo("<p>h</p>");
    assertThat(req.body().get("MessageStream").asText()).isEqualTo("outbound");
    assertThat(req.body().get("Headers").get(0).get("Name").asText()).isEqualTo("Message-ID");
  }

  @Test
  void batch_readsPerMessageErrorCodesOf200() {
    api.answer(
        r ->
            Answer.of(
                200,
                "["
                    + FakePostmark.ok("pm-1")
                    + ","
                    + "{\"ErrorCode\":406,\"Message\":\"You tried to send to a recipient that has been marked as inactive. Found inactive addresses: bounced@example.test. Inactive recipients are ones that have generated a hard bounce or a spam complaint.\"},"
                    + "{\"ErrorCode\":300,\"Message\":\"Invalid 'To' address.\"}]"));
    List<SendResult> r =
        sender.send(
            List.of(
                mail("m1", "a@example.test"),
                mail("m2", "bounced@example.test"),
                mail("m3", "c@example.test")));
    assertThat(api.requests())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.path()).isEqualTo("/email/batch");
              assertThat(q.body().size()).isEqualTo(3);
            });
    assertThat(r)
        .extracting(SendResult::status)
        .containsExactly(
            SendResult.Status.SENT, SendResult.Status.PERMANENT, SendResult.Status.PERMANENT);
    assertThat(r).extracting(SendResult::errorCode).containsExactly(0, 406, 300);
    assertThat(sender.suppressions().addresses()).containsExactly("bounced@example.test");
  }

  @Test
  void inactiveRecipient422_isSuppressedAndNotSentAgain() {
    api.answer(
        r ->
            Answer.of(
                422,
                "{\"ErrorCode\":406,\"Message\":\"You tried to send to recipients that have all been marked as inactive.\"}"));
    assertThat(sender.send(mail("m1", "gone@example.test")).status())
        .isEqualTo(SendResult.Status.PERMANENT);
    assertThat(sender.suppressions().contains(EmailAddress.of("gone@example.test"))).isTrue();
    SendResult again = sender.send(mail("m2", "gone@example.test"));
    assertThat(again.status()).isEqualTo(SendResult.Status.PERMANENT);
    assertThat(api.requests()).hasSize(1); // the second one never left
  }

  @Test
  void invalidRequest422_isPermanent() {
    api.answer(r -> Answer.of(422, "{\"ErrorCode\":300,\"Message\":\"Invalid email request\"}"));
    SendResult r = sender.send(mail("m1", "a@example.test"));
    assertThat(r.status()).isEqualTo(SendResult.Status.PERMANENT);
    assertThat(r.errorCode()).isEqualTo(300);
  }

  @Test
  void badToken401_isPermanent() {
    api.answer(r -> Answer.of(401, "{\"ErrorCode\":10,\"Message\":\"Bad or missing API token\"}"));
    assertThat(sender.send(mail("m1", "a@example.test")).status())
        .isEqualTo(SendResult.Status.PERMANENT);
  }

  @Test
  void tooLarge413_isPermanent() {
    api.answer(r -> Answer.of(413, ""));
    assertThat(sender.send(mail("m1", "a@example.test")).status())
        .isEqualTo(SendResult.Status.PERMANENT);
  }

  @Test
  void rateLimited429_isTransient() {
    // Retrying is the notifier's (one retry loop, in its workers): the sender classifies.
    api.answer(r -> Answer.of(429, "{\"ErrorCode\":429,\"Message\":\"Rate limit exceeded\"}"));
    assertThat(sender.send(mail("m1", "a@example.test")).status())
        .isEqualTo(SendResult.Status.TRANSIENT);
  }

  @Test
  void serverErrors_areTransient() {
    api.answer(r -> Answer.of(500, "{}"), r -> Answer.of(503, "{}"));
    assertThat(sender.send(mail("m1", "a@example.test")).status())
        .isEqualTo(SendResult.Status.TRANSIENT);
    assertThat(sender.send(mail("m2", "a@example.test")).status())
        .isEqualTo(SendResult.Status.TRANSIENT);
  }

  @Test
  void serverThatNeverAnswers_isUnknown() {
    api.answer(r -> new Answer(200, FakePostmark.ok("late"), 5_000));
    PostmarkSender impatient =
        new PostmarkSender(
            new PostmarkConfig(
                api.url(), "t", "outbound", Duration.ofSeconds(1), Duration.ofMillis(500)));
    SendResult r = impatient.send(mail("m1", "a@example.test"));
    assertThat(r.status()).isEqualTo(SendResult.Status.UNKNOWN);
    assertThat(api.requests()).hasSize(1);
  }

  @Test
  void bigBatch_isSplitInCallsOfAtMostFiveHundred() {
    api.answer(
        r -> {
          StringBuilder b = new StringBuilder("[");
          for (int i = 0; i < r.body().size(); i++) {
            b.append(i == 0 ? "" : ",").append(FakePostmark.ok("pm-" + i));
          }
          return Answer.of(200, b.append("]").toString());
        });
    List<OutboundEmail> many = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      many.add(mail("m" + i, "u" + i + "@example.test"));
    }
    assertThat(sender.send(many)).hasSize(1200).allMatch(SendResult::sent);
    assertThat(api.requests()).extracting(q -> q.body().size()).containsExactly(500, 500, 200);
  }

  @Test
  void bccOnlyMessage_neverExceedsFiftyRecipientsAtPostmark() {
    api.answer(r -> Answer.of(200, "[" + FakePostmark.ok("a") + "," + FakePostmark.ok("b") + "]"));
    List<EmailAddress> to = new ArrayList<>();
    for (int i = 0; i < 98; i++) {
      to.add(EmailAddress.of("agent" + i + "@example.test"));
    }
    OutboundEmail template = mail("shared", "x@example.test");
    SendResult tooMany = sender.send(SharedMessages.chunk(template, to.subList(0, 50), 50).get(0));
    assertThat(tooMany.status()).isEqualTo(SendResult.Status.PERMANENT);
    assertThat(tooMany.detail()).contains("49");
    assertThat(api.requests()).isEmpty();

    assertThat(sender.send(SharedMessages.chunk(template, to, 49))).allMatch(SendResult::sent);
    FakePostmark.Request batch = api.requests().get(0);
    for (var message : batch.body()) {
      int recipients =
          message.get("To").asText().split(",").length
              + message.get("Bcc").asText().split(",").length;
      assertThat(recipients).isLessThanOrEqualTo(50);
    }
  }

  @Test
  void refusedConnection_isTransient() throws Exception {
    URI closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    PostmarkSender nowhere =
        new PostmarkSender(
            PostmarkConfig.of("t")
                .withBaseUrl(closed)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    assertThat(nowhere.send(mail("m1", "a@example.test")).status())
        .isEqualTo(SendResult.Status.TRANSIENT);
  }

  @Test
  void a200WithoutAnErrorCode_isUnknown_notPermanent() {
    api.answer(r -> Answer.of(200, "{\"Message\":\"OK\"}"));
    assertThat(sender.send(mail("m1", "a@example.test")).status())
        .isEqualTo(SendResult.Status.UNKNOWN);
  }

  @Test
  void a408_isTransient() {
    api.answer(r -> Answer.of(408, "{}"));
    assertThat(sender.send(mail("m1", "a@example.test")).status())
        .isEqualTo(SendResult.Status.TRANSIENT);
  }

  @Test
  void aCcOnlyMessage_isAddressedToItsSender_neverToAnEmptyTo() throws Exception {
    api.answer(r -> Answer.of(200, FakePostmark.ok("pm-1")));
    OutboundEmail ccOnly =
        OutboundEmail.builder()
            .id("n1")
            .from(EmailAddress.of("notify@example.test"))
            .cc(EmailAddress.of("a@example.test"))
            .subject("s")
            .text("t")
            .build();
    assertThat(sender.send(ccOnly).sent()).isTrue();
    assertThat(api.requests().get(0).body().get("To").asText()).isEqualTo("notify@example.test");
    assertThat(api.requests().get(0).body().get("Cc").asText()).isEqualTo("a@example.test");
  }

  @Test
  @Timeout(120) // a hang guard only: generous for a loaded machine
  void aBodyDrippedByteByByte_endsAtTheDeadlineAsUnknown_neverSent() throws Exception {
    // Regression: a 2 s request whose answer dripped for 13 s was held 13 s, then called SENT.
    HttpServer drip = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    drip.createContext(
        "/email",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] ok = FakePostmark.ok("late").getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, ok.length);
          try (var out = ex.getResponseBody()) {
            for (byte b : ok) {
              out.write(b);
              out.flush();
              Thread.sleep(300);
            }
          } catch (InterruptedException | IOException e) {
            // the client gave up
          }
        });
    drip.setExecutor(Executors.newCachedThreadPool());
    drip.start();
    try {
      PostmarkSender impatient =
          new PostmarkSender(
              new PostmarkConfig(
                  URI.create("http://127.0.0.1:" + drip.getAddress().getPort()),
                  "t",
                  "outbound",
                  Duration.ofMillis(500),
                  Duration.ofSeconds(1)));
      SendResult r = impatient.send(mail("m1", "a@example.test"));
      assertThat(r.status()).isEqualTo(SendResult.Status.UNKNOWN);
      assertThat(r.detail()).contains("no complete answer within");
    } finally {
      drip.stop(0);
    }
  }
}
