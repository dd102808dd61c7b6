package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of notify-jdbc: a child JVM killed with SIGKILL at random moments, at least ten
 * times, against a real PostgreSQL and SMTP server; nothing decided is lost.
 */
class CrashTest {
  @Test
  @Timeout(300)
  void killingTheDeliveringProcess_losesNothing() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    CrashTestCommand.Result r = CrashTestCommand.run(null, null, 300, 10, 20261129L, out);
    String log = buffer.toString(StandardCharsets.UTF_8);
    assertThat(r.kills()).as(log).isGreaterThanOrEqualTo(10);
    assertThat(r.lost()).as(log).isZero();
    assertThat(r.inAppDuplicates()).as(log).isZero();
    assertThat(r.inAppLost()).as(log).isZero();
    assertThat(r.sameMessageIds()).as("duplicates carry their original Message-ID").isTrue();
    assertThat(r.line())
        .isEqualTo("acknowledged 300 publishes, email delivered 300, lost 0, in-app duplicates 0");
    assertThat(log).as("half the users' email went in digests").contains("150 email(s) went in");
  }

  @Test
  @Timeout(300)
  void onAnH2File_everyAcknowledgedPublishSurvivesTheKills(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    String url = "jdbc:h2:file:" + dir.resolve("crash").toAbsolutePath(); // no WRITE_DELAY given
    CrashTestCommand.Result r = CrashTestCommand.run(url, null, 150, 4, 20261206L, out);
    String log = buffer.toString(StandardCharsets.UTF_8);
    assertThat(r.kills()).as(log).isGreaterThanOrEqualTo(4);
    assertThat(r.line())
        .as(log)
        .isEqualTo("acknowledged 150 publishes, email delivered 150, lost 0, in-app duplicates 0");
    assertThat(r.ok()).isTrue();
  }

  @Test
  @Timeout(300)
  void aPublishAcknowledgedButLost_isFound() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    CrashTestCommand.Result r = CrashTestCommand.run(null, null, 100, 1, 7L, out, true);
    assertThat(r.lost()).as(buffer.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    assertThat(r.inAppLost()).isEqualTo(1);
    assertThat(r.ok()).isFalse();
  }
}
