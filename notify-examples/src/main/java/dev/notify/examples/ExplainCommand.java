package dev.notify.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Medium;
import dev.notify.engine.Decision;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.examples.scenario.Scenario;
import dev.notify.examples.scenario.ScenarioReader;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.Delivery;
import dev.notify.timeline.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code explain [--json] SCENARIO.json}: runs every action of a scenario through the real {@link
 * Notifier} (directory, presence and settings behind the real SPIs) and prints who is told what and
 * why — or, with {@code --json}, the {@code deliveries} document of the conformance format.
 */
public final class ExplainCommand {
  private ExplainCommand() {}

  /**
   * What one scenario produced.
   *
   * @param results what each publish made, in action order
   * @param timeline when each of {@link #deliveries()} is sent, in the same order; null when the
   *     actions have no instants
   */
  public record Run(List<PublishResult> results, @Nullable List<Timeline.Placed> timeline) {
    /** A run without instants. */
    public Run(List<PublishResult> results) {
      this(results, null);
    }

    /** Every delivery, in action order. */
    public List<Delivery> deliveries() {
      List<Delivery> out = new ArrayList<>();
      results.forEach(r -> out.addAll(r.made()));
      return out;
    }
  }

  /** The standard engine, or the organisation's (its default table, its locks). */
  private static DecisionEngine engine(Scenario scenario) {
    DecisionEngine e = DecisionEngine.standard();
    Scenario.Defaults d = scenario.defaults();
    if (d != null) {
      e = e.forOrganization(d.organization(), d.table());
    }
    return scenario.locks().isEmpty() ? e : e.locking(scenario.locks());
  }

  /** Runs a scenario. */
  public static Run run(Scenario scenario) {
    Notifier notifier =
        Notifier.builder()
            .engine(engine(scenario))
            .directory(scenario.directory())
            .presence(scenario.presence())
            .settings(scenario.settings())
            .transport(new CollectingTransport(Medium.EMAIL))
            .retry(RetryPolicy.NONE)
            .build();
    List<PublishResult> results = new ArrayList<>();
    for (Action a : scenario.actions()) {
      results.add(notifier.publish(a));
    }
    Scenario.Timing timing = scenario.timing();
    if (timing == null) {
      return new Run(results);
    }
    Set<String> inApp = new HashSet<>();
    for (PublishResult r : results) {
      for (Delivery d : r.made()) {
        if (d.medium().isInApp()) {
          inApp.add(d.recipient().id() + "\u0000" + d.action().id());
        }
      }
    }
    Map<String, Instant> reads = new HashMap<>();
    for (Scenario.Read read : timing.reads()) {
      String key = read.user() + "\u0000" + read.action();
      if (!inApp.contains(key)) {
        throw new NotifyException(
            read.path(),
            "user "
                + NotifyException.quote(read.user())
                + " got no in_app notification of action "
                + NotifyException.quote(read.action())
                + ": reads are of in_app notifications");
      }
      reads.put(key, read.at());
    }
    List<Timeline.Item> items = new ArrayList<>();
    for (int k = 0; k < results.size(); k++) {
      for (Delivery d : results.get(k).made()) {
        String user = d.recipient().id();
        items.add(
            new Timeline.Item(
                d.action().id(),
                k,
                user,
                d.medium(),
                d.option().id(),
                d.action().occurredAt(),
                d.reason().frequency() != null && d.reason().frequency().isConditional(),
                inApp.contains(user + "\u0000" + d.action().id())));
      }
    }
    return new Run(
        results,
        Timeline.place(
            items,
            timing.users()::get,
            timing.urgent(),
            (user, action) -> reads.get(user + "\u0000" + action)));
  }

  /** The {@code deliveries} document of the conformance format. */
  public static String toJson(Run run) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("deliveries");
    List<Delivery> deliveries = run.deliveries();
    for (int i = 0; i < deliveries.size(); i++) {
      Delivery d = deliveries.get(i);
      Timeline.Placed placed = run.timeline() == null ? null : run.timeline().get(i);
      if (placed != null && !placed.sent()) {
        continue; // a conditional email read in time is not sent
      }
      ObjectNode n = list.addObject();
      n.put("action", d.action().id());
      n.put("user", d.recipient().id());
      n.put("medium", d.medium().id());
      n.put("event", d.option().id());
      if (d.medium().isInApp()) {
        n.put("popup", d.popup());
      }
      if (d.sound() != null) {
        n.put("sound", d.sound());
      }
      if (placed != null) {
        n.put("due", DateTimeFormatter.ISO_INSTANT.format(placed.due()));
        if (placed.digest() > 0) {
          n.put("digest", placed.digest());
        }
        if (placed.throttled()) {
          n.put("throttled", true);
        }
      }
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** A readable table: per action, per candidate and medium, told or not, and why. */
  public static String toTable(Run run) {
    // Where the timeline placed each delivery, by its id: looked up once per table line.
    Map<String, Timeline.Placed> placedById = new HashMap<>();
    if (run.timeline() != null) {
      for (Timeline.Placed p : run.timeline()) {
        Timeline.Item i = p.item();
        placedById.put(Delivery.idOf(i.actionId(), i.userId(), i.medium()), p);
      }
    }
    StringBuilder b = new StringBuilder();
    for (PublishResult r : run.results()) {
      b.append(r.actionId()).append("  ").append(r.action().describe()).append('\n');
      boolean any = false;
      for (Decision d : r.decisions()) {
        for (MediumDecision md : d.media()) {
          if (md.reason().outcome() == Outcome.NOT_IN_AUDIENCE) {
            continue;
          }
          any = true;
          String what =
              md.delivered()
                  ? "told as "
                      + Objects.requireNonNull(md.reason().option()).id()
                      + (md.popup() ? ", pop-up" : "")
                      + (md.sound() != null ? ", sound " + md.sound() : "")
                  : "not told";
          Timeline.Placed placed =
              placedById.get(Delivery.idOf(r.actionId(), d.userId(), md.medium()));
          String when = "";
          if (placed != null) {
            when =
                placed.sent()
                    ? " — sent " + DateTimeFormatter.ISO_INSTANT.format(placed.due())
                    : "";
            when += placed.why().isEmpty() ? "" : " (" + placed.why() + ")";
          }
          b.append(
              String.format(
                  Locale.ROOT,
                  "  %-10s %-7s %-10s %s — %s%s%n",
                  d.userId(),
                  md.medium().id(),
                  d.presence().name().toLowerCase(Locale.ROOT),
                  what,
                  md.reason().explain(),
                  when));
        }
      }
      if (!any) {
        b.append("  nobody is concerned\n");
      }
    }
    return b.toString();
  }

  /** The command line: returns the exit status. */
  /** The largest scenario file explain reads: {@value} bytes. */
  public static final int MAX_BYTES = 1 << 20;

  /** The most decisions (users × actions) one run may make: {@value}. */
  public static final int MAX_DECISIONS = 200_000;

  static int main(List<String> args, PrintStream out, PrintStream err) {
    try {
      return explain(args, out, err);
    } catch (NotifyException | IllegalArgumentException e) {
      err.println("error: " + Main.oneLine(e.getMessage()));
      return 2;
    } catch (Throwable t) {
      // Never a stack trace, never status 1: one line, status 2, whatever went wrong.
      err.println("error: explain failed: " + Main.oneLine(String.valueOf(t)));
      return 2;
    }
  }

  private static int explain(List<String> args, PrintStream out, PrintStream err)
      throws IOException {
    boolean json = false;
    String file = null;
    for (String a : args) {
      if (a.equals("--json")) {
        json = true;
      } else if (a.equals("--help") || a.equals("-h")) {
        out.print(HELP);
        return 0;
      } else if (a.startsWith("-") || file != null) {
        err.println(
            "error: usage: explain [--json] SCENARIO.json (unexpected argument "
                + NotifyException.quote(a)
                + ")");
        return 2;
      } else {
        file = a;
      }
    }
    if (file == null) {
      err.println("error: usage: explain [--json] SCENARIO.json");
      return 2;
    }
    Path path = Path.of(file);
    if (!Files.exists(path)) {
      err.println("error: no such file " + NotifyException.quote(file));
      return 2;
    }
    if (Files.isDirectory(path)) {
      err.println("error: " + NotifyException.quote(file) + " is a folder, not a scenario file");
      return 2;
    }
    if (!Files.isRegularFile(path)) {
      // A device (/dev/zero) would be read forever, a FIFO without a writer waits forever.
      err.println(
          "error: "
              + NotifyException.quote(file)
              + " is not a regular file (a device, a pipe or a socket): give a scenario file");
      return 2;
    }
    long size = Files.size(path);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_BYTES + 1); // the cap holds even if the file grows meanwhile
    }
    if (size > MAX_BYTES || bytes.length > MAX_BYTES) {
      err.println(
          "error: the scenario is "
              + Math.max(size, bytes.length)
              + (bytes.length > MAX_BYTES && size <= MAX_BYTES ? "+" : "")
              + " bytes, more than explain reads ("
              + MAX_BYTES
              + ")");
      return 2;
    }
    Scenario scenario = new ScenarioReader().read(utf8(bytes));
    long decisions = (long) scenario.directory().allUserIds().size() * scenario.actions().size();
    if (decisions > MAX_DECISIONS) {
      err.println(
          "error: the scenario would make "
              + decisions
              + " decisions (users × actions), more than explain makes ("
              + MAX_DECISIONS
              + ")");
      return 2;
    }
    Run run = run(scenario);
    out.print(json ? toJson(run) + "\n" : toTable(run));
    return 0;
  }

  /**
   * The text of a scenario file: strict UTF-8 (a byte order mark is accepted and dropped).
   *
   * @throws NotifyException naming the byte offset of the first byte that is not UTF-8
   */
  static String utf8(byte[] bytes) {
    int start =
        bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer outBuf = CharBuffer.allocate(bytes.length);
    CoderResult r = d.decode(in, outBuf, true);
    if (r.isError()) {
      throw new NotifyException(
          "", "the file is not UTF-8: invalid byte at offset " + in.position());
    }
    r = d.flush(outBuf);
    if (r.isError()) {
      throw new NotifyException("", "the file is not UTF-8: it ends inside a character");
    }
    outBuf.flip();
    return outBuf.toString();
  }

  private static final String HELP =
      """
      usage: explain [--json] SCENARIO.json

      Runs every action of a scenario through the real Notifier and prints who is told what
      and why; --json prints the deliveries document of the conformance format instead.

      A scenario is one JSON object (UTF-8, at most 1 MiB), every field checked:
        "org":       {"createdAt": "2020-01-01"}                     (optional)
        "users":     {"alice": {"createdAt", "presence": LOGGED_IN | LOGGED_OUT | TIMED_OUT,
                               "email", "settings": [{"event", "channel"?, "medium",
                               "frequency": ALWAYS | WHEN_LOGGED_OUT | NEVER | IF_UNREAD}],
                               "sounds": [{"category", "channel"?, "tone"}]}}
        "teams":     {"billing": ["alice", ...]}
        "customers": {"acme": {"followers": ["alice", ...]}}
        "actions":   [{"id", "kind", "actor", "channel", "customer", "conversation",
                       "assignee", "mentions", "teamMentions", "newConversation", "text"}]
      With instants ("at" on every action), the timeline of docs/scenario-format.md:
        "org.urgent", "users.*.zone", "quietHours", "unreadDelayMinutes", "digest",
        "throttle": {"max", "windowMinutes"}, frequency IF_UNREAD (email), and
        "reads": [{"user", "action", "at"}]; --json then gives every delivery its "due"
        instant (and "digest": N when digested, "throttled": true when a throttle held it).
      Unknown fields, ids and user references are errors. At most 200,000 decisions
      (users × actions) per run. See docs/scenario-format.md for every field.

      Exit status: 0 done; 2 bad input or usage, with one line on stderr naming the JSON path
      and quoting the bad value.
      """;
}
