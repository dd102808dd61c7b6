package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.pipeline.Notifier;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.UserTiming;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Each agent's quiet hours, "if still unread" delay, digest of email and email limit, beyond the
 * seed: kept by notify ({@link Notifier#saveTiming}, in the database's {@code timings} table),
 * shown and edited on the settings page. Thread-safe.
 */
final class TimingPage {
  private final ObjectMapper json;
  private final Notifier notifier;

  TimingPage(ObjectMapper json, Notifier notifier) {
    this.json = json;
    this.notifier = notifier;
  }

  /** The agent's timing as the page shows it. */
  ObjectNode view(String agent) {
    UserTiming t = notifier.timingOf(agent);
    ObjectNode n = json.createObjectNode();
    n.put("zone", t.quietHours().zone().getId());
    ArrayNode windows = n.putArray("quietHours");
    for (QuietWindow w : t.quietHours().windows()) {
      ObjectNode o = windows.addObject();
      ArrayNode days = o.putArray("days");
      w.days().stream().sorted().forEach(d -> days.add(d.name()));
      o.put("from", w.from().toString());
      o.put("to", w.to().toString());
    }
    n.put("unreadDelayMinutes", t.unreadDelay().toMinutes());
    DigestPolicy d = t.digest();
    if (d != null) {
      ObjectNode o = n.putObject("digest");
      o.put("windowMinutes", d.window().toMinutes());
      o.put("max", d.max());
      o.put("flushFirst", d.flushFirst());
    }
    Throttle th = t.throttle();
    if (th != null) {
      ObjectNode o = n.putObject("throttle");
      o.put("max", th.max());
      o.put("windowMinutes", th.window().toMinutes());
    }
    n.put("defaultUnreadDelayMinutes", UserTiming.DEFAULT_UNREAD_DELAY.toMinutes());
    return n;
  }

  /** Saves the agent's timing after checking it whole. */
  void save(String agent, JsonNode body) {
    notifier.saveTiming(agent, parse(body));
  }

  /** The timing a body describes, or a {@link BadRequest} naming the bad field. */
  static UserTiming parse(JsonNode body) {
    String z = WebJson.text(body, "zone");
    if (!ZoneId.getAvailableZoneIds().contains(z)) {
      throw new BadRequest(
          "zone: expected an IANA time-zone id such as Europe/Paris, got \"" + z + "\"");
    }
    List<QuietWindow> windows = new ArrayList<>();
    JsonNode list = body.path("quietHours");
    if (!list.isMissingNode() && !list.isArray()) {
      throw new BadRequest("quietHours must be an array");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode w = list.get(i);
      String path = "quietHours[" + i + "]";
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String d : WebJson.texts(w, "days")) {
        try {
          days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new BadRequest(path + ".days: unknown day \"" + d + "\" (known: MONDAY … SUNDAY)");
        }
      }
      if (days.isEmpty()) {
        throw new BadRequest(path + ".days: choose at least one day");
      }
      windows.add(new QuietWindow(days, clock(w, path, "from"), clock(w, path, "to")));
    }
    QuietHours quiet;
    try {
      quiet = QuietHours.of(ZoneId.of(z), windows);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("quietHours: " + e.getMessage());
    }
    JsonNode delay = body.path("unreadDelayMinutes");
    if (!delay.canConvertToInt() || delay.asInt() < 1 || delay.asInt() > 1440) {
      throw new BadRequest(
          "unreadDelayMinutes: a whole number of minutes, 1 to 1440, got " + delay);
    }
    return new UserTiming(
        quiet,
        Duration.ofMinutes(delay.asInt()),
        digest(body.path("digest")),
        throttle(body.path("throttle")));
  }

  /** The limit a body asks for: null (none) when absent or null. */
  private static @Nullable Throttle throttle(JsonNode t) {
    if (t.isMissingNode() || t.isNull()) {
      return null;
    }
    if (!t.isObject()) {
      throw new BadRequest("throttle must be an object or null");
    }
    JsonNode max = t.path("max");
    if (!max.canConvertToInt() || max.asInt() < 1 || max.asInt() > 1000) {
      throw new BadRequest("throttle.max: a whole number, 1 to 1000, got " + max);
    }
    JsonNode window = t.path("windowMinutes");
    if (!window.canConvertToInt() || window.asInt() < 1 || window.asInt() > 1440) {
      throw new BadRequest(
          "throttle.windowMinutes: a whole number of minutes, 1 to 1440, got " + window);
    }
    return new Throttle(max.asInt(), Duration.ofMinutes(window.asInt()));
  }

  /** The digest a body asks for: null (none) when absent or null. */
  private static @Nullable DigestPolicy digest(JsonNode d) {
    if (d.isMissingNode() || d.isNull()) {
      return null;
    }
    if (!d.isObject()) {
      throw new BadRequest("digest must be an object or null");
    }
    JsonNode window = d.path("windowMinutes");
    if (!window.canConvertToInt() || window.asInt() < 1 || window.asInt() > 1440) {
      throw new BadRequest(
          "digest.windowMinutes: a whole number of minutes, 1 to 1440, got " + window);
    }
    JsonNode max = d.path("max");
    if (!max.canConvertToInt() || max.asInt() < 2 || max.asInt() > 50) {
      throw new BadRequest("digest.max: a whole number, 2 to 50, got " + max);
    }
    JsonNode first = d.path("flushFirst");
    if (!first.isMissingNode() && !first.isBoolean()) {
      throw new BadRequest("digest.flushFirst: true or false, got " + first);
    }
    return new DigestPolicy(
        Duration.ofMinutes(window.asInt()), max.asInt(), first.asBoolean(false));
  }

  private static LocalTime clock(JsonNode w, String path, String field) {
    String s = WebJson.text(w, field);
    try {
      if (!s.matches("\\d{2}:\\d{2}")) {
        throw new DateTimeParseException("not HH:MM", s, 0);
      }
      return LocalTime.parse(s);
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          path + "." + field + ": expected HH:MM such as 19:00, got \"" + s + "\"");
    }
  }
}
