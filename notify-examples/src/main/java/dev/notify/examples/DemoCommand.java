package dev.notify.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Presence;
import dev.notify.email.SmtpConfig;
import dev.notify.email.SmtpSender;
import dev.notify.engine.Decision;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.examples.demo.HelpDeskDay;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryStores;
import dev.notify.pipeline.DefaultTableChange;
import dev.notify.pipeline.DeliveryStats;
import dev.notify.pipeline.PublishResult;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.InboxItem;
import dev.notify.spi.Stores;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code demo [--smtp HOST:PORT]}: plays {@link HelpDeskDay} and prints, for each action, who was
 * told over which medium (with pop-up and sound) and why the others were not; then each agent's
 * badge and unread panel; then one agent marks all read. Without {@code --smtp} an in-process SMTP
 * server (GreenMail) on a free local port receives the day's email, and its mailbox is printed.
 */
final class DemoCommand {
  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private DemoCommand() {}

  /** What the demo's embedded SMTP server received: recipient and subject. */
  record Mail(String to, String subject) {}

  /**
   * The day and, when the embedded server was used, what it received.
   *
   * @param server the host's SMTP server as HOST:PORT, or null for the embedded one
   */
  record DayResult(HelpDeskDay.Report report, List<Mail> received, @Nullable String server) {
    /** Whether some email the day decided did not reach the server (failed or still waiting). */
    boolean mailUndelivered() {
      DeliveryStats s = report.delivery();
      return s.deadLettered() > 0 || s.outbox().scheduled() > 0 || s.outbox().due() > 0;
    }
  }

  static int main(List<String> args, PrintStream out, PrintStream err) throws Exception {
    String host = null;
    int port = 0;
    String jdbcUrl = null;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--db") && i + 1 < args.size()) {
        String db = args.get(++i);
        if (!db.startsWith("h2:") || db.length() == 3) {
          err.println("error: --db: expected h2:PATH, got " + NotifyException.quote(db));
          return 2;
        }
        jdbcUrl = "jdbc:h2:file:" + Path.of(db.substring(3)).toAbsolutePath() + ";WRITE_DELAY=0";
      } else if (args.get(i).equals("--jdbc") && i + 1 < args.size()) {
        jdbcUrl = args.get(++i);
      } else if (args.get(i).equals("--smtp") && i + 1 < args.size()) {
        String[] hp = args.get(++i).split(":", 2);
        if (hp.length != 2 || !hp[1].matches("\\d{1,5}")) {
          err.println(
              "error: --smtp: expected HOST:PORT, got " + NotifyException.quote(args.get(i)));
          return 2;
        }
        host = hp[0];
        port = Integer.parseInt(hp[1]);
      } else {
        err.println(
            "error: usage: demo [--smtp HOST:PORT] [--db h2:PATH | --jdbc JDBC_URL] (unexpected"
                + " argument "
                + NotifyException.quote(args.get(i))
                + ")");
        return 2;
      }
    }
    DayResult o = run(host, port, jdbcUrl, out);
    print(o, out);
    // A host's script can tell that the day's mail did not all go out.
    return o.mailUndelivered() ? 1 : 0;
  }

  /**
   * Plays the day against {@code host:port}, or against an embedded server when {@code host} is
   * null.
   */
  static DayResult run(@Nullable String host, int port, PrintStream out) throws MessagingException {
    return run(host, port, null, out);
  }

  /** Plays the day with its stores in the database at {@code jdbcUrl} (in memory when null). */
  static DayResult run(@Nullable String host, int port, @Nullable String jdbcUrl, PrintStream out)
      throws MessagingException {
    Stores stores = new InMemoryStores();
    if (jdbcUrl != null) {
      JdbcStores db = JdbcStores.builder(new UrlDataSource(jdbcUrl)).build(); // migrates
      stores = db;
      out.printf(
          Locale.ROOT, "Keeping settings, inbox and outbox in %s (%s)%n", jdbcUrl, db.dialect());
    }
    GreenMail embedded = null;
    if (host == null) {
      embedded =
          new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
      embedded.start();
      host = "127.0.0.1";
      port = embedded.getSmtp().getPort();
      out.printf(
          Locale.ROOT, "Embedded SMTP server (GreenMail) listening on %s:%d%n%n", host, port);
    } else {
      out.printf(Locale.ROOT, "Sending email to the SMTP server at %s:%d%n%n", host, port);
    }
    try (SmtpSender smtp = new SmtpSender(SmtpConfig.plain(host, port))) {
      HelpDeskDay.Report report = new HelpDeskDay(smtp, stores).play();
      List<Mail> received = new ArrayList<>();
      if (embedded != null) {
        // One message per delivered entry: a digest's is one for all it gathers.
        embedded.waitForIncomingEmail(5_000, (int) report.delivery().delivered());
        for (MimeMessage m : embedded.getReceivedMessages()) {
          received.add(
              new Mail(m.getRecipients(Message.RecipientType.TO)[0].toString(), m.getSubject()));
        }
      }
      return new DayResult(report, received, embedded == null ? host + ":" + port : null);
    } finally {
      if (embedded != null) {
        embedded.stop();
      }
    }
  }

  /** What the demo's lines mean, printed once at the top. */
  static final String LEGEND =
      """
      How to read it: each action, then per agent and medium "+" told (with pop-up and sound) or
      "-" not told, and why, in the words of the settings page; [brackets] hold the agent's
      presence, which decides "When logged out"; "waits:" says why an email goes out later.
      Beyond the seed: erin is quiet from 19:00 to 08:00 in New York, carol's assignments email
      her only if still unread after 10 minutes, bob gathers his email in 15-minute digests.
      """;

  private static String medium(MediumDecision md) {
    return md.medium().isInApp() ? "in-app" : md.medium().id();
  }

  private static String presence(Presence p) {
    return switch (p) {
      case LOGGED_IN -> "logged in";
      case LOGGED_OUT -> "logged out";
      case TIMED_OUT -> "timed out";
    };
  }

  private static String frequency(Frequency f) {
    return switch (f) {
      case ALWAYS -> "Always";
      case WHEN_LOGGED_OUT -> "When logged out";
      case NEVER -> "Never";
      case IF_UNREAD -> "If still unread";
    };
  }

  /**
   * A reason in the words of the settings page: the option's label, the frequency as the drop-down
   * shows it, and whose value it is; "not related" when an agent is concerned only by an option for
   * everyone that is not theirs.
   */
  static String why(Reason r, String user, Action action, InMemoryDirectory org) {
    String label = r.option() == null ? "" : "\u201c" + r.option().label() + "\u201d";
    String source =
        r.layer() == null
            ? ""
            : switch (r.layer()) {
              case CHANNEL_SETTING ->
                  user + "'s choice for " + Objects.requireNonNull(r.channel()).id();
              case OPTION_SETTING -> user + "'s choice for all channels";
              case DEFAULT_TABLE -> "the default, table " + r.tableVersion();
              case ORGANIZATION_LOCK -> "locked by the organisation";
            };
    return switch (r.outcome()) {
      case DELIVERED ->
          label + " is " + frequency(Objects.requireNonNull(r.frequency())) + " (" + source + ")";
      case NEVER -> label + " is Never (" + source + ")";
      case LOGGED_IN ->
          label + " is When logged out (" + source + ") and " + user + " is logged in";
      case UNAVAILABLE ->
          related(user, action, org)
              ? label + " is a legacy option, not available to " + user
              : "not related to this customer or conversation ("
                  + label
                  + ", for everyone, is a legacy option "
                  + user
                  + " does not have)";
      case ACTOR -> user + " did this";
      case NOT_OFFERED -> "this host does not offer it";
      case NOT_IN_AUDIENCE -> "not concerned";
    };
  }

  /**
   * Whether the agent follows the customer, is assigned, or is mentioned (in person or by team).
   */
  private static boolean related(String user, Action a, InMemoryDirectory org) {
    if (a.assigneeIfAny().filter(user::equals).isPresent() || a.mentionedUsers().contains(user)) {
      return true;
    }
    if (a.customerIfAny().map(c -> org.followers(c).contains(user)).orElse(false)) {
      return true;
    }
    return a.mentionedTeams().stream().anyMatch(t -> org.teamMembers(t).contains(user));
  }

  static void print(DayResult o, PrintStream out) {
    HelpDeskDay.Report r = o.report();
    InMemoryDirectory org = HelpDeskDay.organisation(new InMemoryDirectory());
    out.print(LEGEND);
    out.println();
    for (HelpDeskDay.Step step : r.steps()) {
      out.printf(Locale.ROOT, "%s  %s%n", HH_MM.format(step.at()), step.story());
      Action action = step.result().action();
      Map<String, String> waits = new HashMap<>();
      for (PublishResult.Held h : step.result().held()) {
        waits.put(h.delivery().recipient().id() + "/" + h.delivery().medium().id(), h.why());
      }
      boolean anyone = false;
      for (Decision d : step.result().decisions()) {
        List<MediumDecision> shown =
            d.media().stream()
                .filter(md -> md.reason().outcome() != Outcome.NOT_IN_AUDIENCE)
                .toList();
        anyone |= !shown.isEmpty();
        String presence = presence(d.presence());
        boolean sameRefusal =
            shown.size() > 1
                && shown.stream().noneMatch(MediumDecision::delivered)
                && shown.stream().map(md -> md.reason().explain()).distinct().count() == 1;
        if (sameRefusal) {
          // One line when every medium says no for the same reason.
          out.printf(
              Locale.ROOT,
              "   - %-6s %-7s not told: %s  [%s]%n",
              d.userId(),
              "any",
              why(shown.get(0).reason(), d.userId(), action, org),
              presence);
          continue;
        }
        for (MediumDecision md : shown) {
          if (md.delivered()) {
            String extras =
                (md.popup() ? ", pop-up" : "")
                    + (md.sound() != null ? ", sound " + md.sound() : "");
            out.printf(
                Locale.ROOT,
                "   + %-6s %-7s %s%s  [%s]%n",
                d.userId(),
                medium(md),
                why(md.reason(), d.userId(), action, org),
                extras,
                presence);
            String why = waits.get(d.userId() + "/" + md.medium().id());
            if (why != null) {
              out.printf(Locale.ROOT, "                    waits: %s%n", why);
            }
          } else {
            out.printf(
                Locale.ROOT,
                "   - %-6s %-7s not told: %s  [%s]%n",
                d.userId(),
                medium(md),
                why(md.reason(), d.userId(), action, org),
                presence);
          }
        }
      }
      if (!anyone) {
        out.println("   (nobody is concerned)");
      }
    }
    out.println();
    DeliveryStats s = r.delivery();
    out.printf(
        Locale.ROOT,
        "Publish queued %d email(s); the workers delivered %d, retried %d, gave up on %d%s.%n",
        s.enqueued(),
        s.delivered(),
        s.retried(),
        s.deadLettered(),
        s.outbox().scheduled() > 0 ? ", and " + s.outbox().scheduled() + " wait for a retry" : "");
    out.printf(
        Locale.ROOT,
        "By %s, beyond the seed: %d email(s) gathered into %d digest(s), %d \"if still unread\""
            + " email(s) not sent because the notification was read in the app.%n",
        HH_MM.format(r.endedAt()),
        s.digested(),
        s.digests(),
        s.readInTime());
    if (s.duplicates() > 0) {
      out.printf(
          Locale.ROOT,
          "%d notification(s) of the day were already in the database from an earlier run:"
              + " nothing was written or sent twice.%n",
          s.duplicates());
    }
    for (DeadLetter f : r.deadLetters()) {
      out.printf(Locale.ROOT, "   ! %s (%s): %s%n", f.id(), f.kind(), f.message());
    }
    out.println();
    out.println("Badges and unread panels at the end of the day:");
    for (HelpDeskDay.Panel p : r.panels().values()) {
      out.printf(Locale.ROOT, "  %-6s badge %d%n", p.agent(), p.badge());
      for (InboxItem i : p.unread()) {
        String label =
            Catalog.standard().option(i.option()).map(opt -> opt.label()).orElse(i.option());
        out.printf(
            Locale.ROOT, "           %s  %s: %s%n", HH_MM.format(i.createdAt()), label, i.text());
      }
    }
    out.printf(
        Locale.ROOT,
        "%n%s marks all read: badge %d%n",
        r.markedAllRead(),
        r.badgeAfterMarkAllRead());
    DefaultTableChange p = r.preview();
    out.printf(
        Locale.ROOT,
        "%nAn admin previews default table %s instead of %s (a dry run: nothing changes):%n",
        p.to(),
        p.from());
    for (DefaultTableChange.Line l : p.changes()) {
      String label =
          Catalog.standard().option(l.option()).map(opt -> opt.label()).orElse(l.option());
      out.printf(
          Locale.ROOT,
          "  \u201c%s\u201d by %s: %s -> %s for %d of %d agents (%s)%n",
          label,
          l.medium().id(),
          frequency(l.before()),
          frequency(l.after()),
          l.users(),
          p.users(),
          String.join(", ", l.examples()));
    }
    out.printf(Locale.ROOT, "%nWhat became of %s (the delivery history):%n", r.followed());
    for (HistoryEvent e : r.history()) {
      out.printf(Locale.ROOT, "  %s  %s%n", HH_MM.format(e.at()), e.explain());
    }
    if (o.server() == null) {
      out.printf(
          Locale.ROOT,
          "%nThe embedded SMTP server received %d message(s) for %d email decision(s):%n",
          o.received().size(),
          r.emailDeliveries());
      for (Mail m : o.received()) {
        out.printf(Locale.ROOT, "  %-30s %s%n", m.to(), m.subject());
      }
    } else {
      out.printf(
          Locale.ROOT,
          "%nThe SMTP server at %s accepted %d of %d email(s)%s.%n",
          o.server(),
          s.delivered(),
          r.emailDeliveries(),
          o.mailUndelivered()
              ? "; "
                  + s.deadLettered()
                  + " failed for good and "
                  + (s.outbox().scheduled() + s.outbox().due())
                  + " still wait for a retry (exit status 1)"
              : "");
    }
  }
}
