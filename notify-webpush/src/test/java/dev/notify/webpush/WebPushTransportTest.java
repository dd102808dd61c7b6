package dev.notify.webpush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryPushSubscriptions;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.Layer;
import dev.notify.spi.Delivery;
import dev.notify.spi.PushSubscription;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport against a push service on loopback written here from RFC 8030: it checks the VAPID
 * header, decrypts each message with the subscription's private key and answers as told.
 */
class WebPushTransportTest {
  private static final Instant AT = Instant.parse("2026-12-06T12:00:00Z");

  /** A message as the push service received it. */
  record Received(String path, Map<String, String> headers, String plaintext, boolean signed) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, PushReceiver> browsers = new ConcurrentHashMap<>();
  private final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private final InMemoryPushSubscriptions subscriptions = new InMemoryPushSubscriptions();
  private final Vapid vapid =
      Vapid.of(WebPushEncryption.newKeyPair(), "mailto:ops@helpdesk.example");
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/push/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          byte[] body;
          try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
          }
          String plaintext;
          try {
            plaintext = browsers.get(path).decrypt(body);
          } catch (Exception e) {
            plaintext = "undecryptable: " + e;
          }
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          boolean signed;
          try {
            signed = auth != null && VapidTest.verifies(auth);
          } catch (Exception e) {
            signed = false;
          }
          Map<String, String> h = new ConcurrentHashMap<>();
          for (String k : List.of("TTL", "Urgency", "Topic", "Content-Encoding", "Authorization")) {
            String v = ex.getRequestHeaders().getFirst(k);
            if (v != null) {
              h.put(k, v);
            }
          }
          received.add(new Received(path, h, plaintext, signed));
          int status = answers.getOrDefault(path, 201);
          if (status == 429) {
            ex.getResponseHeaders().add("Retry-After", "120");
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private PushSubscription subscribe(String user, String name) {
    PushReceiver browser = PushReceiver.generate();
    String path = "/push/" + name;
    browsers.put(path, browser);
    PushSubscription s =
        new PushSubscription(
            user,
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
            browser.p256dh(),
            browser.auth(),
            AT);
    subscriptions.subscribe(s);
    return s;
  }

  private WebPushTransport transport() {
    return WebPushTransport.builder(subscriptions, vapid)
        .urgent(Set.of("note.mentioned"))
        .link(d -> "/app#conversation=" + d.action().conversationIfAny().orElse(""))
        .build();
  }

  private static Delivery mention(String to, String option, String text) {
    NotificationOption o = Catalog.standard().requireOption(option);
    return new Delivery(
        new NoteAdded("n-1", AT, "bob", "k-7", "cust-1", null, Set.of(to), Set.of(), text),
        new UserAccount(to, null, null),
        WebPushTransport.WEB_PUSH,
        o,
        false,
        null,
        new Reason(Outcome.DELIVERED, o, Frequency.ALWAYS, Layer.OPTION_SETTING, null, null));
  }

  @Test
  void eachBrowserGetsTheMessage_encryptedToIt_signed_withTtlUrgencyAndTopic() {
    subscribe("carol", "laptop");
    subscribe("carol", "phone");
    subscribe("dave", "other");
    transport().deliver(mention("carol", "note.mentioned", "see \"this\""));
    assertThat(received)
        .hasSize(2)
        .extracting(Received::path)
        .containsExactlyInAnyOrder("/push/laptop", "/push/phone");
    for (Received r : received) {
      assertThat(r.signed()).as("VAPID verifies").isTrue();
      assertThat(r.headers())
          .containsEntry("Content-Encoding", "aes128gcm")
          .containsEntry("TTL", "86400")
          .containsEntry("Urgency", "high")
          .containsEntry("Topic", WebPushTransport.topic("conversation:k-7"));
      assertThat(r.headers().get("Topic")).hasSize(32).matches("[A-Za-z0-9_-]+");
      assertThat(r.plaintext())
          .startsWith("{\"title\":\"I'm mentioned in a note\"")
          .contains("\"url\":\"/app#conversation=k-7\"")
          .contains("\"tag\":\"conversation:k-7\"")
          .contains("\"id\":\"n-1/carol/web_push\"")
          .endsWith("\"}");
    }
  }

  @Test
  void aGoneSubscription_isRemoved_andTheOthersStillGetIt() {
    subscribe("carol", "gone");
    subscribe("carol", "missing");
    subscribe("carol", "fine");
    answers.put("/push/gone", 410);
    answers.put("/push/missing", 404);
    transport().deliver(mention("carol", "note.added", "hello"));
    assertThat(subscriptions.of("carol"))
        .extracting(s -> s.endpoint().getPath())
        .containsExactly("/push/fine");
    assertThat(received)
        .extracting(Received::headers)
        .allSatisfy(h -> assertThat(h).containsEntry("Urgency", "normal"));
    answers.put("/push/fine", 410);
    assertThatThrownBy(() -> transport().deliver(mention("carol", "note.added", "again")))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.PERMANENT))
        .hasMessageContaining("every subscription of carol is gone");
    assertThat(subscriptions.of("carol")).isEmpty();
    assertThatThrownBy(() -> transport().deliver(mention("carol", "note.added", "none left")))
        .hasMessageContaining("no web push subscription for user carol");
  }

  @Test
  void tooLarge_isPermanent_busy_isTransientWithItsRetryAfter() {
    subscribe("carol", "big");
    answers.put("/push/big", 413);
    assertThatThrownBy(() -> transport().deliver(mention("carol", "note.added", "x")))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.PERMANENT))
        .hasMessageContaining("413: payload too large");
    subscribe("dave", "busy");
    answers.put("/push/busy", 429);
    assertThatThrownBy(() -> transport().deliver(mention("dave", "note.added", "x")))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.TRANSIENT))
        .hasMessageContaining("429, retry after 120");
    subscribe("erin", "down");
    answers.put("/push/down", 503);
    assertThatThrownBy(() -> transport().deliver(mention("erin", "note.added", "x")))
        .isInstanceOfSatisfying(
            TransportException.class,
            e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.TRANSIENT));
  }

  @Test
  void aLongBody_isCutToFitOnePush_andStillParses() {
    subscribe("carol", "laptop");
    String huge = "é\"\\😀".repeat(3000); // escapes and two-char code points at every cut
    WebPushTransport.builder(subscriptions, vapid)
        .body(d -> String.valueOf(((NoteAdded) d.action()).text()))
        .build()
        .deliver(mention("carol", "note.added", huge));
    String p = received.get(0).plaintext();
    assertThat(p.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(WebPushEncryption.MAX_PLAINTEXT);
    assertThat(p)
        .endsWith("\u2026\"}")
        .contains("\"id\":\"n-1/carol/web_push\"")
        .doesNotContain("\uFFFD");
    assertThat(p).matches("(?s)\\{\"title\":\".*\",\"body\":\".*\u2026\"}");
  }

  @Test
  void throughANotifier_webPushIsDecidedLikeTheOtherMedia_andReachesALoggedOutAgent() {
    subscribe("carol", "laptop");
    subscribe("dave", "desk");
    LocalDate old = LocalDate.of(2019, 4, 1);
    Notifier n =
        Notifier.builder()
            .engine(WebPushCatalog.standardEngine())
            .directory(
                new InMemoryDirectory()
                    .organizationCreatedOn(old)
                    .putUser(new UserAccount("carol", old, null))
                    .putUser(new UserAccount("dave", old, null)))
            .presence(new FixedPresence().set("dave", Presence.LOGGED_IN))
            .transport(transport())
            .build();
    PublishResult r =
        n.publish(
            new NoteAdded(
                "n-9", AT, "bob", "k-9", "cust-1", null, Set.of("carol", "dave"), Set.of(), "hi"));
    assertThat(r.enqueued()).extracting(Delivery::id).containsExactly("n-9/carol/web_push");
    assertThat(r.decisions().toString())
        .as("dave is logged in: When logged out keeps the pop-up to the app")
        .contains("web_push")
        .contains(WebPushCatalog.STANDARD_VERSION);
    n.deliverDue();
    assertThat(received)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.path()).isEqualTo("/push/laptop");
              assertThat(m.plaintext()).contains("\"id\":\"n-9/carol/web_push\"");
            });
    assertThat(WebPushCatalog.defaultFor(Catalog.standard().requireOption("note.mentioned")))
        .isEqualTo(Frequency.WHEN_LOGGED_OUT);
    assertThat(WebPushCatalog.withWebPush(Catalog.standard()).options())
        .allSatisfy(
            o ->
                assertThat(o.defaultFor(WebPushTransport.WEB_PUSH))
                    .isEqualTo(
                        o.defaultFor(Medium.IN_APP) == Frequency.ALWAYS
                            ? Frequency.WHEN_LOGGED_OUT
                            : Frequency.NEVER));
  }

  @Test
  void retryAfter_readsSecondsAndHttpDates() {
    assertThat(WebPushTransport.retryAfter("120", AT)).isEqualTo(Duration.ofSeconds(120));
    assertThat(WebPushTransport.retryAfter("Sun, 06 Dec 2026 12:05:00 GMT", AT))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(WebPushTransport.retryAfter("Sun, 06 Dec 2026 11:00:00 GMT", AT))
        .isEqualTo(Duration.ZERO);
    assertThat(WebPushTransport.retryAfter("soon", AT)).isNull();
  }
}
