package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SMTP reply codes become the right outcomes: a tiny scripted SMTP server on a local port answers
 * one command with the code under test (GreenMail always accepts).
 */
class SmtpRepliesTest {
  /**
   * Serves one session, replying to the command that starts with {@code failOn} with {@code reply}.
   */
  private static ServerSocket serve(String failOn, String reply) throws IOException {
    ServerSocket server = new ServerSocket(0);
    Thread t =
        new Thread(
            () -> {
              try (Socket s = server.accept();
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                  PrintWriter out =
                      new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII)) {
                out.print("220 scripted ESMTP\r\n");
                out.flush();
                Map<String, String> ok =
                    Map.of(
                        "EHLO",
                        "250 scripted",
                        "MAIL",
                        "250 ok",
                        "RCPT",
                        "250 ok",
                        "DATA",
                        "354 go on",
                        "RSET",
                        "250 ok",
                        "NOOP",
                        "250 ok",
                        "QUIT",
                        "221 bye");
                String line;
                while ((line = in.readLine()) != null) {
                  String verb =
                      line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                  String answer =
                      verb.startsWith(failOn) ? reply : ok.getOrDefault(verb, "500 what");
                  out.print(answer + "\r\n");
                  out.flush();
                  if (verb.equals("QUIT")) {
                    break;
                  }
                }
              } catch (IOException e) {
                // the client hung up
              }
            });
    t.setDaemon(true);
    t.start();
    return server;
  }

  private static SendResult send(ServerSocket server) {
    try (SmtpSender sender =
        new SmtpSender(
            SmtpConfig.plain("127.0.0.1", server.getLocalPort())
                .withTimeouts(
                    Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
      return sender.send(List.of(SmtpSenderTest.mail("m1", "agent@example.test"))).get(0);
    }
  }

  @Test
  void busy451OnMailFrom_isTransient() throws IOException {
    try (ServerSocket server = serve("MAIL", "451 4.3.0 try again later")) {
      SendResult r = send(server);
      assertThat(r.status()).isEqualTo(SendResult.Status.TRANSIENT);
      assertThat(r.errorCode()).isEqualTo(451);
    }
  }

  @Test
  void unknownUser550OnRcpt_isPermanent() throws IOException {
    try (ServerSocket server = serve("RCPT", "550 5.1.1 no such user")) {
      SendResult r = send(server);
      assertThat(r.status()).isEqualTo(SendResult.Status.PERMANENT);
      assertThat(r.errorCode()).isEqualTo(550);
      assertThat(r.detail()).doesNotContain("agent@example.test");
    }
  }
}
