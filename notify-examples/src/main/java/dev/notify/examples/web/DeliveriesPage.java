package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.NotifyException;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.HistoryFilter;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The admin's "Deliveries" page, beyond the seed: what became of each notification — searched by
 * agent (newest first) or by action (oldest first), from the decision to the arrival, as the outbox
 * recorded it — the outbox's counts by medium, and the dead letters, redriven or purged on demand
 * (each recorded in the history with the admin who asked). Only {@link OrganizationPage#ADMINS} may
 * use it. Thread-safe.
 */
final class DeliveriesPage {
  private final ObjectMapper json;
  private final Notifier notifier;

  DeliveriesPage(ObjectMapper json, Notifier notifier) {
    this.json = json;
    this.notifier = notifier;
  }

  /**
   * The history of {@code agent=…} (newest 50), {@code action=…} or one {@code delivery=…}; or the
   * deliveries now in a {@code state=…} (a kind of event) and/or of a {@code medium=…}, newest 50.
   */
  ObjectNode search(Map<String, String> query) {
    String agent = query.get("agent");
    String action = query.get("action");
    String delivery = query.get("delivery");
    String state = query.get("state");
    String medium = query.get("medium");
    boolean byState = state != null || medium != null;
    int given =
        (agent == null ? 0 : 1)
            + (action == null ? 0 : 1)
            + (delivery == null ? 0 : 1)
            + (byState ? 1 : 0);
    if (given != 1) {
      throw new BadRequest(
          "search by agent, by action, one delivery or by state: give one of agent=…, action=…,"
              + " delivery=… and state=… / medium=…");
    }
    List<HistoryEvent> events =
        byState
            ? notifier.history().find(stateFilter(state, medium), null, 50)
            : agent != null
                ? notifier.history().ofUser(agent, null, 50)
                : action != null
                    ? notifier.history().ofAction(action)
                    : notifier.history().of(Objects.requireNonNull(delivery));
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

  /** The deliveries now in {@code state} (any when empty) of {@code medium} (any when null). */
  private static HistoryFilter stateFilter(@Nullable String state, @Nullable String medium) {
    HistoryFilter f = HistoryFilter.ALL.current();
    if (state != null && !state.isEmpty()) {
      try {
        f = f.kinds(HistoryEvent.Kind.valueOf(state));
      } catch (IllegalArgumentException e) {
        throw new BadRequest(
            "state: expected one of "
                + Arrays.toString(HistoryEvent.Kind.values())
                + ", got "
                + NotifyException.quote(state));
      }
    }
    try {
      return medium == null || medium.isEmpty() ? f : f.medium(medium);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  /** The dead letters, oldest first (at most 100), and the outbox's counts by medium. */
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
    ArrayNode summary = out.putArray("summary");
    notifier
        .countsByMedium()
        .forEach(
            (medium, c) -> {
              ObjectNode n = summary.addObject();
              n.put("medium", medium);
              n.put("scheduled", c.scheduled());
              n.put("due", c.due());
              n.put("leased", c.leased());
              n.put("done", c.done());
              n.put("dead", c.dead());
              n.put("oldestDueSeconds", c.oldestDueAge().map(Duration::toSeconds).orElse(0L));
            });
    return out;
  }

  /** Redrives the dead letter {@code id} of the body, recorded as asked by {@code admin}. */
  ObjectNode redrive(String admin, JsonNode body) {
    String id = WebJson.text(body, "id");
    ObjectNode out = json.createObjectNode();
    out.put("redriven", notifier.redrive(id, admin));
    return out;
  }

  /**
   * Purges the dead letters of the body's {@code kind} ({@code PERMANENT}, {@code TRANSIENT},
   * {@code UNKNOWN} or empty for all) and {@code medium} (empty for all), recorded as asked by
   * {@code admin}.
   */
  ObjectNode purge(String admin, JsonNode body) {
    DeadLetterFilter filter = DeadLetterFilter.ALL;
    String kind = body.path("kind").asText("");
    if (!kind.isEmpty()) {
      try {
        filter = filter.kinds(TransportException.Kind.valueOf(kind));
      } catch (IllegalArgumentException e) {
        throw new BadRequest("kind must be PERMANENT, TRANSIENT or UNKNOWN, got \"" + kind + "\"");
      }
    }
    String medium = body.path("medium").asText("");
    if (!medium.isEmpty()) {
      try {
        filter = filter.medium(medium);
      } catch (IllegalArgumentException e) {
        throw new BadRequest(e.getMessage());
      }
    }
    ObjectNode out = json.createObjectNode();
    out.put("purged", notifier.purgeDeadLetters(filter, admin));
    return out;
  }
}
