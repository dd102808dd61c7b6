package dev.notify.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.notify.NotifyException;
import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.email.EmailAddress;
import dev.notify.email.EmailComposer;
import dev.notify.email.EmailTransport;
import dev.notify.email.SmtpConfig;
import dev.notify.email.SmtpSender;
import dev.notify.email.StandardEmailRenderer;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.UserTiming;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The crash test: a child JVM publishes a stream of assignments and delivers their email through
 * workers against PostgreSQL or an H2 file; this process kills it with SIGKILL at random moments
 * and starts it again, then checks that every acknowledged publish arrived — in-app exactly once,
 * email at least once, a duplicate only for an entry in flight at a kill, with its original
 * Message-ID. A child writes each action's id to a log once {@code publish} returned for it, and
 * never publishes an acknowledged action again: a publish the database lost after acknowledging it
 * is missing at the end. Half the users gather their email in digests of five: theirs arrives in
 * digests, which the database's digest book must keep whole across the kills.
 *
 * <pre>
 * java -jar notify-examples.jar crash-test [--jdbc URL | --db h2:PATH] [--smtp HOST:PORT]
 *     [--actions N] [--kills K]
 * </pre>
 *
 * Ends with {@code acknowledged N publishes, email delivered N, lost 0, in-app duplicates 0}; exit
 * status 0 only when nothing was lost.
 */
final class CrashTestCommand {
  static final int USERS = 10;

  /** Half the users gather their email in digests of five: u0 … u4. */
  private static final UserTiming DIGEST =
      new UserTiming(
          QuietHours.NONE,
          UserTiming.DEFAULT_UNREAD_DELAY,
          new DigestPolicy(Duration.ofMinutes(1), 5, false));

  /**
   * The action a planted loss acknowledges without publishing: one of a user without digests, so
   * that every digest window still fills and nobody waits for a window's end.
   */
  static int plantedAt(int actions) {
    int i = actions / 2;
    while (digests("u" + (i % USERS))) {
      i++;
    }
    return i;
  }

  private static boolean digests(String user) {
    return Integer.parseInt(user.substring(1)) < USERS / 2;
  }

  private static final Instant AT = Instant.parse("2024-05-06T09:00:00Z");
  private static final EmailComposer COMPOSER =
      new EmailComposer(
          EmailAddress.of("notifications@crash-test.example", "Crash Test"),
          new StandardEmailRenderer("Crash Test"));

  private CrashTestCommand() {}

  /** What a run found. */
  record Result(
      int acknowledged,
      int delivered,
      int lost,
      int inAppDuplicates,
      int inAppLost,
      int kills,
      int duplicateEmails,
      boolean sameMessageIds) {
    boolean ok() {
      return lost == 0 && inAppDuplicates == 0 && inAppLost == 0 && sameMessageIds;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "acknowledged %d publishes, email delivered %d, lost %d, in-app duplicates %d",
          acknowledged,
          delivered,
          lost,
          inAppDuplicates);
    }
  }

  static final String USAGE =
      "usage: crash-test [--jdbc URL | --db h2:PATH] [--smtp HOST:PORT] [--actions N] [--kills K]";

  static int main(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.size() == 1 && (args.get(0).equals("--help") || args.get(0).equals("-h"))) {
      out.println(USAGE);
      out.println(
          "Kills a delivering child JVM with SIGKILL at random moments and checks that every"
              + " acknowledged publish arrived. Embedded PostgreSQL and SMTP unless given.");
      return 0;
    }
    String jdbc = null;
    String smtp = null;
    int actions = 400;
    int kills = 10;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (i + 1 >= args.size()) {
        err.println("error: crash-test: " + NotifyException.quote(a) + " needs a value");
        return 2;
      }
      switch (a) {
        case "--jdbc" -> jdbc = args.get(++i);
        case "--db" -> {
          String v = args.get(++i);
          if (!v.startsWith("h2:") || v.length() == 3) {
            err.println("error: crash-test: --db takes h2:PATH, got " + NotifyException.quote(v));
            return 2;
          }
          // No WRITE_DELAY in the URL: notify-jdbc must make H2 keep what it acknowledged.
          jdbc = "jdbc:h2:file:" + Path.of(v.substring(3)).toAbsolutePath();
        }
        case "--smtp" -> smtp = args.get(++i);
        case "--actions" -> actions = positive(args.get(++i), "--actions");
        case "--kills" -> kills = positive(args.get(++i), "--kills");
        default -> {
          err.println(
              "error: " + USAGE + " (unexpected argument " + NotifyException.quote(a) + ")");
          return 2;
        }
      }
    }
    Result r = run(jdbc, smtp, actions, kills, System.nanoTime(), out);
    out.println(r.line());
    return r.ok() ? 0 : 1;
  }

  private static int positive(String value, String name) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a positive number, got " + NotifyException.quote(value));
  }

  /** Runs the crash test; {@code jdbc} and {@code smtp} null start embedded servers. */
  static Result run(
      @Nullable String jdbc,
      @Nullable String smtp,
      int actions,
      int kills,
      long seed,
      PrintStream out)
      throws Exception {
    return run(jdbc, smtp, actions, kills, seed, out, false);
  }

  /**
   * Runs the crash test; with {@code plantLoss} a child acknowledges one action it never publishes
   * (a planted loss the check must find).
   */
  static Result run(
      @Nullable String jdbc,
      @Nullable String smtp,
      int actions,
      int kills,
      long seed,
      PrintStream out,
      boolean plantLoss)
      throws Exception {
    // A killed child cuts its SMTP connection: GreenMail would log each one with a stack trace.
    System.setProperty("org.slf4j.simpleLogger.log.com.icegreen", "off");
    System.setProperty("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
    EmbeddedPostgres pg = null;
    GreenMail mail = null;
    try {
      if (jdbc == null) {
        pg = EmbeddedPostgres.builder().start();
        jdbc = pg.getJdbcUrl("postgres", "postgres");
        out.println("Embedded PostgreSQL on port " + pg.getPort());
      }
      if (smtp == null) {
        mail =
            new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        mail.start();
        smtp = "127.0.0.1:" + mail.getSmtp().getPort();
        out.println("Embedded SMTP server on " + smtp);
      }
      String prefix = "crash" + Long.toHexString(seed & 0xffffff) + "_";
      UrlDataSource ds = new UrlDataSource(jdbc);
      JdbcStores.builder(ds).tablePrefix(prefix).build(); // the schema, once, before any child
      Path acks = Files.createTempFile("notify-crash-acks", ".log");
      Random random = new Random(seed);
      int killed = 0;
      int lives = 0;
      while (killed < kills) {
        Process child = child(jdbc, smtp, prefix, actions, acks, plantLoss);
        lives++;
        // Let it start (a JVM, a pool of workers), then kill it somewhere in its work.
        child.waitFor(700 + random.nextInt(1200), TimeUnit.MILLISECONDS);
        if (child.isAlive()) {
          child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
          child.waitFor();
          killed++;
        } else if (child.exitValue() == 0) {
          break; // it finished everything before a kill: nothing left to interrupt
        }
      }
      Process last = child(jdbc, smtp, prefix, actions, acks, plantLoss);
      if (!last.waitFor(120, TimeUnit.SECONDS) || last.exitValue() != 0) {
        last.destroyForcibly();
        throw new IllegalStateException("the last child did not finish cleanly");
      }
      out.printf(Locale.ROOT, "%d children, %d killed with SIGKILL%n", lives + 1, killed);
      Set<String> acknowledged = new HashSet<>(Files.readAllLines(acks));
      acknowledged.remove("");
      Files.deleteIfExists(acks);
      return check(ds, prefix, acknowledged, killed, mail, out);
    } finally {
      if (mail != null) {
        mail.stop();
      }
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static Process child(
      String jdbc, String smtp, String prefix, int actions, Path acks, boolean plantLoss)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "crash-child",
            jdbc,
            smtp,
            prefix,
            Integer.toString(actions),
            acks.toString(),
            Boolean.toString(plantLoss))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static Result check(
      UrlDataSource ds,
      String prefix,
      Set<String> acknowledged,
      int kills,
      @Nullable GreenMail mail,
      PrintStream out)
      throws Exception {
    int actions = acknowledged.size();
    int inApp = 0;
    long done;
    long dead;
    try (Connection c = ds.getConnection();
        PreparedStatement items = c.prepareStatement("SELECT action_id FROM " + prefix + "inbox");
        PreparedStatement outbox =
            c.prepareStatement(
                "SELECT SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END), SUM(CASE WHEN state = 3 THEN"
                    + " 1 ELSE 0 END) FROM "
                    + prefix
                    + "outbox")) {
      try (ResultSet rs = items.executeQuery()) {
        while (rs.next()) {
          inApp += acknowledged.contains(rs.getString(1)) ? 1 : 0;
        }
      }
      try (ResultSet rs = outbox.executeQuery()) {
        rs.next();
        done = rs.getLong(1);
        dead = rs.getLong(2);
      }
    }
    int delivered;
    int duplicates = 0;
    boolean same = true;
    if (mail != null) {
      // A digest user's email arrives in its digest: one message, under the digest's Message-ID.
      Map<String, String> digestOf = new HashMap<>();
      try (Connection c = ds.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT delivery_id, digest_id FROM "
                      + prefix
                      + "digest_items WHERE opener = FALSE");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          digestOf.put(rs.getString(1), rs.getString(2));
        }
      }
      Map<String, Integer> byId = new HashMap<>();
      for (MimeMessage m : mail.getReceivedMessages()) {
        byId.merge(m.getMessageID(), 1, Integer::sum);
      }
      delivered = 0;
      Set<String> expected = new HashSet<>();
      for (String action : acknowledged) {
        String user = "u" + (Integer.parseInt(action.substring("crash-".length())) % USERS);
        String id = Delivery.idOf(action, user, Medium.EMAIL);
        String key = digestOf.getOrDefault(id, id);
        String messageId = COMPOSER.messageId(key, EmailAddress.of(user + "@crash-test.example"));
        if (byId.containsKey(messageId)) {
          delivered++;
          expected.add(messageId);
        }
      }
      for (String messageId : expected) {
        duplicates += Objects.requireNonNull(byId.remove(messageId)) - 1;
      }
      // Every other mail carried the Message-ID of a digest of acknowledged deliveries only when
      // nothing else was sent; a planted loss leaves none, so any mail left over is a stranger.
      same = byId.isEmpty();
      out.printf(
          Locale.ROOT,
          "%d duplicate email(s), each with its original Message-ID; %d email(s) went in %d"
              + " digest(s)%n",
          duplicates,
          digestOf.size(),
          new HashSet<>(digestOf.values()).size());
    } else {
      delivered = (int) done; // an external server: trust the outbox's completions
      out.println("(mail went to an external server: delivered counts the outbox's completions)");
    }
    out.printf(Locale.ROOT, "outbox: %d delivered, %d dead letters%n", done, dead);
    return new Result(
        actions,
        delivered,
        actions - delivered,
        Math.max(0, inApp - actions),
        Math.max(0, actions - inApp),
        kills,
        duplicates,
        same);
  }

  /** The child: publishes the stream (again: publishing is idempotent) and delivers until done. */
  static int child(List<String> args) throws Exception {
    String jdbc = args.get(0);
    String[] hp = args.get(1).split(":", 2);
    String prefix = args.get(2);
    int actions = Integer.parseInt(args.get(3));
    Path acks = Path.of(args.get(4));
    boolean plantLoss = Boolean.parseBoolean(args.get(5));
    Set<String> acknowledged = new HashSet<>(Files.readAllLines(acks));
    // A pool keeps an H2 database open, so the WRITE_DELAY notify-jdbc sets holds for the run.
    HikariDataSource ds = pool(jdbc);
    JdbcStores stores = JdbcStores.builder(ds).tablePrefix(prefix).migrate(false).build();
    LocalDate created = LocalDate.of(2023, 1, 1);
    InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(created);
    for (int u = 0; u < USERS; u++) {
      directory.putUser(new UserAccount("u" + u, created, "u" + u + "@crash-test.example"));
    }
    // Short timeouts, so a killed child's leases end soon: the attempt timeout covers the sender's
    // whole deadline (the notifier refuses a shorter one).
    SmtpConfig config =
        SmtpConfig.plain(hp[0], Integer.parseInt(hp[1]))
            .withTimeouts(Duration.ofMillis(300), Duration.ofMillis(700), Duration.ofMillis(700));
    SmtpSender smtp = new SmtpSender(config);
    Duration attempt = smtp.deadline().orElseThrow();
    Transport email = new EmailTransport(COMPOSER, smtp);
    Transport slow =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            pause(5); // so that a kill often lands between sending and completing
            email.deliver(d);
          }

          @Override
          public void deliverDigest(Digest d) {
            pause(5);
            email.deliverDigest(d);
          }
        };
    Notifier notifier =
        Notifier.builder()
            .directory(directory)
            .stores(stores)
            .timings(u -> digests(u) ? DIGEST : UserTiming.DEFAULT)
            .transport(slow)
            .retry(new RetryPolicy(6, Duration.ofMillis(50), Duration.ofSeconds(1)))
            .attemptTimeout(attempt)
            .lease(attempt.multipliedBy(2))
            .build();
    try (DeliveryWorkers workers = notifier.startWorkers(2, Duration.ofMillis(20));
        FileChannel log =
            FileChannel.open(acks, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      for (int i = 0; i < actions; i++) {
        String id = "crash-" + i;
        if (acknowledged.contains(id)) {
          continue; // acknowledged by an earlier child: never published again
        }
        if (!(plantLoss && i == plantedAt(actions))) {
          notifier.publish(
              new ConversationAssigned(id, AT, "dispatcher", "k" + i, "c1", "u" + (i % USERS)));
        }
        // Written once publish returned: the page cache keeps it through a SIGKILL.
        log.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
        pause(3); // a stream, not a burst
      }
      while (true) {
        OutboxCounts c = notifier.stats().outbox();
        if (c.due() + c.leased() + c.scheduled() == 0) {
          break;
        }
        pause(50);
      }
    }
    return 0;
  }

  /**
   * A drain-only instance for the several-instances test: delivers the shared outbox with two
   * workers to a transport that records each send in table {@code <prefix>sent}, until nothing is
   * left.
   */
  static int drainChild(List<String> args) throws Exception {
    String jdbc = args.get(0);
    String prefix = args.get(1);
    HikariDataSource ds = pool(jdbc);
    JdbcStores stores = JdbcStores.builder(ds).tablePrefix(prefix).migrate(false).build();
    Transport recording =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            try (Connection c = ds.getConnection();
                PreparedStatement ps =
                    c.prepareStatement("INSERT INTO " + prefix + "sent (id) VALUES (?)")) {
              ps.setString(1, d.id());
              ps.executeUpdate();
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          }
        };
    Notifier notifier =
        Notifier.builder()
            .directory(new InMemoryDirectory())
            .stores(stores)
            .transport(recording)
            .attemptTimeout(Duration.ofSeconds(2))
            .lease(Duration.ofSeconds(4))
            .build();
    try (DeliveryWorkers workers = notifier.startWorkers(2, Duration.ofMillis(20))) {
      while (true) {
        OutboxCounts c = notifier.stats().outbox();
        if (c.due() + c.leased() + c.scheduled() == 0) {
          break;
        }
        pause(100);
      }
    }
    return 0;
  }

  /** A small pool: workers and publishes share a few connections (the library brings none). */
  static HikariDataSource pool(String jdbc) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbc);
    config.setMaximumPoolSize(6);
    config.setPoolName("notify-example");
    return new HikariDataSource(config);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
