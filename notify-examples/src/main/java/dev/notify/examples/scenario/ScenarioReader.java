package dev.notify.examples.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Presence;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.Lock;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.spi.UserAccount;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.UserTiming;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the scenario format of the conformance contract strictly: every field not in the format,
 * every unknown user, team, customer, option, channel, medium, frequency, presence, kind or sound
 * category, every duplicate is a {@link NotifyException} with the JSON path of the bad field.
 * Thread-safe.
 */
public final class ScenarioReader {
  /** Actions carry no time in the format; they all happen at this instant. */
  public static final Instant SCENARIO_TIME = Instant.parse("2024-05-01T09:00:00Z");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Catalog catalog;
  private final ActionReader actionReader;

  /** A reader for the standard catalog. */
  public ScenarioReader() {
    this(Catalog.standard());
  }

  /** A reader for {@code catalog}. */
  public ScenarioReader(Catalog catalog) {
    this.catalog = catalog;
    this.actionReader = new ActionReader(catalog);
  }

  /**
   * Reads a scenario.
   *
   * @throws NotifyException naming the bad field's path and quoting the value; malformed JSON is
   *     reported with its line and column
   */
  public Scenario read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      // Jackson names its own source location in brackets; keep just the line and column.
      String detail =
          e.getOriginalMessage()
              .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
      throw new NotifyException("", "invalid JSON" + where + ": " + detail, e);
    }
    if (root == null || root.isMissingNode()) {
      throw new NotifyException("", "invalid JSON: the document is empty");
    }
    Json top =
        Json.object(root, "", Set.of("org", "teams", "customers", "users", "actions", "reads"));

    LocalDate orgCreated = null;
    List<Lock> locks = List.of();
    Scenario.Defaults defaults = null;
    Set<String> urgent = new LinkedHashSet<>();
    if (top.has("org")) {
      Json.aliases(top.raw("org"), "org", CREATED);
      Json org = Json.object(top.raw("org"), "org", OrganizationReader.FIELDS);
      OrganizationReader organization = new OrganizationReader(catalog);
      orgCreated = org.optionalDate("createdAt");
      locks = organization.locks(org);
      defaults = organization.defaults(org);
      urgent = organization.urgent(org);
    }
    Map<String, UserTiming> timings = new LinkedHashMap<>();
    String needsInstants = null; // the first field that only a scenario with instants may have
    InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(orgCreated);
    FixedPresence presence = new FixedPresence();
    InMemorySettingsStore settings = new InMemorySettingsStore();

    // Users first: every other section refers to them.
    Map<String, JsonNode> users = top.members("users");
    for (Map.Entry<String, JsonNode> e : users.entrySet()) {
      String id = e.getKey();
      String path = "users." + id;
      Json.aliases(e.getValue(), path, CREATED);
      Json u =
          Json.object(
              e.getValue(),
              path,
              Set.of(
                  "createdAt",
                  "presence",
                  "email",
                  "settings",
                  "sounds",
                  "zone",
                  "quietHours",
                  "unreadDelayMinutes",
                  "digest",
                  "throttle"));
      LocalDate created = u.optionalDate("createdAt");
      String email = u.optionalString("email");
      directory.putUser(new UserAccount(checkedUserId(id, path), created, email));
      String p = u.optionalString("presence");
      presence.set(
          id, p == null ? Presence.LOGGED_OUT : parse(() -> Presence.parse(p), u.path("presence")));
      UserSettings us = readSettings(u, Tenure.of(orgCreated, created));
      if (!us.isEmpty()) {
        settings.save(id, us, 0);
      }
      for (String f : List.of("zone", "quietHours", "unreadDelayMinutes", "digest", "throttle")) {
        if (needsInstants == null && u.has(f)) {
          needsInstants = u.path(f);
        }
      }
      for (int i = 0; i < us.settings().size() && needsInstants == null; i++) {
        if (us.settings().get(i).frequency().isConditional()) {
          needsInstants = u.path("settings") + "[" + i + "].frequency";
        }
      }
      UserTiming timing = readTiming(u);
      if (timing != null) {
        timings.put(id, timing);
      }
    }

    for (Map.Entry<String, JsonNode> e : top.members("teams").entrySet()) {
      String path = "teams." + e.getKey();
      checkedName(e.getKey(), path, "a team name");
      if (!e.getValue().isArray()) {
        throw Json.error(path, "expected an array of user ids, got " + Json.describe(e.getValue()));
      }
      List<String> members = new ArrayList<>();
      for (int i = 0; i < e.getValue().size(); i++) {
        JsonNode m = e.getValue().get(i);
        String mp = path + "[" + i + "]";
        if (!m.isTextual()) {
          throw Json.error(mp, "expected a user id, got " + Json.describe(m));
        }
        members.add(knownUser(directory, m.textValue(), mp));
      }
      directory.putTeam(e.getKey(), members);
    }

    Set<String> customers = new HashSet<>();
    for (Map.Entry<String, JsonNode> e : top.members("customers").entrySet()) {
      String path = "customers." + e.getKey();
      checkedName(e.getKey(), path, "a customer name");
      Json c = Json.object(e.getValue(), path, Set.of("followers"));
      List<String> followers = c.strings("followers", false);
      for (int i = 0; i < followers.size(); i++) {
        knownUser(directory, followers.get(i), c.path("followers") + "[" + i + "]");
      }
      directory.putFollowers(e.getKey(), followers);
      customers.add(e.getKey());
    }

    List<Action> actions = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int timed = -1;
    int untimed = -1;
    JsonNode list = top.raw("actions");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw Json.error("actions", "expected an array, got " + Json.describe(list));
      }
      for (int i = 0; i < list.size(); i++) {
        Action a = actionReader.read(list.get(i), "actions[" + i + "]", directory, customers);
        if (!ids.add(a.id())) {
          throw Json.error("actions[" + i + "].id", "duplicate action id " + Json.quote(a.id()));
        }
        JsonNode at = list.get(i).get("at");
        if (at != null && !at.isNull()) {
          timed = timed < 0 ? i : timed;
        } else {
          untimed = untimed < 0 ? i : untimed;
        }
        if (timed >= 0 && untimed >= 0) {
          throw Json.error(
              "actions[" + Math.max(timed, untimed) + "].at",
              "either every action has an instant \"at\" or none has: actions["
                  + timed
                  + "] has one, actions["
                  + untimed
                  + "] has none");
        }
        actions.add(a);
      }
    }
    boolean withInstants = timed >= 0;
    List<Scenario.Read> reads = readReads(top, directory, ids);
    if (!withInstants) {
      if (needsInstants == null && !reads.isEmpty()) {
        needsInstants = reads.get(0).path();
      }
      if (needsInstants != null) {
        throw Json.error(
            needsInstants,
            "quiet hours, zones, unread delays, digests, reads and IF_UNREAD need actions with"
                + " instants: give every action an \"at\"");
      }
      return new Scenario(directory, presence, settings, actions, null, locks, defaults);
    }
    return new Scenario(
        directory,
        presence,
        settings,
        actions,
        new Scenario.Timing(timings, urgent, reads),
        locks,
        defaults);
  }

  /** A user's quiet hours, unread delay, digest and throttle; null when they have none of them. */
  private static @Nullable UserTiming readTiming(Json u) {
    if (!u.has("zone")
        && !u.has("quietHours")
        && !u.has("unreadDelayMinutes")
        && !u.has("digest")
        && !u.has("throttle")) {
      return null;
    }
    ZoneId zone = ZoneId.of("UTC");
    String z = u.optionalString("zone");
    if (z != null) {
      if (!ZoneId.getAvailableZoneIds().contains(z)) {
        throw Json.error(
            u.path("zone"),
            "expected an IANA time-zone id such as \"Europe/Paris\", got " + Json.quote(z));
      }
      zone = ZoneId.of(z);
    }
    List<QuietWindow> windows = new ArrayList<>();
    for (Json w : u.objects("quietHours", Set.of("days", "from", "to"))) {
      List<String> names = w.strings("days", true);
      if (names.isEmpty()) {
        throw Json.error(w.path("days"), "expected at least one day, got none");
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (int i = 0; i < names.size(); i++) {
        String d = names.get(i);
        DayOfWeek day = DAYS.get(d);
        String dp = w.path("days") + "[" + i + "]";
        if (day == null) {
          throw Json.error(
              dp, "unknown day " + Json.quote(d) + " (known: MON, TUE, WED, THU, FRI, SAT, SUN)");
        }
        if (!days.add(day)) {
          throw Json.error(dp, "day " + Json.quote(d) + " is listed twice");
        }
      }
      windows.add(new QuietWindow(days, clock(w, "from"), clock(w, "to")));
    }
    QuietHours quiet;
    try {
      quiet = QuietHours.of(zone, windows);
    } catch (IllegalArgumentException e) {
      throw Json.error(u.path("quietHours"), e.getMessage());
    }
    int delay =
        u.optionalInt(
            "unreadDelayMinutes", 1, 1440, (int) UserTiming.DEFAULT_UNREAD_DELAY.toMinutes());
    DigestPolicy digest = null;
    if (u.has("digest")) {
      Json d =
          Json.object(
              u.raw("digest"), u.path("digest"), Set.of("windowMinutes", "max", "flushFirst"));
      digest =
          new DigestPolicy(
              Duration.ofMinutes(d.requiredInt("windowMinutes", 1, 1440)),
              d.requiredInt("max", 2, 50),
              d.optionalBoolean("flushFirst", false));
    }
    Throttle throttle = null;
    if (u.has("throttle")) {
      Json t = Json.object(u.raw("throttle"), u.path("throttle"), Set.of("max", "windowMinutes"));
      throttle =
          new Throttle(
              t.requiredInt("max", 1, 1000),
              Duration.ofMinutes(t.requiredInt("windowMinutes", 1, 1440)));
    }
    return new UserTiming(quiet, Duration.ofMinutes(delay), digest, throttle);
  }

  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "MON", DayOfWeek.MONDAY,
          "TUE", DayOfWeek.TUESDAY,
          "WED", DayOfWeek.WEDNESDAY,
          "THU", DayOfWeek.THURSDAY,
          "FRI", DayOfWeek.FRIDAY,
          "SAT", DayOfWeek.SATURDAY,
          "SUN", DayOfWeek.SUNDAY);

  private static LocalTime clock(Json w, String field) {
    String s = w.requiredString(field);
    if (!s.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
      throw Json.error(
          w.path(field), "expected a time HH:MM such as \"08:00\", got " + Json.quote(s));
    }
    return LocalTime.parse(s);
  }

  private static List<Scenario.Read> readReads(
      Json top, InMemoryDirectory directory, Set<String> actionIds) {
    List<Scenario.Read> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Json r : top.objects("reads", Set.of("user", "action", "at"))) {
      String user = knownUser(directory, r.requiredString("user"), r.path("user"));
      String action = r.requiredString("action");
      if (!actionIds.contains(action)) {
        throw Json.error(
            r.path("action"),
            "unknown action " + Json.quote(action) + NotifyException.known(action, actionIds));
      }
      Instant at = r.optionalInstant("at");
      if (at == null) {
        throw Json.error(r.path("at"), "required field is missing");
      }
      if (!seen.add(user + "\u0000" + action)) {
        throw Json.error(
            r.path(),
            "user " + Json.quote(user) + " reads action " + Json.quote(action) + " twice");
      }
      out.add(new Scenario.Read(user, action, at, r.path()));
    }
    return out;
  }

  private static String checkedUserId(String id, String path) {
    return checkedName(id, path, "a user id");
  }

  /**
   * A name the scenario gives (user id, team, customer), checked as the library checks it, with the
   * JSON path of where it stands: not blank, no control characters, line separators, bidirectional
   * controls or lone surrogates.
   */
  private static String checkedName(String name, String path, String what) {
    if (name.isBlank()) {
      throw Json.error(path, what + " must not be blank, got " + NotifyException.quote(name));
    }
    try {
      new UserAccount(name, null, null); // the library's own check of a name
    } catch (IllegalArgumentException e) {
      throw Json.error(path, what + " " + String.valueOf(e.getMessage()).replaceFirst("^id ", ""));
    }
    return name;
  }

  private UserSettings readSettings(Json u, Tenure tenure) {
    List<Setting> values = new ArrayList<>();
    JsonNode list = u.raw("settings");
    if (list != null && list.isArray()) {
      for (int i = 0; i < list.size(); i++) {
        Json.aliases(list.get(i), u.path("settings") + "[" + i + "]", Map.of("option", "event"));
      }
    }
    for (Json s : u.objects("settings", Set.of("event", "channel", "medium", "frequency"))) {
      SettingValue v = SettingValue.read(s);
      values.add(
          parse(
              () -> new Setting(v.event(), v.channel(), v.medium(), v.frequency()),
              s.path("event")));
    }
    List<Tone> tones = new ArrayList<>();
    for (Json s : u.objects("sounds", Set.of("category", "channel", "tone"))) {
      String category = s.requiredString("category");
      String channel = s.optionalString("channel");
      String tone = s.requiredString("tone");
      SoundCategory cat = parse(() -> SoundCategory.fromId(category), s.path("category"));
      Channel c = channel == null ? null : parse(() -> Channel.of(channel), s.path("channel"));
      tones.add(parse(() -> new Tone(cat, c, tone), s.path("tone")));
    }
    try {
      return UserSettings.of(catalog, tenure, values, tones);
    } catch (NotifyException e) {
      throw e.under(u.path());
    }
  }

  /** The Java API's name of a user's or organisation's creation date. */
  private static final Map<String, String> CREATED = Map.of("createdOn", "createdAt");

  static String knownUser(InMemoryDirectory directory, String id, String path) {
    if (directory.user(id).isEmpty()) {
      throw Json.error(
          path,
          "unknown user " + Json.quote(id) + NotifyException.known(id, directory.allUserIds()));
    }
    return id;
  }

  interface Parse<T> {
    T get();
  }

  /** Runs a core parser, turning its IllegalArgumentException into an error at {@code path}. */
  static <T> T parse(Parse<T> p, String path) {
    try {
      return p.get();
    } catch (IllegalArgumentException e) {
      throw new NotifyException(path, String.valueOf(e.getMessage()), e);
    }
  }
}
