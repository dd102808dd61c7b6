package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.notify.action.ConversationAssigned;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * SMTP faults seen through the whole pipeline: a server that drips its greeting or goes silent
 * before the message was sent makes transient retries, never UNKNOWN dead letters, with a bounded
 * number of attempt threads; a server silent after the whole message is UNKNOWN; a 10-second outage
 * ends with every email delivered under the default settings.
 */
class SmtpFaultsTest {
  private static final EmailComposer COMPOSER =
      new EmailComposer(
          EmailAddress.of("notify@example.test"), new StandardEmailRenderer("Acme Help Desk"));
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** How a faulty server misbehaves. */
  enum Fault {
    DRIP_GREETING,
    SILENT_AFTER_DATA,
    SILENT_AFTER_DOT
  }

  /** A server that accepts any number of connections and misbehaves on each. */
  private static final class FaultyServer implements AutoCloseable {
    final ServerSocket socket = new ServerSocket(0);
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger dots = new AtomicInteger();

    FaultyServer(Fault fault) throws IOException {
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> serve(s, fault), "faulty-smtp");
                    t.setDaemon(true);
                    t.start();
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "faulty-smtp-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private void serve(Socket s, Fault fault) {
      try (s;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
        OutputStream out = s.getOutputStream();
        if (fault == Fault.DRIP_GREETING) {
          for (byte b : "220 drip ESMTP\r\n".getBytes(StandardCharsets.US_ASCII)) {
            out.write(b);
            out.flush();
            Thread.sleep(1000); // one byte a second: never a read timeout, always too slow
          }
        } else {
          out.write("220 faulty ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        String line;
        while ((line = in.readLine()) != null) {
          String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
          if (verb.equals("DATA")) {
            if (fault == Fault.SILENT_AFTER_DATA) {
              Thread.sleep(Long.MAX_VALUE); // never a 354: the message is never sent
            }
            out.write("354 go on\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while ((line = in.readLine()) != null && !line.equals(".")) {
              // the message
            }
            dots.incrementAndGet();
            Thread.sleep(Long.MAX_VALUE); // the whole message came: silence now is UNKNOWN
          }
          out.write("250 ok\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the client cut the connection at its deadline
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static InMemoryDirectory directory(int users) {
    InMemoryDirectory d = new InMemoryDirectory().organizationCreatedOn(LocalDate.of(2020, 1, 1));
    for (int i = 0; i < users; i++) {
      d.putUser(new UserAccount("u" + i, LocalDate.of(2021, 1, 1), "u" + i + "@example.test"));
    }
    return d;
  }

  private static void publish(Notifier n, int users) {
    for (int i = 0; i < users; i++) {
      n.publish(new ConversationAssigned("a" + i, Instant.now(), "boss", "k" + i, "cust", "u" + i));
    }
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("still waiting for " + what).isLessThan(end);
      Thread.sleep(50);
    }
  }

  private static long attemptThreads(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  /** Ten emails, two attempts each, against {@code fault}: the dead letters that result. */
  private static List<DeadLetter> deadLettersAgainst(Fault fault) throws Exception {
    int users = 10;
    String prefix = "fault-attempt-" + fault + "-";
    try (FaultyServer server = new FaultyServer(fault);
        SmtpSender sender =
            new SmtpSender(
                SmtpConfig.plain("127.0.0.1", server.port())
                    .withTimeouts(
                        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2))
                    .withSendTimeout(Duration.ofMillis(1500)),
                4)) {
      Notifier n =
          Notifier.builder()
              .directory(directory(users))
              .transport(new EmailTransport(COMPOSER, sender))
              .retry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)))
              .attemptThreads(4)
              .attemptThreadFactory(
                  r -> {
                    Thread t = new Thread(r, prefix + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  })
              .build();
      publish(n, users);
      long most = 0;
      try (DeliveryWorkers w = n.startWorkers(4, Duration.ofMillis(20))) {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (n.stats().deadLettered() < users) {
          most = Math.max(most, attemptThreads(prefix));
          assertThat(System.nanoTime()).as("every email a dead letter").isLessThan(end);
          Thread.sleep(20);
        }
        assertThat(w.health().attemptsInFlight()).isLessThanOrEqualTo(4);
      }
      assertThat(most).as("attempt threads stay bounded").isLessThanOrEqualTo(4);
      assertThat(n.stats().retried()).as("each retried once").isEqualTo(users);
      return n.deadLetters(0, 100);
    }
  }

  @Test
  void aDrippedGreeting_isRetriedAsTransient_neverUnknown() throws Exception {
    List<DeadLetter> dead = deadLettersAgainst(Fault.DRIP_GREETING);
    assertThat(dead).hasSize(10).allMatch(d -> d.kind() == TransportException.Kind.TRANSIENT);
    assertThat(dead.get(0).message()).contains("gave up after 2 attempts", "send deadline");
  }

  @Test
  void aServerSilentAfterData_isRetriedAsTransient_neverUnknown() throws Exception {
    List<DeadLetter> dead = deadLettersAgainst(Fault.SILENT_AFTER_DATA);
    assertThat(dead).hasSize(10).allMatch(d -> d.kind() == TransportException.Kind.TRANSIENT);
    assertThat(dead.get(0).message()).contains("before the whole message was sent");
  }

  @Test
  void aServerSilentAfterTheWholeMessage_isUnknown() throws Exception {
    int users = 3;
    try (FaultyServer server = new FaultyServer(Fault.SILENT_AFTER_DOT);
        SmtpSender sender =
            new SmtpSender(
                SmtpConfig.plain("127.0.0.1", server.port())
                    .withTimeouts(
                        Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2))
                    .withSendTimeout(Duration.ofMillis(1500)))) {
      Notifier n =
          Notifier.builder()
              .directory(directory(users))
              .transport(new EmailTransport(COMPOSER, sender))
              .build();
      publish(n, users);
      n.deliverDue();
      assertThat(n.deadLetters(0, 10))
          .hasSize(users)
          .allMatch(d -> d.kind() == TransportException.Kind.UNKNOWN)
          .allMatch(d -> d.message().contains("may have been accepted"));
      assertThat(server.dots.get()).isEqualTo(users);
    }
  }

  @Test
  void aTenSecondOutage_endsWithEveryEmailDelivered_underTheDefaults() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort(); // free now; nobody listens there for ten seconds
    }
    int users = 5;
    try (SmtpSender sender = new SmtpSender(SmtpConfig.plain("127.0.0.1", port))) {
      Notifier n =
          Notifier.builder()
              .directory(directory(users))
              .transport(new EmailTransport(COMPOSER, sender))
              .build();
      assertThat(RetryPolicy.ofDefaults().minimumSpan()).isGreaterThan(Duration.ofHours(1));
      publish(n, users);
      GreenMail mail = null;
      try (DeliveryWorkers w = n.startWorkers(2, Duration.ofMillis(50))) {
        Thread.sleep(10_000);
        assertThat(n.stats().retried()).as("the outage made retries").isPositive();
        assertThat(n.stats().deadLettered()).isZero();
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        GreenMail m = mail;
        await("every email after the outage", () -> m.getReceivedMessages().length == users);
        assertThat(n.stats().deadLettered()).isZero();
      } finally {
        if (mail != null) {
          mail.stop();
        }
      }
    }
  }
}
