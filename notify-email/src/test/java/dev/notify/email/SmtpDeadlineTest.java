package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The overall send deadline against a server that answers one byte at a time: each byte comes
 * before the read timeout, so only the deadline can end the wait (issue 14, item 3).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang guard only
class SmtpDeadlineTest {
  private static final long DRIP_MILLIS = 300;

  /** A scripted SMTP session; the greeting or the reply to the message's end may be dripped. */
  private static final class DrippingServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0);
    final CountDownLatch messageReceived = new CountDownLatch(1);

    DrippingServer(boolean dripGreeting, boolean dripAfterData) throws IOException {
      Thread t =
          new Thread(
              () -> {
                try (Socket s = socket.accept();
                    BufferedReader in =
                        new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
                  OutputStream out = s.getOutputStream();
                  reply(out, "220 drip ESMTP", dripGreeting);
                  String line;
                  while ((line = in.readLine()) != null) {
                    String verb =
                        line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                    switch (verb) {
                      case "DATA" -> {
                        reply(out, "354 go on", false);
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                          // the message body
                        }
                        messageReceived.countDown();
                        reply(out, "250 2.0.0 queued", dripAfterData);
                      }
                      case "QUIT" -> {
                        reply(out, "221 bye", false);
                        return;
                      }
                      default -> reply(out, "250 ok", false);
                    }
                  }
                } catch (IOException | InterruptedException e) {
                  // the client hung up, or the test ended
                }
              });
      t.setDaemon(true);
      t.start();
    }

    private static void reply(OutputStream out, String line, boolean drip)
        throws IOException, InterruptedException {
      byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
      if (!drip) {
        out.write(bytes);
        out.flush();
        return;
      }
      for (byte b : bytes) { // 17+ bytes at 300 ms: about 5 s, never a read timeout of 1 s
        out.write(b);
        out.flush();
        Thread.sleep(DRIP_MILLIS);
      }
    }

    SmtpSender sender(Duration sendTimeout) {
      return new SmtpSender(
          SmtpConfig.plain("127.0.0.1", socket.getLocalPort())
              .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1))
              .withSendTimeout(sendTimeout));
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void drippedGreeting_endsAtTheDeadline_asTransient() throws Exception {
    try (DrippingServer server = new DrippingServer(true, false);
        SmtpSender sender = server.sender(Duration.ofMillis(1500))) {
      SendResult r = sender.send(List.of(SmtpSenderTest.mail("m1", "a@example.test"))).get(0);
      // Nothing was started: safe to send again.
      assertThat(r.status()).isEqualTo(SendResult.Status.TRANSIENT);
      assertThat(r.detail()).contains("send deadline of PT1.5S");
      assertThat(server.messageReceived.getCount()).isEqualTo(1);
    }
  }

  @Test
  void drippedAnswerToTheMessage_endsAtTheDeadline_asUnknown_notSent() throws Exception {
    try (DrippingServer server = new DrippingServer(false, true);
        SmtpSender sender = server.sender(Duration.ofMillis(1500))) {
      SendResult r = sender.send(List.of(SmtpSenderTest.mail("m1", "a@example.test"))).get(0);
      assertThat(server.messageReceived.await(0, TimeUnit.SECONDS)).isTrue();
      assertThat(r.status()).isEqualTo(SendResult.Status.UNKNOWN);
      assertThat(r.detail())
          .contains("send deadline of PT1.5S", "after the whole message was sent");
    }
  }

  @Test
  void aPromptServer_isNotCutByTheDeadline_andTheConnectionIsReused() throws Exception {
    try (DrippingServer server = new DrippingServer(false, false);
        SmtpSender sender = server.sender(Duration.ofMillis(1500))) {
      List<SendResult> rs =
          sender.send(
              List.of(
                  SmtpSenderTest.mail("m1", "a@example.test"),
                  SmtpSenderTest.mail("m2", "b@example.test")));
      assertThat(rs).allMatch(SendResult::sent);
      assertThat(sender.connectionsOpened()).isEqualTo(1);
      // Wait past the first message's deadline: a stale deadline must not cut the connection.
      Thread.sleep(2000);
      assertThat(sender.send(List.of(SmtpSenderTest.mail("m3", "c@example.test"))).get(0).sent())
          .isTrue();
      assertThat(sender.connectionsOpened()).isEqualTo(1);
    }
  }

  @Test
  void sendTimeout_mustBePositive_andDefaultsToTheSumOfTheOthers() {
    SmtpConfig plain = SmtpConfig.plain("127.0.0.1", 25);
    assertThat(plain.sendTimeout()).isEqualTo(Duration.ofSeconds(70));
    assertThat(
            plain
                .withSecurity(SmtpConfig.Security.STARTTLS)
                .withSendTimeout(Duration.ofSeconds(5))
                .withCredentials("u", "p")
                .sendTimeout())
        .isEqualTo(Duration.ofSeconds(5));
    assertThatThrownBy(() -> plain.withSendTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sendTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> plain.withSendTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sendTimeout cannot be null");
  }
}
