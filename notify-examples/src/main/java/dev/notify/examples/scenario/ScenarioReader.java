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
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the scenario format of the conformance contract strictly: every field not in the format,
 * every unknown user, team, customer, option, channel, medium, frequency, presence, kind or sound
 * category, every duplicate is a {@link NotifyException} with the JSON path of the bad field.
 * Thread-safe.
 */
public final class ScenarioReader {
  private static final List<String> KINDS =
      List.of(
          "message.received",
          "conversation.assigned",
          "conversation.transferred",
          "snooze.expired",
          "note.added",
          "object.created",
          "object.updated",
          "app.updated");

  /** Actions carry no time in the format; they all happen at this instant. */
  public static final Instant SCENARIO_TIME = Instant.parse("2024-05-01T09:00:00Z");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final Catalog catalog;

  /** A reader for the standard catalog. */
  public ScenarioReader() {
    this(Catalog.standard());
  }

  /** A reader for {@code catalog}. */
  public ScenarioReader(Catalog catalog) {
    this.catalog = catalog;
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
    Json top = Json.object(root, "", Set.of("org", "teams", "customers", "users", "actions"));

    LocalDate orgCreated = null;
    if (top.has("org")) {
      orgCreated =
          Json.object(top.raw("org"), "org", Set.of("createdAt")).optionalDate("createdAt");
    }
    InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(orgCreated);
    FixedPresence presence = new FixedPresence();
    InMemorySettingsStore settings = new InMemorySettingsStore();

    // Users first: every other section refers to them.
    Map<String, JsonNode> users = top.members("users");
    for (Map.Entry<String, JsonNode> e : users.entrySet()) {
      String id = e.getKey();
      String path = "users." + id;
      Json u =
          Json.object(
              e.getValue(), path, Set.of("createdAt", "presence", "email", "settings", "sounds"));
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
    JsonNode list = top.raw("actions");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw Json.error("actions", "expected an array, got " + Json.describe(list));
      }
      for (int i = 0; i < list.size(); i++) {
        Action a = readAction(list.get(i), "actions[" + i + "]", directory, customers);
        if (!ids.add(a.id())) {
          throw Json.error("actions[" + i + "].id", "duplicate action id " + Json.quote(a.id()));
        }
        actions.add(a);
      }
    }
    return new Scenario(directory, presence, settings, actions);
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
      throw Json.error(path, what + " " + e.getMessage().replaceFirst("^id ", ""));
    }
    return name;
  }

  private UserSettings readSettings(Json u, Tenure tenure) {
    List<Setting> values = new ArrayList<>();
    for (Json s : u.objects("settings", Set.of("event", "channel", "medium", "frequency"))) {
      String event = s.requiredString("event");
      String channel = s.optionalString("channel");
      String medium = s.requiredString("medium");
      String frequency = s.requiredString("frequency");
      Frequency f = parse(() -> Frequency.parse(frequency), s.path("frequency"));
      Medium m = parse(() -> Medium.of(medium), s.path("medium"));
      Channel c = channel == null ? null : parse(() -> Channel.of(channel), s.path("channel"));
      values.add(parse(() -> new Setting(event, c, m, f), s.path("event")));
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

  private Action readAction(
      JsonNode node, String path, InMemoryDirectory directory, Set<String> customers) {
    if (node == null || !node.isObject() || !node.has("kind")) {
      Json.object(node, path, Set.of("kind", "id")); // reports a non-object
      throw Json.error(path + ".kind", "required field is missing");
    }
    JsonNode kindNode = node.get("kind");
    if (!kindNode.isTextual()) {
      throw Json.error(path + ".kind", "expected a string, got " + Json.describe(kindNode));
    }
    String kind = kindNode.textValue();
    Instant at = SCENARIO_TIME;
    switch (kind) {
      case "message.received" -> {
        Json a =
            Json.object(
                node,
                path,
                Set.of(
                    "id",
                    "kind",
                    "channel",
                    "customer",
                    "conversation",
                    "assignee",
                    "newConversation"));
        String channel = a.requiredString("channel");
        Channel c = parse(() -> Channel.of(channel), a.path("channel"));
        if (!catalog.hasChannel(c)) {
          throw Json.error(
              a.path("channel"),
              "unknown channel "
                  + Json.quote(channel)
                  + NotifyException.known(
                      channel, catalog.channels().stream().map(Channel::id).toList()));
        }
        return new MessageReceived(
            a.requiredString("id"),
            at,
            c,
            customer(a, customers),
            a.requiredString("conversation"),
            optionalUser(a, "assignee", directory),
            a.optionalBoolean("newConversation", false),
            null);
      }
      case "conversation.assigned", "conversation.transferred" -> {
        Json a =
            Json.object(
                node, path, Set.of("id", "kind", "actor", "conversation", "customer", "assignee"));
        String id = a.requiredString("id");
        String actor = a.requiredString("actor");
        String conversation = a.requiredString("conversation");
        String customer = customer(a, customers);
        String assignee = knownUser(directory, a.requiredString("assignee"), a.path("assignee"));
        return kind.equals("conversation.assigned")
            ? new ConversationAssigned(id, at, actor, conversation, customer, assignee)
            : new ConversationTransferred(id, at, actor, conversation, customer, assignee);
      }
      case "snooze.expired" -> {
        Json a =
            Json.object(node, path, Set.of("id", "kind", "conversation", "customer", "assignee"));
        return new SnoozeExpired(
            a.requiredString("id"),
            at,
            a.requiredString("conversation"),
            customer(a, customers),
            optionalUser(a, "assignee", directory));
      }
      case "note.added" -> {
        Json a =
            Json.object(
                node,
                path,
                Set.of(
                    "id",
                    "kind",
                    "actor",
                    "conversation",
                    "customer",
                    "assignee",
                    "mentions",
                    "teamMentions"));
        String id = a.requiredString("id");
        String actor = a.requiredString("actor");
        String conversation = a.requiredString("conversation");
        String customer = customer(a, customers);
        String assignee = optionalUser(a, "assignee", directory);
        List<String> mentions = a.strings("mentions", true);
        for (int i = 0; i < mentions.size(); i++) {
          knownUser(directory, mentions.get(i), a.path("mentions") + "[" + i + "]");
        }
        List<String> teams = a.strings("teamMentions", true);
        for (int i = 0; i < teams.size(); i++) {
          if (!directory.hasTeam(teams.get(i))) {
            throw Json.error(
                a.path("teamMentions") + "[" + i + "]",
                "unknown team "
                    + Json.quote(teams.get(i))
                    + NotifyException.known(teams.get(i), directory.teamIds()));
          }
        }
        return new NoteAdded(
            id,
            at,
            actor,
            conversation,
            customer,
            assignee,
            new LinkedHashSet<>(mentions),
            new LinkedHashSet<>(teams),
            null);
      }
      case "object.created", "object.updated" -> {
        Json a = Json.object(node, path, Set.of("id", "kind", "actor", "customer", "object"));
        String id = a.requiredString("id");
        String actor = a.requiredString("actor");
        String customer = customer(a, customers);
        String object = a.optionalString("object");
        return kind.equals("object.created")
            ? new ObjectCreated(id, at, actor, customer, object)
            : new ObjectUpdated(id, at, actor, customer, object);
      }
      case "app.updated" -> {
        Json a = Json.object(node, path, Set.of("id", "kind", "app"));
        return new AppUpdated(a.requiredString("id"), at, a.requiredString("app"));
      }
      default ->
          throw Json.error(
              path + ".kind",
              "unknown action kind " + Json.quote(kind) + NotifyException.known(kind, KINDS));
    }
  }

  private static String customer(Json a, Set<String> customers) {
    String c = a.requiredString("customer");
    if (!customers.contains(c)) {
      throw Json.error(
          a.path("customer"),
          "unknown customer " + Json.quote(c) + NotifyException.known(c, customers));
    }
    return c;
  }

  private static String optionalUser(Json a, String field, InMemoryDirectory directory) {
    String u = a.optionalString(field);
    return u == null ? null : knownUser(directory, u, a.path(field));
  }

  private static String knownUser(InMemoryDirectory directory, String id, String path) {
    if (directory.user(id).isEmpty()) {
      throw Json.error(
          path,
          "unknown user " + Json.quote(id) + NotifyException.known(id, directory.allUserIds()));
    }
    return id;
  }

  private interface Parse<T> {
    T get();
  }

  /** Runs a core parser, turning its IllegalArgumentException into an error at {@code path}. */
  private static <T> T parse(Parse<T> p, String path) {
    try {
      return p.get();
    } catch (IllegalArgumentException e) {
      throw new NotifyException(path, e.getMessage(), e);
    }
  }
}
