package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.notify.action.Action;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.email.FakePostmark.Answer;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.pipeline.Transports;
import dev.notify.settings.Layer;
import dev.notify.spi.Delivery;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.UserTiming;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The email transport inside the real Notifier, against real servers. */
class EmailTransportTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final EmailComposer COMPOSER =
      new EmailComposer(
          EmailAddress.of("notify@example.test"), new StandardEmailRenderer("Acme Help Desk"));

  private static InMemoryDirectory directory() {
    LocalDate old = LocalDate.of(2019, 4, 1);
    return new InMemoryDirectory()
        .organizationCreatedOn(LocalDate.of(2019, 3, 1))
        .putUser(new UserAccount("alice", old, "alice@example.test"))
        .putUser(new UserAccount("bob", old, "bob@example.test"))
        .putUser(new UserAccount("nomail", old, null));
  }

  @Test
  void notifier_sendsTheEmailDecisionsOverSmtp() throws Exception {
    GreenMail server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    try (SmtpSender smtp =
        new SmtpSender(SmtpConfig.plain("127.0.0.1", server.getSmtp().getPort()))) {
      Notifier notifier =
          Notifier.builder()
              .directory(directory())
              .transport(new EmailTransport(COMPOSER, smtp))
              .build();
      PublishResult r =
          notifier.publish(
              new NoteAdded(
                  "n1",
                  AT,
                  "bob",
                  "k1",
                  "cust-1",
                  null,
                  Set.of("alice"),
                  Set.of(),
                  "Can you <b>check</b> the refund?"));
      assertThat(r.enqueued()).hasSize(1);
      assertThat(notifier.deliverDue()).isEqualTo(1);
      assertThat(notifier.deadLetters(0, 10)).isEmpty();
      assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
      MimeMessage m = server.getReceivedMessages()[0];
      assertThat(m.getSubject()).isEqualTo("bob mentioned you in a note");
      assertThat(m.getHeader("X-Notify-Option")).containsExactly("note.mentioned");
      assertThat(m.getHeader("In-Reply-To")[0])
          .startsWith("<conversation.")
          .endsWith("@example.test>");
      assertThat(m.getMessageID())
          .isEqualTo(COMPOSER.messageId("n1/alice/email", EmailAddress.of("alice@example.test")));
    } finally {
      server.stop();
    }
  }

  @Test
  void aDigest_goesOutAsOneMessage_listingEachItemAndItsSetting() throws Exception {
    GreenMail server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    try (SmtpSender smtp =
        new SmtpSender(SmtpConfig.plain("127.0.0.1", server.getSmtp().getPort()))) {
      ManualClock clock = new ManualClock(AT);
      DigestPolicy policy = new DigestPolicy(Duration.ofMinutes(15), 10, false);
      Notifier notifier =
          Notifier.builder()
              .directory(directory())
              .transport(new EmailTransport(COMPOSER, smtp))
              .timings(u -> new UserTiming(QuietHours.NONE, Duration.ofMinutes(10), policy))
              .clock(clock)
              .build();
      notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice"));
      clock.advance(Duration.ofMinutes(4));
      notifier.publish(
          new ConversationAssigned("a2", AT, "bob", "<script>k2</script>", "cust-1", "alice"));
      clock.advance(Duration.ofMinutes(4));
      notifier.publish(
          new NoteAdded(
              "n3", AT, "bob", "k3", "cust-1", "alice", Set.of(), Set.of(), "Refund <b>now</b>"));
      notifier.deliverDue();
      assertThat(server.getReceivedMessages()).as("the window is open").isEmpty();
      clock.advance(Duration.ofMinutes(7));
      notifier.deliverDue();
      assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
      assertThat(server.getReceivedMessages()).hasSize(1);
      MimeMessage m = server.getReceivedMessages()[0];
      assertThat(m.getSubject()).isEqualTo("3 notifications: bob assigned you conversation k1");
      assertThat(m.getHeader("X-Notify-Digest")).containsExactly("3");
      assertThat(m.getMessageID())
          .isEqualTo(
              COMPOSER.messageId("digest:a1/alice/email", EmailAddress.of("alice@example.test")));
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      m.writeTo(all);
      String body = all.toString(StandardCharsets.UTF_8);
      String html = body.substring(body.indexOf("Content-Type: text/html"));
      assertThat(body.substring(0, body.indexOf("Content-Type: text/html")))
          .contains("* bob assigned you conversation k1")
          .contains("bob assigned conversation <script>k2</script>", "on conversation k3")
          .contains("> Refund <b>now</b>")
          .contains("Because of your setting \"I'm assigned to a conversation\"");
      assertThat(html)
          .contains("&lt;script&gt;k2&lt;/script&gt;", "Refund &lt;b&gt;now&lt;/b&gt;")
          .doesNotContain("<script>");
      assertThat(notifier.stats().digests()).isEqualTo(1);
    } finally {
      server.stop();
    }
  }

  @Test
  void aThrottlesDigest_saysTheLimitGatheredIt() throws Exception {
    GreenMail server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    try (SmtpSender smtp =
        new SmtpSender(SmtpConfig.plain("127.0.0.1", server.getSmtp().getPort()))) {
      ManualClock clock = new ManualClock(AT);
      Notifier notifier =
          Notifier.builder()
              .directory(directory())
              .transport(new EmailTransport(COMPOSER, smtp))
              .timings(
                  u -> UserTiming.DEFAULT.withThrottle(new Throttle(1, Duration.ofMinutes(30))))
              .clock(clock)
              .build();
      for (int i = 1; i <= 3; i++) {
        notifier.publish(new ConversationAssigned("a" + i, AT, "bob", "k" + i, "cust-1", "alice"));
        notifier.deliverDue();
      }
      assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
      clock.advance(Duration.ofMinutes(30));
      notifier.deliverDue();
      assertThat(server.waitForIncomingEmail(5000, 2)).isTrue();
      MimeMessage m = server.getReceivedMessages()[1];
      assertThat(m.getSubject()).isEqualTo("2 notifications: bob assigned you conversation k2");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      m.writeTo(all);
      assertThat(all.toString(StandardCharsets.UTF_8))
          .contains("more arrived than your email limit lets through")
          .doesNotContain("by your digest setting");
    } finally {
      server.stop();
    }
  }

  @Test
  void notifier_retriesA500AndKeepsAPermanentFailure() throws Exception {
    try (FakePostmark api = new FakePostmark()) {
      api.answer(r -> Answer.of(500, "{}"), r -> Answer.of(200, FakePostmark.ok("pm-1")));
      PostmarkSender postmark = new PostmarkSender(PostmarkConfig.of("t").withBaseUrl(api.url()));
      ManualClock clock = new ManualClock(AT);
      Notifier notifier =
          Notifier.builder()
              .directory(directory())
              .transport(new EmailTransport(COMPOSER, postmark))
              .retry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)))
              .clock(clock)
              .build();
      notifier.publish(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice"));
      notifier.deliverDue(); // 500: rescheduled
      clock.advance(Duration.ofMillis(5));
      notifier.deliverDue(); // 200
      assertThat(api.requests()).hasSize(2);
      assertThat(notifier.stats().delivered()).isEqualTo(1);

      notifier.publish(new ConversationAssigned("a2", AT, "bob", "k2", "cust-1", "nomail"));
      notifier.deliverDue();
      assertThat(notifier.deadLetters(0, 10))
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.kind()).isEqualTo(TransportException.Kind.PERMANENT);
                assertThat(f.message()).contains("no email address");
              });
    }
  }

  @Test
  void renderer_escapesHtmlAndKeepsTheSubjectOnOneLine() {
    Delivery d =
        delivery(
            new NoteAdded(
                "n1",
                AT,
                "bob%0d%0aBcc: eve@evil.test",
                "k1",
                "cust-1",
                null,
                Set.of("alice"),
                Set.of(),
                "<script>alert('x')</script> & more"),
            "note.mentioned");
    RenderedEmail r = new StandardEmailRenderer("Acme").render(d);
    assertThat(r.html())
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
        .doesNotContain("<script>");
    assertThat(r.subject()).doesNotContainIgnoringCase("%0d").doesNotContain("\n");
    // And the composed message is valid: the subject passes the header checks.
    assertThat(COMPOSER.compose(d).subject()).isEqualTo(r.subject());
  }

  @Test
  void renderer_coversEveryStandardOption() {
    StandardEmailRenderer renderer = new StandardEmailRenderer("Acme");
    for (var option : Catalog.standard().options()) {
      Delivery d =
          delivery(new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice"), option.id());
      RenderedEmail r = renderer.render(d);
      assertThat(r.subject()).as(option.id()).isNotBlank().doesNotContain(option.label());
      assertThat(r.text()).contains(option.label());
    }
  }

  @Test
  void composer_isDeterministicAndThreadsByConversation() {
    Delivery d =
        delivery(
            new ConversationAssigned("a1", AT, "bob", "k1", "cust-1", "alice"),
            "conversation.assigned");
    OutboundEmail a = COMPOSER.compose(d);
    OutboundEmail b = COMPOSER.compose(d);
    assertThat(a.headers().get("Message-ID"))
        .isEqualTo(b.headers().get("Message-ID"))
        .matches("<[0-9a-f]{32}@example\\.test>");
    assertThat(a.recipients()).containsExactly(EmailAddress.of("alice@example.test"));
    Delivery other =
        delivery(
            new ConversationAssigned("a2", AT, "bob", "k1", "cust-1", "alice"),
            "conversation.assigned");
    assertThat(COMPOSER.compose(other).headers().get("References"))
        .isEqualTo(a.headers().get("References"));
    assertThat(COMPOSER.compose(other).headers().get("Message-ID"))
        .isNotEqualTo(a.headers().get("Message-ID"));
  }

  @Test
  void serviceLoader_findsTheEmailTransport() {
    Transports.Discovery found =
        Transports.discover(
            Map.of(
                "notify.email.from",
                "notify@example.test",
                "notify.email.smtp.host",
                "127.0.0.1",
                "notify.email.smtp.port",
                "2525",
                "notify.email.smtp.security",
                "NONE"),
            getClass().getClassLoader());
    assertThat(found.failures()).isEmpty();
    assertThat(found.transports())
        .singleElement()
        .satisfies(t -> assertThat(t).isInstanceOf(EmailTransport.class));
    Transports.Discovery broken =
        Transports.discover(
            Map.of("notify.email.from", "not an address"), getClass().getClassLoader());
    assertThat(broken.transports()).isEmpty();
    assertThat(broken.failures())
        .singleElement()
        .asString()
        .contains("\"email\"")
        .contains("not an address");
    assertThat(Transports.discover(Map.of(), getClass().getClassLoader()).transports()).isEmpty();
  }

  @Test
  void logLines_neverShowAnAddress() {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    GreenMail server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    try (SmtpSender smtp =
            new SmtpSender(SmtpConfig.plain("127.0.0.1", server.getSmtp().getPort()));
        FakePostmark api = new FakePostmark()) {
      api.answer(
          r ->
              Answer.of(
                  422,
                  "{\"ErrorCode\":406,\"Message\":\"Found inactive addresses: secret@example.test. Inactive.\"}"));
      smtp.send(SmtpSenderTest.mail("m1", "secret@example.test"));
      int closed;
      try (ServerSocket probe = new ServerSocket(0)) {
        closed = probe.getLocalPort();
      }
      try (SmtpSender down = new SmtpSender(SmtpConfig.plain("127.0.0.1", closed))) {
        down.send(SmtpSenderTest.mail("m3", "secret@example.test")); // a WARN with its reason
      }
      new PostmarkSender(PostmarkConfig.of("t").withBaseUrl(api.url()))
          .send(SmtpSenderTest.mail("m2", "secret@example.test"));
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      server.stop();
      System.setErr(saved);
    }
    // Our own loggers only: the test server logs addresses of its own.
    String log =
        captured
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("dev.notify"))
            .reduce("", (a, b) -> a + b + "\n");
    assertThat(log)
        .contains("Postmark:")
        .contains("SMTP send of m3 failed: TRANSIENT cannot connect"); // the capture saw them
    assertThat(log).doesNotContain("secret@example.test").doesNotContain("plain body");
  }

  private static Delivery delivery(Action a, String option) {
    var o = Catalog.standard().requireOption(option);
    var decision = DecisionEngine.standard();
    return new Delivery(
        a,
        new UserAccount("alice", null, "alice@example.test"),
        Medium.EMAIL,
        o,
        false,
        null,
        new Reason(
            Outcome.DELIVERED,
            o,
            Frequency.ALWAYS,
            Layer.DEFAULT_TABLE,
            null,
            decision.defaults().version()));
  }

  @Test
  void configurationByProperties_isCaseInsensitive_andAHalfWrittenOneIsAnError() {
    EmailTransportProvider provider = new EmailTransportProvider();
    Map<String, String> lower =
        Map.of(
            "notify.email.from", "notify@example.test",
            "notify.email.smtp.host", "localhost",
            "notify.email.smtp.security", "none");
    assertThat(provider.create(lower).medium()).isEqualTo(Medium.EMAIL);
    assertThatThrownBy(
            () ->
                provider.create(
                    Map.of(
                        "notify.email.from", "notify@example.test",
                        "notify.email.smtp.host", "localhost",
                        "notify.email.smtp.security", "ssl")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[NONE, STARTTLS, TLS]")
        .hasMessageContaining("\"ssl\"");
    Map<String, String> noSender = Map.of("notify.email.smtp.host", "smtp.example.com");
    assertThat(provider.isConfigured(noSender)).isTrue();
    assertThatThrownBy(() -> provider.create(noSender))
        .hasMessageContaining("notify.email.from is required");
    assertThat(provider.isConfigured(Map.of("other.key", "x"))).isFalse();
  }
}
