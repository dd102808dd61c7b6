package dev.notify.settings;

import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.internal.Checks;
import dev.notify.internal.Keys;
import dev.notify.internal.SettingsAccess;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One user's sparse notification settings: the values they chose, (option, channel?, medium) →
 * frequency, and their sound tones. Everything not set here follows the engine's
 * {@link DefaultTable}; a user who never changed anything shares the single {@link #none()}
 * instance and costs nothing but the reference to it.
 *
 * <p>Immutable and thread-safe. Instances are validated against a catalog and the user's tenure on
 * construction ({@link #of}); the settings page edits them through {@link #edit}.
 *
 * @since 0.1.0
 */
public final class UserSettings {
  private static final UserSettings NONE = new UserSettings(new Setting[0], new long[0], new Tone[0], new int[0], new int[0]);

  /** Linear scans beat binary search for the few values a user sets. */
  private static final int LINEAR_SCAN_LIMIT = 12;

  static {
    SettingsAccess.install(new Access());
  }

  private final Setting[] settings; // sorted by key
  /** {@code (key << 2) | frequency ordinal}, sorted: one array, so a lookup touches one object. */
  private final long[] entries;
  private final Tone[] tones;
  private final int[] toneCategories;
  private final int[] toneChannels; // -1 for all channels

  private UserSettings(Setting[] settings, long[] entries, Tone[] tones, int[] toneCategories, int[] toneChannels) {
    this.settings = settings;
    this.entries = entries;
    this.tones = tones;
    this.toneCategories = toneCategories;
    this.toneChannels = toneChannels;
  }

  /** The settings of a user who follows the default table in everything and has no sounds. */
  public static UserSettings none() {
    return NONE;
  }

  /**
   * Validates and builds a user's settings.
   *
   * @param catalog the catalog that defines the options, channels and media
   * @param tenure the user's tenure, which decides whether legacy options are available to them
   * @param settings the chosen values; at most one per (option, channel, medium)
   * @param tones the chosen tones; at most one per (category, channel)
   * @throws NotifyException with the path of the first bad entry ({@code settings[2].channel},
   *     {@code sounds[0].tone} …): an unknown option, channel or medium, a channel on an option
   *     that is not set per channel, a legacy option unavailable to this user, a channel on a
   *     sound category other than {@code new_message}, a duplicate
   */
  public static UserSettings of(Catalog catalog, Tenure tenure, List<Setting> settings, List<Tone> tones) {
    Checks.notNull(catalog, "catalog");
    Checks.notNull(tenure, "tenure");
    Checks.noNulls(settings, "settings");
    Checks.noNulls(tones, "tones");
    if (settings.isEmpty() && tones.isEmpty()) {
      return NONE;
    }
    int n = settings.size();
    Setting[] sorted = new Setting[n];
    long[] keys = new long[n];
    Map<Long, Integer> seen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Setting s = settings.get(i);
      String path = "settings[" + i + "]";
      NotificationOption option = catalog.option(s.option()).orElseThrow(() -> new NotifyException(path + ".event",
          Checks.format("unknown notification option %s", Checks.quote(s.option()))));
      if (!option.availability().isAvailableTo(tenure)) {
        throw new NotifyException(path + ".event", Checks.format(
            "option %s is unavailable to this user: it is a legacy option, unavailable to users and organisations created on or after %s",
            Checks.quote(option.id()), option.availability().cutoff()));
      }
      int channelKey = -1;
      if (s.channel() != null) {
        if (!option.perChannel()) {
          throw new NotifyException(path + ".channel", Checks.format(
              "option %s is not set per channel, so it takes no channel, got channel %s", Checks.quote(option.id()), Checks.quote(s.channel().id())));
        }
        if (!catalog.hasChannel(s.channel())) {
          throw new NotifyException(path + ".channel", Checks.format("unknown channel %s", Checks.quote(s.channel().id())));
        }
        channelKey = Keys.channel(s.channel().id());
      }
      if (!catalog.hasMedium(s.medium())) {
        throw new NotifyException(path + ".medium", Checks.format("unknown medium %s", Checks.quote(s.medium().id())));
      }
      long key = Keys.setting(Keys.option(option.id()), channelKey, Keys.medium(s.medium().id()));
      Integer previous = seen.putIfAbsent(key, i);
      if (previous != null) {
        throw new NotifyException(path, Checks.format("duplicate setting for %s %s %s (also settings[%d])", option.id(),
            s.channel() == null ? "all channels" : "channel " + s.channel().id(), s.medium().id(), previous));
      }
      keys[i] = key;
      sorted[i] = s;
    }
    // Sort both arrays by key so lookups can binary-search.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(keys[a], keys[b]));
    Setting[] s2 = new Setting[n];
    long[] entries = new long[n];
    for (int i = 0; i < n; i++) {
      s2[i] = sorted[order[i]];
      entries[i] = keys[order[i]] << 2 | s2[i].frequency().ordinal();
    }

    int t = tones.size();
    Tone[] toneArray = new Tone[t];
    int[] cats = new int[t];
    int[] chans = new int[t];
    Map<String, Integer> seenTones = new HashMap<>();
    for (int i = 0; i < t; i++) {
      Tone tone = tones.get(i);
      String path = "sounds[" + i + "]";
      if (tone.channel() != null) {
        if (!tone.category().perChannel()) {
          throw new NotifyException(path + ".channel", Checks.format(
              "sound category %s is not set per channel, got channel %s", Checks.quote(tone.category().id()), Checks.quote(tone.channel().id())));
        }
        if (!catalog.hasChannel(tone.channel())) {
          throw new NotifyException(path + ".channel", Checks.format("unknown channel %s", Checks.quote(tone.channel().id())));
        }
      }
      String id = tone.category().id() + "/" + (tone.channel() == null ? "" : tone.channel().id());
      Integer previous = seenTones.putIfAbsent(id, i);
      if (previous != null) {
        throw new NotifyException(path, Checks.format("duplicate sound for %s %s (also sounds[%d])", tone.category().id(),
            tone.channel() == null ? "all channels" : "channel " + tone.channel().id(), previous));
      }
      toneArray[i] = tone;
      cats[i] = tone.category().ordinal();
      chans[i] = tone.channel() == null ? -1 : Keys.channel(tone.channel().id());
    }
    return new UserSettings(s2, entries, toneArray, cats, chans);
  }

  /** The chosen values, in a stable order. */
  public List<Setting> settings() {
    return List.of(settings);
  }

  /** The chosen tones, in the order given. */
  public List<Tone> tones() {
    return List.of(tones);
  }

  /** Whether the user follows the defaults in everything and has no sounds. */
  public boolean isEmpty() {
    return settings.length == 0 && tones.length == 0;
  }

  /**
   * The value the user chose for exactly this key, without falling back: for an option-wide
   * value pass a {@code null} channel.
   */
  public Optional<Frequency> chosen(String option, Channel channel, Medium medium) {
    Checks.notNull(option, "option");
    Checks.notNull(medium, "medium");
    for (Setting s : settings) {
      if (s.option().equals(option) && Objects.equals(s.channel(), channel) && s.medium().equals(medium)) {
        return Optional.of(s.frequency());
      }
    }
    return Optional.empty();
  }

  /** The tone chosen for exactly (category, channel); {@code null} channel for all channels. */
  public Optional<String> chosenTone(SoundCategory category, Channel channel) {
    Checks.notNull(category, "category");
    for (Tone t : tones) {
      if (t.category() == category && Objects.equals(t.channel(), channel)) {
        return Optional.of(t.tone());
      }
    }
    return Optional.empty();
  }

  /**
   * Starts an edit of these settings, as a settings page does. The editor validates on
   * {@link Editor#build()} against {@code catalog} and {@code tenure}.
   */
  public Editor edit(Catalog catalog, Tenure tenure) {
    return new Editor(catalog, tenure, this);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof UserSettings u && Arrays.equals(entries, u.entries)
        && new java.util.HashSet<>(Arrays.asList(tones)).equals(new java.util.HashSet<>(Arrays.asList(u.tones)));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(entries) * 31 + new java.util.HashSet<>(Arrays.asList(tones)).hashCode();
  }

  @Override
  public String toString() {
    return "UserSettings" + Arrays.toString(settings) + (tones.length == 0 ? "" : Arrays.toString(tones));
  }

  private int resolve(long channelKey, long optionKey) {
    long[] e = entries;
    int n = e.length;
    if (n <= LINEAR_SCAN_LIMIT) {
      // One pass for both layers: the channel value wins, so stop at it; remember the option-wide one.
      int option = -1;
      for (int i = 0; i < n; i++) {
        long key = e[i] >>> 2;
        if (key == channelKey) {
          return SettingsAccess.CHANNEL | (int) (e[i] & 3);
        }
        if (key == optionKey) {
          option = SettingsAccess.OPTION | (int) (e[i] & 3);
        }
      }
      return option;
    }
    int f = channelKey < 0 ? -1 : find(channelKey);
    if (f >= 0) {
      return SettingsAccess.CHANNEL | f;
    }
    f = find(optionKey);
    return f >= 0 ? SettingsAccess.OPTION | f : -1;
  }

  private int find(long key) {
    int i = Arrays.binarySearch(entries, key << 2);
    if (i < 0) {
      i = -i - 1;
    }
    return i < entries.length && entries[i] >>> 2 == key ? (int) (entries[i] & 3) : -1;
  }

  private long summarize(long[] table, byte[] shifts, int shift) {
    long[] e = entries;
    long summary = 0;
    if (e.length <= LINEAR_SCAN_LIMIT) {
      // Few values: one pass over them, each probing the plan's small table.
      int mask = table.length - 1;
      for (long entry : e) {
        long key = entry >>> 2;
        int h = SettingsAccess.slot(key, shift);
        long t;
        while ((t = table[h]) != 0) {
          if (t == key + 1) {
            summary |= (4L | (entry & 3)) << shifts[h];
            break;
          }
          h = (h + 1) & mask;
        }
      }
      return summary;
    }
    // Many values: look up each key the plan needs instead.
    for (int h = 0; h < table.length; h++) {
      if (table[h] != 0) {
        int f = find(table[h] - 1);
        if (f >= 0) {
          summary |= (4L | f) << shifts[h];
        }
      }
    }
    return summary;
  }

  private String tone(int category, int channelKey) {
    String all = null;
    for (int i = 0; i < toneCategories.length; i++) {
      if (toneCategories[i] == category) {
        int c = toneChannels[i];
        if (c == -1) {
          all = tones[i].tone();
        } else if (c == channelKey) {
          return tones[i].tone();
        }
      }
    }
    return all;
  }

  private static final class Access extends SettingsAccess {
    @Override
    public int resolve(UserSettings settings, long channelKey, long optionKey) {
      return settings.resolve(channelKey, optionKey);
    }

    @Override
    public long summarize(UserSettings settings, long[] table, byte[] shifts, int shift) {
      return settings.summarize(table, shifts, shift);
    }

    @Override
    public String tone(UserSettings settings, int category, int channelKey) {
      return settings.tone(category, channelKey);
    }
  }

  /**
   * Edits settings the way a settings page does: set a value, clear it back to the default, apply
   * one value to all channels, set or clear a tone. Not thread-safe; {@link #build()} validates
   * and returns a new immutable {@link UserSettings}, leaving the original untouched.
   */
  public static final class Editor {
    private record Key(String option, Channel channel, Medium medium) {}

    private record ToneKey(SoundCategory category, Channel channel) {}

    private final Catalog catalog;
    private final Tenure tenure;
    private final LinkedHashMap<Key, Setting> settings = new LinkedHashMap<>();
    private final LinkedHashMap<ToneKey, Tone> tones = new LinkedHashMap<>();

    private Editor(Catalog catalog, Tenure tenure, UserSettings from) {
      this.catalog = Checks.notNull(catalog, "catalog");
      this.tenure = Checks.notNull(tenure, "tenure");
      for (Setting s : from.settings) {
        settings.put(new Key(s.option(), s.channel(), s.medium()), s);
      }
      for (Tone t : from.tones) {
        tones.put(new ToneKey(t.category(), t.channel()), t);
      }
    }

    /** Sets one value, replacing any earlier value for the same key. */
    public Editor set(Setting setting) {
      Checks.notNull(setting, "setting");
      settings.put(new Key(setting.option(), setting.channel(), setting.medium()), setting);
      return this;
    }

    /** Clears one value back to the default (or, for a channel, back to the option-wide value). */
    public Editor clear(String option, Channel channel, Medium medium) {
      Checks.notNull(option, "option");
      Checks.notNull(medium, "medium");
      settings.remove(new Key(option, channel, medium));
      return this;
    }

    /**
     * Applies one value to every channel of the option, present and installed later: sets the
     * option-wide value and removes the channel values of that option and medium.
     */
    public Editor applyToAllChannels(String option, Medium medium, Frequency frequency) {
      Checks.notNull(option, "option");
      Checks.notNull(medium, "medium");
      Checks.notNull(frequency, "frequency");
      settings.keySet().removeIf(k -> k.option.equals(option) && k.medium.equals(medium) && k.channel != null);
      return set(Setting.of(option, medium, frequency));
    }

    /** Clears every value of the user, back to the default table. */
    public Editor resetAll() {
      settings.clear();
      return this;
    }

    /** Sets a tone, replacing any earlier tone for the same (category, channel). */
    public Editor tone(Tone tone) {
      Checks.notNull(tone, "tone");
      tones.put(new ToneKey(tone.category(), tone.channel()), tone);
      return this;
    }

    /** Clears a tone (the red X of the settings page): that category becomes silent again. */
    public Editor clearTone(SoundCategory category, Channel channel) {
      Checks.notNull(category, "category");
      tones.remove(new ToneKey(category, channel));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws NotifyException as {@link UserSettings#of} does
     */
    public UserSettings build() {
      return UserSettings.of(catalog, tenure, new ArrayList<>(settings.values()), new ArrayList<>(tones.values()));
    }
  }
}
