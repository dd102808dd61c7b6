package dev.notify.benchmarks;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.notify.email.EmailAddress;
import dev.notify.email.OutboundEmail;
import dev.notify.email.SendResult;
import dev.notify.email.SmtpConfig;
import dev.notify.email.SmtpSender;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One mail to a local SMTP server (GreenMail on a free port) over one reused connection, against
 * opening a new connection for every mail. The goal: reuse at least 10× faster.
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests package
 * java -jar notify-benchmarks/target/benchmarks.jar SmtpBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SmtpBenchmark {
  /** {@code reused}: one connection for every mail; {@code per-mail}: connect, send, quit. */
  @Param({"reused", "per-mail"})
  public String connection = "reused";

  private GreenMail server;
  private SmtpConfig config;
  private SmtpSender shared;
  private OutboundEmail mail;

  /** Starts the server. */
  @Setup(Level.Trial)
  public void start() {
    server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
    config = SmtpConfig.plain("127.0.0.1", server.getSmtp().getPort());
    shared = new SmtpSender(config);
    mail =
        OutboundEmail.builder()
            .id("bench")
            .from(EmailAddress.of("notify@example.test"))
            .to(EmailAddress.of("agent@example.test"))
            .subject("bob mentioned you in a note")
            .text("Can you check the refund?")
            .build();
  }

  /** Empties the mailbox so the server's memory stays flat. */
  @Setup(Level.Iteration)
  public void purge() throws Exception {
    server.purgeEmailFromAllMailboxes();
  }

  /** Stops the server. */
  @TearDown(Level.Trial)
  public void stop() {
    shared.close();
    server.stop();
  }

  /** Sends one mail. */
  @Benchmark
  public SendResult send() {
    if (connection.equals("reused")) {
      return shared.send(mail);
    }
    try (SmtpSender once = new SmtpSender(config)) {
      return once.send(mail);
    }
  }
}
