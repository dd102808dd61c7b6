package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tab;
import dev.notify.catalog.Tenure;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Setting;
import dev.notify.settings.Tone;
import dev.notify.settings.UserSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings page's data, both ways: what an agent sees (every option they may have, on its tab,
 * with the value of each medium and channel and where it comes from: the default table, their
 * option-wide value, or their channel value; their sounds) and the edit a save sends back. Built
 * only on the library's public API: {@link Catalog}, {@link DefaultTable}, {@link
 * UserSettings#chosen} and {@link UserSettings.Editor}.
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
  private final DefaultTable defaults;
  private final ObjectMapper json;

  SettingsPage(Catalog catalog, DefaultTable defaults, ObjectMapper json) {
    this.catalog = catalog;
    this.defaults = defaults;
    this.json = json;
  }

  static String channelLabel(Channel c) {
    return CHANNEL_LABELS.getOrDefault(c.id(), c.id());
  }

  /** The page of one agent. */
  ObjectNode view(UserSettings s, long version, Tenure tenure) {
    ObjectNode page = json.createObjectNode();
    page.put("version", version);
    page.put("defaultTable", defaults.version());
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
          ObjectNode v = media.putObject(m.id());
          v.put("value", mine.orElse(defaults.frequency(o.id(), m)).name());
          v.put("from", mine.isPresent() ? "you" : "default");
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
              ObjectNode v = cm.putObject(m.id());
              v.put(
                  "value",
                  mine.orElse(Frequency.valueOf(media.get(m.id()).get("value").asText())).name());
              v.put("from", mine.isPresent() ? "you" : "all channels");
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
   * Applies a save: {@code changes} (option, channel or null, medium, frequency or null to follow
   * the default again), {@code allChannels} (option, medium, frequency: one value for every
   * channel) and {@code tones} (category, channel or null, tone or null to clear).
   *
   * @throws BadRequest naming the field at fault
   */
  UserSettings apply(UserSettings current, Tenure tenure, JsonNode body) {
    UserSettings.Editor e = current.edit(catalog, tenure);
    for (JsonNode c : array(body, "changes")) {
      String option = option(c);
      Channel channel = channel(c, "changes[].channel");
      Medium medium = medium(c);
      String f = WebJson.optionalText(c, "frequency");
      if (f == null) {
        e.clear(option, channel, medium);
      } else {
        Frequency freq = frequency(f);
        e.set(
            channel == null
                ? Setting.of(option, medium, freq)
                : Setting.of(option, channel, medium, freq));
      }
    }
    for (JsonNode c : array(body, "allChannels")) {
      e.applyToAllChannels(option(c), medium(c), frequency(WebJson.text(c, "frequency")));
    }
    for (JsonNode t : array(body, "tones")) {
      SoundCategory category;
      try {
        category = SoundCategory.fromId(WebJson.text(t, "category"));
      } catch (IllegalArgumentException ex) {
        throw new BadRequest("tones[].category: " + ex.getMessage());
      }
      Channel channel = channel(t, "tones[].channel");
      String tone = WebJson.optionalText(t, "tone");
      if (tone == null) {
        e.clearTone(category, channel);
      } else if (!TONES.contains(tone)) {
        throw new BadRequest("tones[].tone: unknown tone \"" + tone + "\" (known: " + TONES + ")");
      } else {
        e.tone(new Tone(category, channel, tone));
      }
    }
    return e.build();
  }

  private static Iterable<JsonNode> array(JsonNode body, String field) {
    JsonNode a = body.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new BadRequest(field + " must be an array");
    }
    return a;
  }

  private String option(JsonNode c) {
    String id = WebJson.text(c, "option");
    if (catalog.option(id).isEmpty()) {
      throw new BadRequest("option: unknown option \"" + id + "\"");
    }
    return id;
  }

  private @Nullable Channel channel(JsonNode c, String path) {
    String id = WebJson.optionalText(c, "channel");
    if (id == null) {
      return null;
    }
    for (Channel ch : catalog.channels()) {
      if (ch.id().equals(id)) {
        return ch;
      }
    }
    throw new BadRequest(path + ": unknown channel \"" + id + "\"");
  }

  private Medium medium(JsonNode c) {
    String id = WebJson.text(c, "medium");
    for (Medium m : catalog.media()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new BadRequest("medium: unknown medium \"" + id + "\"");
  }

  private static Frequency frequency(String f) {
    try {
      return Frequency.parse(f);
    } catch (IllegalArgumentException ex) {
      throw new BadRequest("frequency: " + ex.getMessage());
    }
  }
}
