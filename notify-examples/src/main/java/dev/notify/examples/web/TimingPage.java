package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.spi.TimingProvider;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.UserTiming;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Each agent's quiet hours, "if still unread" delay and digest of email, beyond the seed: kept by
 * the host in its own table (the library asks through {@link TimingProvider}), shown and edited on
 * the settings page. Thread-safe.
 */
final class TimingPage implements TimingProvider {
  private final DataSource dataSource;
  private final ObjectMapper json;
  private final Map<String, UserTiming> timings = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();

  TimingPage(DataSource dataSource, ObjectMapper json) throws SQLException {
    this.dataSource = dataSource;
    this.json = json;
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS web_timing (agent VARCHAR(64) PRIMARY KEY,"
              + " body VARCHAR(4000) NOT NULL)");
      try (ResultSet rs = st.executeQuery("SELECT agent, body FROM web_timing")) {
        while (rs.next()) {
          JsonNode body = read(rs.getString(2));
          timings.put(rs.getString(1), parse(body));
          bodies.put(rs.getString(1), body.toString());
        }
      }
    }
  }

  @Override
  public UserTiming timingOf(String userId) {
    return timings.getOrDefault(userId, UserTiming.DEFAULT);
  }

  /** The agent's timing as the page shows it. */
  ObjectNode view(String agent) {
    String body = bodies.get(agent);
    ObjectNode n = body == null ? defaults() : (ObjectNode) read(body);
    n.put("defaultUnreadDelayMinutes", UserTiming.DEFAULT_UNREAD_DELAY.toMinutes());
    return n;
  }

  /** Saves the agent's timing after checking it whole. */
  void save(String agent, JsonNode body) throws SQLException {
    UserTiming t = parse(body);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement del = c.prepareStatement("DELETE FROM web_timing WHERE agent = ?");
          PreparedStatement ins =
              c.prepareStatement("INSERT INTO web_timing (agent, body) VALUES (?, ?)")) {
        del.setString(1, agent);
        del.executeUpdate();
        ins.setString(1, agent);
        ins.setString(2, body.toString());
        ins.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
    timings.put(agent, t);
    bodies.put(agent, body.toString());
  }

  private ObjectNode defaults() {
    ObjectNode n = json.createObjectNode();
    n.put("zone", "UTC");
    n.putArray("quietHours");
    n.put("unreadDelayMinutes", UserTiming.DEFAULT_UNREAD_DELAY.toMinutes());
    return n;
  }

  private JsonNode read(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalStateException("a stored timing is not JSON: " + e.getMessage(), e);
    }
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
    return new UserTiming(quiet, Duration.ofMinutes(delay.asInt()), digest(body.path("digest")));
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
