package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explain never exits 1, never prints a trace, never reads without bounds. */
class ExplainHardeningTest {
  @TempDir Path dir;

  record Outcome(int status, String out, String err) {}

  static Outcome explain(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path file(String name, byte[] bytes) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  private Path file(String name, String text) throws Exception {
    return file(name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertOneLineError(Outcome o, String contains) {
    assertThat(o.status()).as(o.err()).isEqualTo(2);
    assertThat(o.err()).startsWith("error: ").contains(contains);
    assertThat(o.err().strip().lines()).hasSize(1);
    assertThat(o.err()).doesNotContain("\tat ");
  }

  @Test
  void invalidUtf8_namesTheByteOffset() throws Exception {
    byte[] bytes = "{\"users\": {\"a\u00e9".getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, bad, 0, bytes.length);
    bad[bytes.length] = (byte) 0xC3; // a character cut short
    bad[12] = (byte) 0xFF;
    assertOneLineError(explain("explain", file("bad.json", bad).toString()), "offset 12");
  }

  @Test
  void aByteOrderMark_isAccepted() throws Exception {
    byte[] json = "{\"users\": {}, \"actions\": []}".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[json.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(json, 0, withBom, 3, json.length);
    assertThat(explain("explain", "--json", file("bom.json", withBom).toString()).status())
        .isZero();
  }

  @Test
  void aDeviceOrAPipe_isRefused_neverRead() throws Exception {
    // /dev/zero would be read forever; a FIFO without a writer would block the open forever.
    assertOneLineError(explain("explain", "/dev/zero"), "not a regular file");
    Path fifo = dir.resolve("fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    assertOneLineError(explain("explain", fifo.toString()), "not a regular file");
  }

  @Test
  void aFolderOrAMissingFile_isExit2() {
    assertOneLineError(explain("explain", dir.toString()), "is a folder");
    assertOneLineError(explain("explain", dir.resolve("nope.json").toString()), "no such file");
  }

  @Test
  void aFileOverTheSizeLimit_isRefusedUpFront() throws Exception {
    byte[] big = new byte[ExplainCommand.MAX_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    assertOneLineError(explain("explain", file("big.json", big).toString()), "more than explain");
  }

  @Test
  void tooManyDecisions_areRefusedUpFront() throws Exception {
    StringBuilder b = new StringBuilder("{\"users\": {");
    for (int i = 0; i < 2000; i++) {
      b.append(i == 0 ? "" : ",").append("\"u").append(i).append("\": {}");
    }
    b.append("}, \"actions\": [");
    for (int i = 0; i < 101; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"id\": \"p")
          .append(i)
          .append("\", \"kind\": \"app.updated\", \"app\": \"shopify\"}");
    }
    b.append("]}");
    Outcome o = explain("explain", file("many.json", b.toString()).toString());
    assertThat(o.err()).doesNotContain("unknown field");
    assertOneLineError(o, "decisions");
  }

  @Test
  void badNames_areErrorsWithTheirPath() throws Exception {
    assertOneLineError(
        explain("explain", file("t.json", "{\"users\": {}, \"teams\": {\" \": []}}").toString()),
        "teams. : a team name must not be blank");
    assertOneLineError(
        explain(
            "explain",
            file("c.json", "{\"users\": {}, \"customers\": {\"ac\\u0007me\": {}}}").toString()),
        "customers.ac\\u0007me: a customer name must not contain control characters");
    assertOneLineError(
        explain("explain", file("s.json", "{\"users\": {\"a\\ud800\": {}}}").toString()),
        "lone surrogate");
  }

  @Test
  void help_printsTheFormatInShort() {
    Outcome o = explain("explain", "--help");
    assertThat(o.status()).isZero();
    assertThat(o.out()).contains("usage: explain").contains("\"users\"").contains("Exit status");
  }

  @Test
  void unknownNames_listTheKnownOnes_closestFirst() throws Exception {
    assertOneLineError(
        explain(
            "explain",
            file(
                    "kind.json",
                    "{\"users\": {\"bob\": {}}, \"actions\": [{\"id\": \"a1\","
                        + " \"kind\": \"conversation.asigned\", \"actor\": \"bob\"}]}")
                .toString()),
        "actions[0].kind: unknown action kind \"conversation.asigned\" (known:"
            + " conversation.assigned, ");
    assertOneLineError(
        explain(
            "explain",
            file(
                    "option.json",
                    "{\"users\": {\"alice\": {\"settings\": [{\"event\": \"note.mentoned\","
                        + " \"medium\": \"email\", \"frequency\": \"ALWAYS\"}]}},"
                        + " \"actions\": []}")
                .toString()),
        "users.alice.settings[0].event: unknown notification option \"note.mentoned\" (known:"
            + " note.mentioned, ");
  }
}
