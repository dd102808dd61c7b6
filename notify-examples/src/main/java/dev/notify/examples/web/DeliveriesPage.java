package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.HistoryEvent;
import java.util.List;
import java.util.Map;

/**
 * The admin's "Deliveries" page, beyond the seed: what became of each notification — searched by
 * agent (newest first) or by action (oldest first), from the decision to the arrival, as the outbox
 * recorded it — and the dead letters, each redriven on demand. Only {@link OrganizationPage#ADMINS}
 * may use it. Thread-safe.
 */
final class DeliveriesPage {
  private final ObjectMapper json;
  private final Notifier notifier;

  DeliveriesPage(ObjectMapper json, Notifier notifier) {
    this.json = json;
    this.notifier = notifier;
  }

  /** The history of {@code agent=…} (newest 50) or of {@code action=…}. */
  ObjectNode search(Map<String, String> query) {
    String agent = query.get("agent");
    String action = query.get("action");
    if ((agent == null) == (action == null)) {
      throw new BadRequest("search by agent or by action: give one of agent=… and action=…");
    }
    List<HistoryEvent> events =
        agent != null
            ? notifier.history().ofUser(agent, null, 50)
            : notifier.history().ofAction(action);
    ObjectNode out = json.createObjectNode();
    out.put("kept", notifier.history().kept());
    ArrayNode list = out.putArray("events");
    for (HistoryEvent e : events) {
      ObjectNode n = list.addObject();
      n.put("at", e.at().toString());
      n.put("delivery", e.deliveryId());
      n.put("agent", e.userId());
      n.put("medium", e.medium());
      n.put("kind", e.kind().name());
      n.put("why", e.explain());
    }
    return out;
  }

  /** The dead letters, oldest first (at most 100). */
  ObjectNode deadLetters() {
    ObjectNode out = json.createObjectNode();
    ArrayNode list = out.putArray("deadLetters");
    for (DeadLetter l : notifier.deadLetters(DeadLetterFilter.ALL, null, 100)) {
      ObjectNode n = list.addObject();
      n.put("id", l.id());
      n.put("kind", l.kind().name());
      n.put("message", l.message());
      n.put("attempts", l.attempts());
      n.put("at", l.at().toString());
    }
    return out;
  }

  /** Redrives the dead letter {@code id} of the body. */
  ObjectNode redrive(JsonNode body) {
    String id = WebJson.text(body, "id");
    ObjectNode out = json.createObjectNode();
    out.put("redriven", notifier.redrive(id));
    return out;
  }
}
