package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a receiver on the JDK's HTTP server, written from docs/webhooks.md alone (it
 * never calls {@link WebhookSignature}): signed, within the replay window, de-duplicated by id,
 * redelivered with the same id after a failure, through the outbox.
 */
class WebhooksTest {
  private static final String SECRET = "whsec-0123456789abcdef";
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);

  private final ManualClock clock = new ManualClock(AT);
  private final RecordingTransport email = new RecordingTransport(Medium.EMAIL);
  private final Receiver receiver = new Receiver();

  /** A request as the receiver got it. */
  record Request(Map<String, String> headers, String body, int answer) {}

  /** The receiver of docs/webhooks.md: check the window, the HMAC, then the id. */
  final class Receiver {
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final Set<String> handled = ConcurrentHashMap.newKeySet();
    final AtomicInteger failuresToAnswer = new AtomicInteger();
    HttpServer server;

    void start() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.createContext(
          "/hooks",
          exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
              body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String signature = exchange.getRequestHeaders().getFirst("Notify-Signature");
            String id = exchange.getRequestHeaders().getFirst("Notify-Webhook-Id");
            int answer;
            if (failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
              answer = 503;
            } else if (!authentic(signature, body, clock.instant())) {
              answer = 401;
            } else {
              handled.add(id); // a second time: already handled, still 200
              answer = 200;
            }
            requests.add(
                new Request(
                    Map.of(
                        "id", String.valueOf(id),
                        "event",
                            String.valueOf(exchange.getRequestHeaders().getFirst("Notify-Event")),
                        "signature", String.valueOf(signature),
                        "type",
                            String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"))),
                    body,
                    answer));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
          });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }
  }

  /** Steps 1 to 3 of the documentation, with the receiver's own code. */
  static boolean authentic(String header, String body, Instant now) {
    if (header == null) {
      return false;
    }
    String t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        t = part.substring(2);
      } else if (part.startsWith("v1=")) {
        v1 = part.substring(3);
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - Long.parseLong(t)) > Duration.ofMinutes(5).toSeconds()) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(
          HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII),
          v1.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeEach
  void start() throws IOException {
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.server.stop(0);
  }

  private Notifier notifier(Webhooks.Builder webhooks) {
    InMemoryDirectory directory =
        new InMemoryDirectory()
            .organizationCreatedOn(LocalDate.of(2019, 3, 1))
            .putUser(new UserAccount("bob", OLD, "bob@example.test"))
            .putUser(new UserAccount("carol", OLD, "carol@example.test"));
    return Notifier.builder()
        .directory(directory)
        .presence(new FixedPresence().set("bob", Presence.LOGGED_IN))
        .transport(email)
        .retry(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .clock(clock)
        .webhooks(webhooks.build())
        .build();
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|null)").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(2) == null ? "null" : m.group(2);
  }

  private void assign(Notifier n, String actionId) {
    n.publish(new ConversationAssigned(actionId, AT, "bob", "k1", "cust-1", "carol"));
  }

  @Test
  void aSentEmailIsPostedOnce_signed_withTheEventAndTheDelivery() {
    Notifier n = notifier(Webhooks.to(receiver.uri(), SECRET));
    assign(n, "k-42");
    n.deliverDue(); // the email, and in the same unit of work its event enqueued
    assertThat(email.delivered()).hasSize(1);
    n.deliverDue(); // the event
    n.deliverDue();
    assertThat(receiver.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.answer()).as("authentic within the window").isEqualTo(200);
              assertThat(r.headers().get("id")).isEqualTo("k-42/carol/webhook.email.sent");
              assertThat(r.headers().get("event")).isEqualTo("sent");
              assertThat(r.headers().get("type")).isEqualTo("application/json; charset=utf-8");
              assertThat(field(r.body(), "id")).isEqualTo("k-42/carol/webhook.email.sent");
              assertThat(field(r.body(), "event")).isEqualTo("sent");
              assertThat(field(r.body(), "delivery")).isEqualTo("k-42/carol/email");
              assertThat(field(r.body(), "action")).isEqualTo("k-42");
              assertThat(field(r.body(), "user")).isEqualTo("carol");
              assertThat(field(r.body(), "medium")).isEqualTo("email");
              assertThat(field(r.body(), "option")).isEqualTo("conversation.assigned");
              assertThat(field(r.body(), "occurredAt")).isEqualTo(AT.toString());
              assertThat(field(r.body(), "detail")).isEmpty();
            });
    // The event is an outbox entry like any other: its history says it was sent.
    assertThat(n.history().of("k-42/carol/webhook.email.sent"))
        .extracting(HistoryEvent::kind)
        .containsExactly(HistoryEvent.Kind.QUEUED, HistoryEvent.Kind.SENT);
  }

  @Test
  void aReceiverThatFails_getsTheSameEventAgain_signedAnew_andHandlesItOnce() {
    Notifier n = notifier(Webhooks.to(receiver.uri(), SECRET));
    receiver.failuresToAnswer.set(1);
    assign(n, "k-43");
    n.deliverDue();
    n.deliverDue(); // 503: retried in a second
    clock.advance(Duration.ofSeconds(2));
    n.deliverDue();
    assertThat(receiver.requests).hasSize(2);
    Request first = receiver.requests.get(0);
    Request second = receiver.requests.get(1);
    assertThat(first.answer()).isEqualTo(503);
    assertThat(second.answer()).isEqualTo(200);
    assertThat(second.headers().get("id")).isEqualTo(first.headers().get("id"));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().get("signature"))
        .as("signed again, with its own timestamp")
        .isNotEqualTo(first.headers().get("signature"));
    // Handled once: the receiver keeps one id for the two posts.
    assertThat(receiver.handled).containsExactly("k-43/carol/webhook.email.sent");
    assertThat(n.history().of("k-43/carol/webhook.email.sent"))
        .extracting(HistoryEvent::kind)
        .containsExactly(
            HistoryEvent.Kind.QUEUED, HistoryEvent.Kind.ATTEMPT_FAILED, HistoryEvent.Kind.SENT);
    assertThat(n.history().of("k-43/carol/webhook.email.sent").get(1).detail())
        .contains("HTTP 503");
  }

  @Test
  void aReplayOutsideTheWindow_orATamperedBody_isRefused_byTheReceiverAndByVerify() {
    Notifier n = notifier(Webhooks.to(receiver.uri(), SECRET));
    assign(n, "k-44");
    n.deliverDue();
    n.deliverDue();
    Request r = receiver.requests.get(0);
    String header = r.headers().get("signature");
    byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
    Duration window = Duration.ofMinutes(5);
    Instant now = clock.instant();
    assertThat(authentic(header, r.body(), now)).isTrue();
    assertThat(WebhookSignature.verify(key, header, r.body(), now, window)).isTrue();
    Instant later = now.plus(Duration.ofMinutes(6));
    assertThat(authentic(header, r.body(), later)).as("a replay six minutes later").isFalse();
    assertThat(WebhookSignature.verify(key, header, r.body(), later, window)).isFalse();
    Instant earlier = now.minus(Duration.ofMinutes(6));
    assertThat(WebhookSignature.verify(key, header, r.body(), earlier, window)).isFalse();
    String tampered = r.body().replace("carol", "carlo");
    assertThat(authentic(header, tampered, now)).isFalse();
    assertThat(WebhookSignature.verify(key, header, tampered, now, window)).isFalse();
    byte[] otherKey = "another-secret-0123".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSignature.verify(otherKey, header, r.body(), now, window)).isFalse();
    assertThat(WebhookSignature.verify(key, "t=abc,v1=zz", r.body(), now, window)).isFalse();
    assertThat(WebhookSignature.verify(key, null, r.body(), now, window)).isFalse();
  }

  @Test
  void aDeadLetterIsPostedWithItsCause_andAReceiverThatRefusesMakesTheEventADeadLetter() {
    Notifier n = notifier(Webhooks.to(receiver.uri(), SECRET));
    email.failNext(TransportException.Kind.PERMANENT);
    assign(n, "k-45");
    n.deliverDue();
    assertThat(n.deadLetters(0, 10)).extracting(d -> d.id()).containsExactly("k-45/carol/email");
    n.deliverDue();
    assertThat(receiver.requests)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(field(r.body(), "event")).isEqualTo("dead_letter");
              assertThat(field(r.body(), "delivery")).isEqualTo("k-45/carol/email");
              assertThat(field(r.body(), "detail")).startsWith("PERMANENT: ");
            });
    // A receiver that answers 401 (a wrong secret) refuses every retry: a dead letter at once.
    Notifier wrong = notifier(Webhooks.to(receiver.uri(), "not-the-secret-at-all"));
    assign(wrong, "k-46");
    wrong.deliverDue();
    wrong.deliverDue();
    assertThat(receiver.requests).hasSize(2);
    assertThat(receiver.requests.get(1).answer()).isEqualTo(401);
    assertThat(wrong.deadLetters(0, 10))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo("k-46/carol/webhook.email.sent");
              assertThat(d.kind()).isEqualTo(TransportException.Kind.PERMANENT);
              assertThat(d.message()).contains("HTTP 401");
            });
    // No event about an event.
    assertThat(receiver.requests).hasSize(2);
    wrong.deliverDue();
    assertThat(receiver.requests).hasSize(2);
  }

  @Test
  void onlyTheEventsAsked_arePosted() {
    Notifier n =
        notifier(Webhooks.to(receiver.uri(), SECRET).events(HistoryEvent.Kind.DEAD_LETTER));
    assign(n, "k-47");
    n.deliverDue();
    n.deliverDue();
    assertThat(email.delivered()).hasSize(1);
    assertThat(receiver.requests).isEmpty();
  }

  @Test
  void theBuilderRefusesWhatCannotWork_andNeverPrintsTheSecret() {
    URI uri = receiver.uri();
    assertThatThrownBy(() -> Webhooks.to(URI.create("ftp://example.test/x"), SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"ftp://example.test/x\"");
    assertThatThrownBy(() -> Webhooks.to(URI.create("/relative"), SECRET))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Webhooks.to(uri, "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 characters, got 5")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> Webhooks.to(uri, SECRET).events(HistoryEvent.Kind.QUEUED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("QUEUED");
    assertThatThrownBy(() -> Webhooks.to(uri, SECRET).timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Webhooks.to(null, SECRET))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("endpoint cannot be null");
    assertThat(Webhooks.to(uri, SECRET).build().toString()).doesNotContain(SECRET);
  }
}
