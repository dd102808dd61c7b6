package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tab;
import dev.notify.catalog.Tenure;
import dev.notify.pipeline.Notifier;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Lock;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import dev.notify.spi.Directory;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.UserAccount;
import dev.notify.spi.VersionedSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings page's data, both ways: what an agent sees (every option they may have, on its tab,
 * with the value of each medium and channel and where it comes from: the organisation's default
 * table, their option-wide value, their channel value, or a lock of the organisation; their sounds)
 * and the edit a save sends back, made through {@link Notifier#editSettings} so that a locked key
 * is refused. Built only on the library's public API. Thread-safe.
 */
final class SettingsPage {
  /** The tones the page offers; the browser plays each with Web Audio. */
  static final List<String> TONES = List.of("ding", "chime", "pop", "bell");

  /** How the seed names the channels. */
  static final Map<String, String> CHANNEL_LABELS =
      Map.of(
          "amazon_connect", "Amazon Connect",
          "chat", "Chat",
          "email", "Email (Postmark)",
          "forms", "Forms",
          "gmail", "Gmail",
          "twilio", "Twilio");

  private static final Map<SoundCategory, String> SOUND_LABELS =
      Map.of(
          SoundCategory.NEW_MESSAGE, "New message",
          SoundCategory.ASSIGNED, "I'm assigned to a conversation",
          SoundCategory.MENTIONED, "I'm mentioned in a note",
          SoundCategory.TEAM_MENTIONED, "A team I'm on is mentioned in a note");

  private final Catalog catalog;
  private final ObjectMapper json;
  private final Directory directory;
  private final SettingsStore settings;
  private final OrganizationPage organization;
  private final Notifier notifier;
  private final CatalogFields fields;

  SettingsPage(
      Catalog catalog,
      ObjectMapper json,
      Directory directory,
      SettingsStore settings,
      OrganizationPage organization,
      Notifier notifier) {
    this.catalog = catalog;
    this.json = json;
    this.directory = directory;
    this.settings = settings;
    this.organization = organization;
    this.notifier = notifier;
    this.fields = new CatalogFields(catalog);
  }

  static String channelLabel(Channel c) {
    return CHANNEL_LABELS.getOrDefault(c.id(), c.id());
  }

  /** The page of {@code agent} as stored now. */
  ObjectNode view(String agent) {
    VersionedSettings v = settings.load(agent);
    ObjectNode page = view(v.settings(), v.version(), tenure(agent), organization.current());
    page.put("agent", agent);
    return page;
  }

  /**
   * Saves an agent's edit if their settings are still at the version the page was loaded with.
   *
   * @throws BadRequest 409 when they changed since, 400 naming the field at fault or the lock
   */
  ObjectNode save(String agent, JsonNode body) {
    JsonNode version = body.get("version");
    if (version == null || !version.canConvertToLong()) {
      throw new BadRequest("version is required: the version the page was loaded with");
    }
    if (settings.load(agent).version() != version.asLong()) {
      throw new BadRequest(
          409,
          "Your settings were changed elsewhere (another tab or window) since this page loaded;"
              + " nothing was saved. The page now shows the latest settings.");
    }
    try {
      notifier.editSettings(agent, e -> apply(e, body));
    } catch (NotifyException e) {
      throw new BadRequest(e.getMessage()); // a locked key, named
    }
    return view(agent);
  }

  private Tenure tenure(String agent) {
    UserAccount a = directory.user(agent).orElseThrow();
    return Tenure.of(directory.organizationCreatedOn().orElse(null), a.createdOn());
  }

  /** The page of one agent, under the organisation's table and locks. */
  ObjectNode view(UserSettings s, long version, Tenure tenure, @Nullable OrganizationSettings org) {
    DefaultTable table =
        org == null ? notifier.engine().defaults() : org.table(notifier.engine().defaults());
    List<Lock> locks = org == null ? List.of() : org.locks();
    ObjectNode page = json.createObjectNode();
    page.put("version", version);
    page.put("defaultTable", table.version());
    if (org != null) {
      page.put("organization", org.name());
    }
    ArrayNode tabs = page.putArray("tabs");
    for (Tab tab : Tab.values()) {
      ObjectNode t = tabs.addObject();
      t.put("id", tab.name().toLowerCase(Locale.ROOT));
      t.put("label", tab == Tab.TIMELINE ? "Timeline" : "System Events");
      ArrayNode options = t.putArray("options");
      for (NotificationOption o : catalog.options()) {
        if (o.tab() != tab || !o.availability().isAvailableTo(tenure)) {
          continue; // a legacy option is absent for an agent who may not have it
        }
        ObjectNode on = options.addObject();
        on.put("id", o.id());
        on.put("label", o.label());
        on.put("legacy", o.availability().isLegacy());
        ObjectNode media = on.putObject("media");
        for (Medium m : catalog.media()) {
          Optional<Frequency> mine = s.chosen(o.id(), null, m);
          Lock lock = Lock.deciding(locks, o.id(), m, null);
          ObjectNode v = media.putObject(m.id());
          if (lock != null) {
            v.put("value", lock.frequency().name());
            v.put("from", "your organisation");
            v.put("locked", true);
          } else {
            v.put("value", mine.orElse(table.frequency(o.id(), m)).name());
            v.put("from", mine.isPresent() ? "you" : "default");
          }
        }
        if (o.perChannel()) {
          ArrayNode channels = on.putArray("channels");
          for (Channel c : catalog.channels()) {
            ObjectNode cn = channels.addObject();
            cn.put("id", c.id());
            cn.put("label", channelLabel(c));
            ObjectNode cm = cn.putObject("media");
            for (Medium m : catalog.media()) {
              Optional<Frequency> mine = s.chosen(o.id(), c, m);
              Lock lock = Lock.deciding(locks, o.id(), m, c);
              ObjectNode v = cm.putObject(m.id());
              if (lock != null) {
                v.put("value", lock.frequency().name());
                v.put("from", "your organisation");
                v.put("locked", true);
              } else {
                v.put(
                    "value",
                    mine.orElse(Frequency.valueOf(media.get(m.id()).get("value").asText())).name());
                v.put("from", mine.isPresent() ? "you" : "all channels");
              }
            }
          }
        }
      }
    }
    ArrayNode sounds = page.putArray("sounds");
    for (SoundCategory category : SoundCategory.values()) {
      ObjectNode sc = sounds.addObject();
      sc.put("category", category.id());
      sc.put("label", SOUND_LABELS.get(category));
      ArrayNode rows = sc.putArray("rows");
      ObjectNode all = rows.addObject();
      all.putNull("channel");
      all.put("label", category.perChannel() ? "All channels" : SOUND_LABELS.get(category));
      all.put("tone", s.chosenTone(category, null).orElse(null));
      if (category.perChannel()) {
        for (Channel c : catalog.channels()) {
          ObjectNode row = rows.addObject();
          row.put("channel", c.id());
          row.put("label", channelLabel(c));
          row.put("tone", s.chosenTone(category, c).orElse(null));
        }
      }
    }
    ArrayNode tones = page.putArray("tones");
    TONES.forEach(tones::add);
    return page;
  }

  /**
   * Applies a save to {@code e}: {@code changes} (option, channel or null, medium, frequency or
   * null to follow the default again), {@code allChannels} (option, medium, frequency: one value
   * for every channel) and {@code tones} (category, channel or null, tone or null to clear).
   *
   * @throws BadRequest naming the field at fault
   */
  UserSettings.Editor apply(UserSettings.Editor e, JsonNode body) {
    for (JsonNode c : CatalogFields.array(body, "changes")) {
      String option = fields.option(c);
      Channel channel = fields.channel(c, "changes[].channel");
      Medium medium = fields.medium(c);
      String f = WebJson.optionalText(c, "frequency");
      if (f == null) {
        e.clear(option, channel, medium);
      } else {
        Frequency freq = CatalogFields.frequency(f);
        e.set(
            channel == null
                ? Setting.of(option, medium, freq)
                : Setting.of(option, channel, medium, freq));
      }
    }
    for (JsonNode c : CatalogFields.array(body, "allChannels")) {
      e.applyToAllChannels(
          fields.option(c),
          fields.medium(c),
          CatalogFields.frequency(WebJson.text(c, "frequency")));
    }
    for (JsonNode t : CatalogFields.array(body, "tones")) {
      SoundCategory category;
      try {
        category = SoundCategory.fromId(WebJson.text(t, "category"));
      } catch (IllegalArgumentException ex) {
        throw new BadRequest("tones[].category: " + ex.getMessage());
      }
      Channel channel = fields.channel(t, "tones[].channel");
      String tone = WebJson.optionalText(t, "tone");
      if (tone == null) {
        e.clearTone(category, channel);
      } else if (!TONES.contains(tone)) {
        throw new BadRequest("tones[].tone: unknown tone \"" + tone + "\" (known: " + TONES + ")");
      } else {
        e.tone(new Tone(category, channel, tone));
      }
    }
    return e;
  }
}
