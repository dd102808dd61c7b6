package dev.notify.examples;

import dev.notify.NotifyException;
import dev.notify.jdbc.JdbcStores;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.HistoryFilter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code history}: what became of a notification, read from a database's delivery history.
 *
 * <pre>
 * java -jar notify-examples.jar history (--db h2:PATH | --jdbc URL)
 *     (--delivery ID | --action ID | --user ID [--limit N]
 *      | [--state KIND,... | --kind KIND,...] [--medium M] [--older-than D] [--newer-than D]
 *        [--limit N])
 * </pre>
 *
 * Prints one line per event, oldest first (a user's and a search's newest first): when, which
 * delivery, what happened in English. A search by {@code --state} matches deliveries whose last
 * event is of those kinds (where they are now), by {@code --kind} any event of those kinds; ages
 * are ISO-8601 durations ({@code PT1H}) back from now. Reads only: the schema is not migrated.
 */
final class HistoryCommand {
  private static final String USAGE =
      "usage: history (--db h2:PATH | --jdbc URL) (--delivery ID | --action ID | --user ID"
          + " [--limit N] | [--state KIND,... | --kind KIND,...] [--medium M] [--older-than PT1H]"
          + " [--newer-than P1D] [--limit N])";

  private HistoryCommand() {}

  static int main(List<String> args, PrintStream out, PrintStream err) {
    String url = null;
    String delivery = null;
    String action = null;
    String user = null;
    int limit = 50;
    HistoryFilter filter = HistoryFilter.ALL;
    boolean search = false;
    Instant now = Instant.now();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String v = i + 1 < args.size() ? args.get(i + 1) : null;
      if (v == null) {
        err.println("error: " + a + " needs a value; " + USAGE);
        return 2;
      }
      i++;
      switch (a) {
        case "--db" -> {
          if (!v.startsWith("h2:")) {
            err.println("error: --db: expected h2:PATH, got " + NotifyException.quote(v));
            return 2;
          }
          url = "jdbc:h2:file:" + Path.of(v.substring(3)).toAbsolutePath();
        }
        case "--jdbc" -> url = v;
        case "--delivery" -> delivery = v;
        case "--action" -> action = v;
        case "--user" -> user = v;
        case "--limit" -> limit = limit(v);
        case "--state", "--kind" -> {
          if (search && !filter.kinds().isEmpty()) {
            err.println("error: one of --state or --kind; " + USAGE);
            return 2;
          }
          filter = kinds(filter, a, v);
          search = true;
        }
        case "--medium" -> {
          filter = filter.medium(v);
          search = true;
        }
        case "--older-than" -> {
          filter = filter.before(now.minus(duration(a, v)));
          search = true;
        }
        case "--newer-than" -> {
          filter = filter.from(now.minus(duration(a, v)));
          search = true;
        }
        default -> {
          err.println("error: unexpected " + NotifyException.quote(a) + "; " + USAGE);
          return 2;
        }
      }
    }
    int asked =
        (delivery != null ? 1 : 0)
            + (action != null ? 1 : 0)
            + (user != null ? 1 : 0)
            + (search ? 1 : 0);
    if (url == null || asked != 1) {
      err.println("error: " + USAGE);
      return 2;
    }
    DeliveryHistory history =
        JdbcStores.builder(new UrlDataSource(url)).migrate(false).build().outbox().history();
    List<HistoryEvent> events =
        search ? history.find(filter, null, limit) : events(history, delivery, action, user, limit);
    if (events.isEmpty()) {
      out.println("No history.");
    }
    for (HistoryEvent e : events) {
      out.printf(Locale.ROOT, "%s  %s  %s%n", e.at(), e.deliveryId(), e.explain());
    }
    return 0;
  }

  private static List<HistoryEvent> events(
      DeliveryHistory history,
      @Nullable String delivery,
      @Nullable String action,
      @Nullable String user,
      int limit) {
    if (delivery != null) {
      return history.of(delivery);
    }
    if (action != null) {
      return history.ofAction(action);
    }
    return history.ofUser(Objects.requireNonNull(user), null, limit);
  }

  /** The kinds of {@code --state} (each delivery's last event) or {@code --kind} (any event). */
  private static HistoryFilter kinds(HistoryFilter filter, String option, String v) {
    EnumSet<HistoryEvent.Kind> kinds = EnumSet.noneOf(HistoryEvent.Kind.class);
    for (String k : v.split(",", -1)) {
      try {
        kinds.add(HistoryEvent.Kind.valueOf(k.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            option
                + ": expected kinds among "
                + Arrays.toString(HistoryEvent.Kind.values())
                + ", got "
                + NotifyException.quote(k),
            e);
      }
    }
    HistoryFilter f =
        new HistoryFilter(
            kinds, filter.medium(), filter.from(), filter.before(), filter.currentOnly());
    return option.equals("--state") ? f.current() : f;
  }

  private static Duration duration(String option, String v) {
    try {
      Duration d = Duration.parse(v);
      if (!d.isNegative() && !d.isZero()) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // said below
    }
    throw new IllegalArgumentException(
        option
            + ": expected a positive ISO-8601 duration (PT1H, P1D), got "
            + NotifyException.quote(v));
  }

  private static int limit(String v) {
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        "--limit: expected a whole number from 1 to 10000, got " + NotifyException.quote(v));
  }
}
