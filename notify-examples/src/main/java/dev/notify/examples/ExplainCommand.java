package dev.notify.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.action.Action;
import dev.notify.catalog.Medium;
import dev.notify.engine.Decision;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.examples.scenario.Scenario;
import dev.notify.examples.scenario.ScenarioReader;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.Delivery;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code explain [--json] SCENARIO.json}: runs every action of a scenario through the real {@link
 * Notifier} (directory, presence and settings behind the real SPIs) and prints who is told what and
 * why — or, with {@code --json}, the {@code deliveries} document of the conformance format.
 */
public final class ExplainCommand {
  private ExplainCommand() {}

  /** What one scenario produced. */
  public record Run(List<PublishResult> results) {
    /** Every delivery, in action order. */
    public List<Delivery> deliveries() {
      List<Delivery> out = new ArrayList<>();
      results.forEach(r -> out.addAll(r.made()));
      return out;
    }
  }

  /** Runs a scenario. */
  public static Run run(Scenario scenario) {
    Notifier notifier =
        Notifier.builder()
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
    return new Run(results);
  }

  /** The {@code deliveries} document of the conformance format. */
  public static String toJson(Run run) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("deliveries");
    for (Delivery d : run.deliveries()) {
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
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** A readable table: per action, per candidate and medium, told or not, and why. */
  public static String toTable(Run run) {
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
                      + md.reason().option().id()
                      + (md.popup() ? ", pop-up" : "")
                      + (md.sound() != null ? ", sound " + md.sound() : "")
                  : "not told";
          b.append(
              String.format(
                  Locale.ROOT,
                  "  %-10s %-7s %-10s %s — %s%n",
                  d.userId(),
                  md.medium().id(),
                  d.presence().name().toLowerCase(Locale.ROOT),
                  what,
                  md.reason().explain()));
        }
      }
      if (!any) {
        b.append("  nobody is concerned\n");
      }
    }
    return b.toString();
  }

  /** The command line: returns the exit status. */
  static int main(List<String> args, PrintStream out, PrintStream err) throws IOException {
    boolean json = false;
    String file = null;
    for (String a : args) {
      if (a.equals("--json")) {
        json = true;
      } else if (a.startsWith("-") || file != null) {
        err.println(
            "error: usage: explain [--json] SCENARIO.json (unexpected argument "
                + dev.notify.NotifyException.quote(a)
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
    String text;
    try {
      text = Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      err.println("error: no such file " + dev.notify.NotifyException.quote(file));
      return 2;
    }
    Run run = run(new ScenarioReader().read(text));
    out.print(json ? toJson(run) + "\n" : toTable(run));
    return 0;
  }
}
