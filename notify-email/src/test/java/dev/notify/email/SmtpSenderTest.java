package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SMTP sender against a real SMTP server (GreenMail on a free local port). */
class SmtpSenderTest {
  private GreenMail server;
  private SmtpSender sender;

  @BeforeEach
  void start() {
    server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    sender =
        new SmtpSender(
            SmtpConfig.plain("127.0.0.1", server.getSmtp().getPort())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    sender.close();
    server.stop();
  }

  static OutboundEmail mail(String id, String to) {
    return OutboundEmail.builder()
        .id(id)
        .from(EmailAddress.of("notify@example.test", "Help Desk"))
        .to(EmailAddress.of(to))
        .subject("Assigned: k1 – ünïcödé")
        .text("plain body")
        .html("<p>html body</p>")
        .header("Message-ID", "<" + id + "@example.test>")
        .header("In-Reply-To", "<conversation.k1@example.test>")
        .header("References", "<conversation.k1@example.test>")
        .build();
  }

  @Test
  void single_arrivesWithItsHeaders() throws Exception {
    SendResult r = sender.send(mail("m1", "alice@example.test"));
    assertThat(r.sent()).as(r.detail()).isTrue();
    assertThat(server.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage got = server.getReceivedMessages()[0];
    assertThat(got.getSubject()).isEqualTo("Assigned: k1 – ünïcödé");
    assertThat(got.getMessageID()).isEqualTo("<m1@example.test>");
    assertThat(got.getHeader("In-Reply-To")[0]).isEqualTo("<conversation.k1@example.test>");
    assertThat(got.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("alice@example.test");
    assertThat(got.getFrom()[0].toString()).isEqualTo("Help Desk <notify@example.test>");
  }

  @Test
  void batch_reusesOneConnection() {
    List<OutboundEmail> batch = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      batch.add(mail("m" + i, "u" + i + "@example.test"));
    }
    assertThat(sender.send(batch)).allMatch(SendResult::sent);
    assertThat(sender.send(List.of(mail("m99", "x@example.test")))).allMatch(SendResult::sent);
    assertThat(sender.connectionsOpened()).isEqualTo(1);
    assertThat(server.getReceivedMessages()).hasSize(21);
  }

  @Test
  void sharedMessage_toHundredTwentyRecipients_isThreeBccMessagesWithoutBccHeader()
      throws Exception {
    List<EmailAddress> to = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      to.add(EmailAddress.of("agent" + i + "@example.test"));
    }
    List<OutboundEmail> chunks =
        SharedMessages.chunk(mail("shared", "placeholder@example.test"), to, 50);
    assertThat(chunks).extracting(m -> m.bcc().size()).containsExactly(50, 50, 20);
    assertThat(sender.send(chunks)).allMatch(SendResult::sent);
    assertThat(server.waitForIncomingEmail(5000, 120)).isTrue();
    MimeMessage[] received = server.getReceivedMessages();
    assertThat(received).hasSize(120); // one copy per mailbox
    Map<String, Integer> perMessage = new TreeMap<>();
    for (MimeMessage m : received) {
      assertThat(m.getHeader("Bcc")).isNull();
      assertThat(m.getHeader("To")).containsExactly("undisclosed-recipients:;");
      perMessage.merge(m.getMessageID(), 1, Integer::sum);
    }
    assertThat(perMessage.values()).containsExactlyInAnyOrder(50, 50, 20);
  }

  @Test
  void serverRestart_reconnects() {
    assertThat(sender.send(mail("m1", "a@example.test")).sent()).isTrue();
    int port = server.getSmtp().getPort();
    server.stop();
    SendResult down = sender.send(mail("m2", "a@example.test"));
    assertThat(down.status()).isEqualTo(SendResult.Status.TRANSIENT);
    server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    assertThat(sender.send(mail("m3", "a@example.test")).sent()).isTrue();
    assertThat(sender.connectionsOpened()).isEqualTo(2);
  }

  @Test
  void refusedConnection_isTransient() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (SmtpSender nowhere = new SmtpSender(SmtpConfig.plain("127.0.0.1", port))) {
      SendResult r = nowhere.send(mail("m1", "a@example.test"));
      assertThat(r.status()).isEqualTo(SendResult.Status.TRANSIENT);
      assertThat(r.detail()).doesNotContain("a@example.test");
    }
  }

  @Test
  @Timeout(
      value = 120,
      threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against hanging, not a speed check
  void silentServer_timesOutInsteadOfHanging() throws Exception {
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  Thread.sleep(120_000); // accept, never greet
                } catch (IOException | InterruptedException e) {
                  // closed by the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (SmtpSender slow =
          new SmtpSender(
              SmtpConfig.plain("127.0.0.1", silent.getLocalPort())
                  .withTimeouts(
                      Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500)))) {
        SendResult r = slow.send(mail("m1", "a@example.test"));
        // Nothing was written before the greeting, so it is safe to retry.
        assertThat(r.status()).isEqualTo(SendResult.Status.TRANSIENT);
      }
      acceptor.interrupt();
    }
  }
}
