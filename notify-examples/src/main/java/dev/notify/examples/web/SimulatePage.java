package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.engine.Decision;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.spi.Delivery;
import dev.notify.timeline.DigestPolicy;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Simulate page: an agent makes something happen (a customer writes, a note mentions someone),
 * the notifier publishes it, and the page shows every decision with its reason, what quiet hours
 * hold, and — in each recipient's panel — why they were told. Also the dry run of a changed default
 * table. Thread-safe.
 */
final class SimulatePage {
  /** The options that pass quiet hours and digests. */
  static final Set<String> URGENT = Set.of("note.mentioned");

  private final ObjectMapper json;
  private final Catalog catalog;
  private final Simulator simulator = new Simulator();
  private final Clock clock;
  private final Notifier notifier;
  private final DeliveryWorkers workers;
  private final PopUps popUps;

  SimulatePage(
      ObjectMapper json,
      Catalog catalog,
      Clock clock,
      Notifier notifier,
      DeliveryWorkers workers,
      PopUps popUps) {
    this.json = json;
    this.catalog = catalog;
    this.clock = clock;
    this.notifier = notifier;
    this.workers = workers;
    this.popUps = popUps;
  }

  /** The longest target (a conversation or customer, with its word) an action may have. */
  static final int MAX_TARGET = 1000;

  /** Publishes what {@code agent} simulated and answers every decision, and what waits. */
  ObjectNode simulate(String agent, JsonNode body) throws SQLException {
    // Everything refused is refused before the publish: nothing is written for a bad request.
    String target = Simulator.target(body);
    if (target.length() > MAX_TARGET) {
      throw new BadRequest(
          "conversation or customer: at most "
              + (MAX_TARGET - "conversation ".length())
              + " characters, got "
              + target.length());
    }
    Action action = simulator.action(body, agent, clock.instant());
    List<PopUps.Shown> shown = new ArrayList<>();
    PublishResult r = popUps.capture(() -> notifier.publish(action), shown);
    Map<String, String> emails = emailNotes(r);
    for (PopUps.Shown sh : shown) {
      // At the publish, where the email will go; the panel later says where it went (history).
      String email = emails.get(sh.item().userId());
      popUps.push(sh, sh.item().reason() + (email == null ? "" : " \u2014 email: " + email));
    }
    ObjectNode out = json.createObjectNode();
    out.put("action", action.id());
    out.put("text", action.describe());
    ArrayNode decisions = out.putArray("decisions");
    for (Decision d : r.decisions()) {
      for (MediumDecision md : d.media()) {
        if (md.reason().outcome() == Outcome.NOT_IN_AUDIENCE) {
          continue;
        }
        ObjectNode n = decisions.addObject();
        n.put("agent", d.userId());
        n.put("presence", d.presence().name().toLowerCase(Locale.ROOT));
        n.put("medium", md.medium().id());
        n.put("delivered", md.delivered());
        n.put("reason", PlainWhy.say(md.reason(), md.medium()));
        n.put("detail", md.reason().explain()); // the support line, for whoever wants it
      }
    }
    ArrayNode held = out.putArray("held");
    for (PublishResult.Held h : r.held()) {
      ObjectNode n = held.addObject();
      n.put("agent", h.delivery().recipient().id());
      n.put("medium", h.delivery().medium().id());
      n.put("due", h.due().toString());
      n.put("why", h.why());
    }
    workers.nudge();
    return out;
  }

  /**
   * What becomes of each agent's email of a publish, for their panel beside the in-app item: sent
   * as well, waiting (and why), gathered into their digest.
   */
  private Map<String, String> emailNotes(PublishResult r) {
    Map<String, String> notes = new HashMap<>();
    for (PublishResult.Held h : r.held()) {
      notes.put(h.delivery().recipient().id(), h.why());
    }
    for (Delivery e : r.enqueued()) {
      String agent = e.recipient().id();
      String note = notes.getOrDefault(agent, "sent as well");
      DigestPolicy digest = notifier.timingOf(agent).digest();
      if (digest != null && !URGENT.contains(e.option().id())) {
        note +=
            "; gathered into your digest (one email per " + digest.window().toMinutes() + " min)";
      }
      notes.put(agent, note);
    }
    return notes;
  }
}
