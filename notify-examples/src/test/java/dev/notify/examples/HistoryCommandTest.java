package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's day on an H2 file, then the {@code history} command reads one notification. */
class HistoryCommandTest {
  @TempDir Path dir;

  private static String run(List<String> args, int status) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as("exit status; stderr: %s", err).isEqualTo(status);
    return status == 0
        ? out.toString(StandardCharsets.UTF_8)
        : err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theHistoryOfCarolsEmail_saysItWaitedAndWasNotSent() {
    String db = "h2:" + dir.resolve("day");
    String demo = run(List.of("demo", "--db", db), 0);
    assertThat(demo)
        .contains("What became of a-k200/carol/email (the delivery history):")
        .contains("not sent: the notification was read in the app in time");

    String history = run(List.of("history", "--db", db, "--delivery", "a-k200/carol/email"), 0);
    List<String> lines = history.lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .contains("a-k200/carol/email  queued, due ")
        .contains("conversation.assigned is IF_UNREAD");
    assertThat(lines.get(1)).endsWith("not sent: the notification was read in the app in time");

    assertThat(run(List.of("history", "--db", db, "--action", "a-k200"), 0))
        .contains("a-k200/carol/email");
    assertThat(run(List.of("history", "--db", db, "--user", "nobody"), 0))
        .isEqualTo("No history.\n");
    assertThat(run(List.of("history", "--db", db), 2)).contains("usage: history");

    String notSent = run(List.of("history", "--db", db, "--state", "read_in_time"), 0);
    assertThat(notSent.lines())
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).endsWith("read in the app in time"))
        .anySatisfy(l -> assertThat(l).contains("a-k200/carol/email"));
    assertThat(run(List.of("history", "--db", db, "--kind", "queued", "--medium", "email"), 0))
        .contains("a-k200/carol/email  queued, due ")
        .doesNotContain("/in_app ");
    assertThat(
            run(List.of("history", "--db", db, "--state", "queued", "--older-than", "P3650D"), 0))
        .isEqualTo("No history.\n");
    assertThat(run(List.of("history", "--db", db, "--kind", "sent,lost"), 2))
        .contains("--kind")
        .contains("\"lost\"");
    assertThat(run(List.of("history", "--db", db, "--newer-than", "-PT1H"), 2))
        .contains("\"-PT1H\"");
    assertThat(run(List.of("history", "--db", db, "--user", "bob", "--medium", "email"), 2))
        .contains("usage: history");
    assertThat(run(List.of("history", "--db", db, "--user", "bob", "--limit", "0"), 2))
        .contains("--limit")
        .contains("\"0\"");
  }
}
