package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.examples.demo.HelpDeskDay;
import dev.notify.pipeline.DeliveryStats;
import dev.notify.spi.Delivery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo end to end, on its embedded SMTP server. */
class DemoTest {
  @Test
  void demo_deliversTheDayAndEveryEmailArrives() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    DemoCommand.DayResult o = DemoCommand.run(null, 0, out);
    HelpDeskDay.Report r = o.report();

    List<Delivery> all = r.steps().stream().flatMap(s -> s.result().made().stream()).toList();
    assertThat(r.deadLetters()).isEmpty();
    assertThat(
            r.delivery().delivered()
                + r.delivery().digested()
                - r.delivery().digests() // a digest's sender is in both
                + r.delivery().readInTime())
        .as("the workers sent every email, alone or in a digest, or found it read in time")
        .isEqualTo(r.emailDeliveries());
    // Every notification option of the catalog shows up in the day, and every channel.
    assertThat(all.stream().map(d -> d.option().id()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(
            Catalog.standard().options().stream().map(NotificationOption::id).toList());
    assertThat(
            r.steps().stream()
                .flatMap(s -> s.result().action().channelIfAny().stream())
                .map(c -> c.id())
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("amazon_connect", "chat", "email", "forms", "gmail", "twilio");

    // Pop-up and sound for logged-in alice on chat; bob timed out before the snooze expired, so he
    // gets email and no pop-up.
    Delivery chat = find(all, "m-chat/alice/in_app");
    assertThat(chat.popup()).isTrue();
    assertThat(chat.sound()).isEqualTo("pop");
    assertThat(find(all, "s-k400/bob/in_app").popup()).isFalse();
    assertThat(find(all, "s-k400/bob/email").option().id())
        .isEqualTo("conversation.snooze_expired");
    assertThat(all)
        .noneMatch(
            d -> d.id().startsWith("m-twilio/alice/email")); // her twilio override says NEVER

    // Badges equal what was delivered in-app, less what carol read in the app during the day (her
    // k-200), and marking all read clears alice's.
    for (HelpDeskDay.Panel p : r.panels().values()) {
      long inApp =
          all.stream()
                  .filter(
                      d -> d.medium().equals(Medium.IN_APP) && d.recipient().id().equals(p.agent()))
                  .count()
              - (p.agent().equals("carol") ? 1 : 0);
      assertThat(p.badge()).as(p.agent()).isEqualTo(inApp).isEqualTo(p.unread().size());
    }
    assertThat(r.panels().get("alice").badge()).isPositive();
    assertThat(r.badgeAfterMarkAllRead()).isZero();

    // Every email decision arrived at the SMTP server, to the right person: alone, in a digest,
    // or not at all because it was "if still unread" and read in time.
    List<String> emailed =
        all.stream()
            .filter(d -> d.medium().equals(Medium.EMAIL))
            .map(d -> d.recipient().email())
            .distinct()
            .toList();
    assertThat(o.received())
        .extracting(DemoCommand.Mail::to)
        .containsAll(emailed)
        .allMatch(emailed::contains);
    DeliveryStats s = r.delivery();
    assertThat(o.received()).hasSize((int) s.delivered()).isNotEmpty();
    assertThat(s.delivered() + s.digested() - s.digests() + s.readInTime())
        .isEqualTo(r.emailDeliveries());
    assertThat(o.received())
        .extracting(DemoCommand.Mail::subject)
        .contains("dave mentioned you in a note");

    DemoCommand.print(o, out);
    String printed = buffer.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains(DemoCommand.LEGEND)
        .contains("alice marks all read: badge 0")
        .contains("not told: dave did this  [logged in]")
        .contains("carol  any     not told: not related to this customer or conversation")
        .contains(
            "The embedded SMTP server received "
                + o.received().size()
                + " message(s) for "
                + r.emailDeliveries()
                + " email decision(s)")
        .contains("waits: held by quiet hours until Mon 08:00 America/New_York")
        .contains("waits: sent only if still unread after 10 min")
        .contains("3 email(s) gathered into 1 digest(s), 1 \"if still unread\" email(s) not sent")
        .contains("An admin previews default table standard-2");
    assertThat(o.received())
        .extracting(DemoCommand.Mail::subject)
        .contains("3 notifications: Snooze expired on conversation k-400")
        .doesNotContain("dave assigned you conversation k-200");
    // README's sample of the demo is the demo's: every decision line and action line it shows.
    String readme = Files.readString(Path.of("../README.md"));
    String sample = readme.substring(readme.indexOf("A trimmed sample of the demo's output:"));
    sample =
        sample.substring(
            sample.indexOf("```") + 3, sample.indexOf("```", sample.indexOf("```") + 3));
    List<String> lines =
        sample
            .lines()
            .filter(
                l ->
                    l.startsWith("   + ")
                        || l.startsWith("   - ")
                        || l.matches("\\d\\d:\\d\\d  .*"))
            .toList();
    assertThat(lines).hasSizeGreaterThan(10);
    assertThat(printed.lines().toList()).containsAll(lines);
  }

  @Test
  void demo_commandLine_rejectsABadSmtpOption() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of("demo", "--smtp", "localhost"),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("HOST:PORT")
        .contains("\"localhost\"");
  }

  @Test
  void demo_toADeadSmtpServer_saysNothingWasAccepted_andExitsOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: connections are refused
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of("demo", "--smtp", "127.0.0.1:" + port),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream()));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(printed).isEqualTo(1);
    assertThat(printed)
        .contains("The SMTP server at 127.0.0.1:" + port + " accepted 0 of ")
        .contains("still wait for a retry (exit status 1)")
        .doesNotContain("embedded SMTP server received");
  }

  private static Delivery find(List<Delivery> all, String id) {
    return all.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no delivery "
                        + id
                        + " among "
                        + all.stream()
                            .map(Delivery::id)
                            .collect(Collectors.toCollection(TreeSet::new))));
  }

  @Test
  void demoOnAnH2File_aSecondRunFindsTheFirstRunsInbox(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("day");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    HelpDeskDay.Report first = DemoCommand.run(null, 0, url, quiet).report();
    HelpDeskDay.Report second = DemoCommand.run(null, 0, url, quiet).report();
    assertThat(first.delivery().enqueued()).isEqualTo(11);
    assertThat(second.delivery().enqueued()).as("nothing queued twice").isZero();
    assertThat(second.delivery().inApp()).as("nothing written twice").isZero();
    assertThat(second.delivery().duplicates())
        .isEqualTo(first.delivery().inApp() + first.delivery().enqueued());
    assertThat(second.panels().get("bob").badge()).isEqualTo(first.panels().get("bob").badge());
  }
}
