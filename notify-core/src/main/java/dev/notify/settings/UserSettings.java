package dev.notify.settings;

import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One user's sparse notification settings: the values they chose, (option, channel?, medium) →
 * frequency, and their sound tones. Everything not set here follows the engine's {@link
 * DefaultTable}; a user who never changed anything shares the single {@link #none()} instance and
 * costs nothing but the reference to it.
 *
 * <p>Immutable and thread-safe. Instances are validated against a catalog and the user's tenure on
 * construction ({@link #of}); the settings page edits them through {@link #edit}.
 *
 * @since 0.1.0
 */
public final class UserSettings {
  private static final UserSettings NONE =
      new UserSettings(null, new Setting[0], new long[0], new Tone[0]);
  private static final Channel[] NO_CHANNELS = new Channel[0];

  /**
   * The keys of the catalog these settings were validated against; {@code null} for {@link
   * #none()}.
   */
  private final @Nullable SettingKeys keys;

  private final Setting[] settings; // sorted by key

  /** {@link #entry}s, sorted: one array, so a lookup touches one object. */
  private final long[] entries;

  private final Tone[] tones;
  // Per tone, its category and channel (null: all channels) side by side: a pop-up reads these
  // without touching each Tone.
  private final SoundCategory[] toneCategories;
  private final @Nullable Channel[] toneChannels;

  private UserSettings(
      @Nullable SettingKeys keys, Setting[] settings, long[] entries, Tone[] tones) {
    this.keys = keys;
    this.settings = settings;
    this.entries = entries;
    this.tones = tones;
    toneCategories = new SoundCategory[tones.length];
    toneChannels = tones.length == 0 ? NO_CHANNELS : new Channel[tones.length];
    for (int i = 0; i < tones.length; i++) {
      toneCategories[i] = tones[i].category();
      toneChannels[i] = tones[i].channel();
    }
  }

  /** The settings of a user who follows the default table in everything and has no sounds. */
  public static UserSettings none() {
    return NONE;
  }

  /**
   * Rebuilds settings a store saved: validated against {@code catalog} as {@link #of} does, but not
   * against a tenure — they were checked against the user's tenure when they were saved, and a
   * store does not know it.
   *
   * @throws NotifyException as {@link #of} does, but for legacy availability
   * @since 0.2.0
   */
  public static UserSettings restore(Catalog catalog, List<Setting> settings, List<Tone> tones) {
    return build(catalog, null, settings, tones);
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
   *     that is not set per channel, a legacy option unavailable to this user, a channel on a sound
   *     category other than {@code new_message}, a duplicate
   */
  public static UserSettings of(
      Catalog catalog, Tenure tenure, List<Setting> settings, List<Tone> tones) {
    Checks.notNull(tenure, "tenure");
    return build(catalog, tenure, settings, tones);
  }

  private static UserSettings build(
      Catalog catalog, @Nullable Tenure tenure, List<Setting> settings, List<Tone> tones) {
    Checks.notNull(catalog, "catalog");
    Checks.noNulls(settings, "settings");
    Checks.noNulls(tones, "tones");
    if (settings.isEmpty() && tones.isEmpty()) {
      return NONE;
    }
    SettingKeys keys = SettingKeys.of(catalog);
    int n = settings.size();
    Setting[] sorted = new Setting[n];
    long[] keyOf = new long[n];
    Map<Long, Integer> seen = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Setting s = settings.get(i);
      String path = "settings[" + i + "]";
      NotificationOption option =
          catalog
              .option(s.option())
              .orElseThrow(
                  () ->
                      new NotifyException(
                          path + ".event",
                          Checks.format("unknown notification option %s", Checks.quote(s.option()))
                              + Checks.known(
                                  s.option(),
                                  catalog.options().stream()
                                      .map(NotificationOption::id)
                                      .toList())));
      if (tenure != null && !option.availability().isAvailableTo(tenure)) {
        throw new NotifyException(
            path + ".event",
            Checks.format(
                "option %s is unavailable to this user: it is a legacy option, unavailable to users and organisations created on or after %s",
                Checks.quote(option.id()), option.availability().cutoff()));
      }
      if (s.channel() != null) {
        if (!option.perChannel()) {
          throw new NotifyException(
              path + ".channel",
              Checks.format(
                  "option %s is not set per channel, so it takes no channel, got channel %s",
                  Checks.quote(option.id()), Checks.quote(s.channel().id())));
        }
        if (!catalog.hasChannel(s.channel())) {
          throw new NotifyException(
              path + ".channel",
              Checks.format("unknown channel %s", Checks.quote(s.channel().id()))
                  + Checks.known(s.channel().id(), channelIds(catalog)));
        }
      }
      if (!catalog.hasMedium(s.medium())) {
        throw new NotifyException(
            path + ".medium",
            Checks.format("unknown medium %s", Checks.quote(s.medium().id()))
                + Checks.known(s.medium().id(), catalog.media().stream().map(Medium::id).toList()));
      }
      if (s.frequency().isConditional() && s.medium().isInApp()) {
        throw new NotifyException(
            path + ".frequency",
            Checks.format(
                "IF_UNREAD is for email and other external media, not %s: it waits for the in-app"
                    + " notification to be read",
                s.medium().id()));
      }
      long key = keys.key(option.id(), s.channel(), s.medium());
      Integer previous = seen.putIfAbsent(key, i);
      if (previous != null) {
        throw new NotifyException(
            path,
            Checks.format(
                "duplicate setting for %s %s %s (also settings[%d])",
                option.id(),
                s.channel() == null ? "all channels" : "channel " + s.channel().id(),
                s.medium().id(),
                previous));
      }
      keyOf[i] = key;
      sorted[i] = s;
    }
    // Sort both arrays by key so lookups can binary-search.
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(keyOf[a], keyOf[b]));
    Setting[] s2 = new Setting[n];
    long[] entries = new long[n];
    for (int i = 0; i < n; i++) {
      s2[i] = sorted[order[i]];
      entries[i] = entry(keyOf[order[i]], s2[i].frequency());
    }

    int t = tones.size();
    Tone[] toneArray = new Tone[t];
    Map<String, Integer> seenTones = new HashMap<>();
    for (int i = 0; i < t; i++) {
      Tone tone = tones.get(i);
      String path = "sounds[" + i + "]";
      if (tone.channel() != null) {
        if (!tone.category().perChannel()) {
          throw new NotifyException(
              path + ".channel",
              Checks.format(
                  "sound category %s is not set per channel, got channel %s",
                  Checks.quote(tone.category().id()), Checks.quote(tone.channel().id())));
        }
        if (!catalog.hasChannel(tone.channel())) {
          throw new NotifyException(
              path + ".channel",
              Checks.format("unknown channel %s", Checks.quote(tone.channel().id()))
                  + Checks.known(tone.channel().id(), channelIds(catalog)));
        }
      }
      String id = tone.category().id() + "/" + (tone.channel() == null ? "" : tone.channel().id());
      Integer previous = seenTones.putIfAbsent(id, i);
      if (previous != null) {
        throw new NotifyException(
            path,
            Checks.format(
                "duplicate sound for %s %s (also sounds[%d])",
                tone.category().id(),
                tone.channel() == null ? "all channels" : "channel " + tone.channel().id(),
                previous));
      }
      toneArray[i] = tone;
    }
    return new UserSettings(keys, s2, entries, toneArray);
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
   * The value the user chose for exactly this key, without falling back: for an option-wide value
   * pass a {@code null} channel.
   */
  public Optional<Frequency> chosen(String option, @Nullable Channel channel, Medium medium) {
    Checks.notNull(option, "option");
    Checks.notNull(medium, "medium");
    for (Setting s : settings) {
      if (s.option().equals(option)
          && Objects.equals(s.channel(), channel)
          && s.medium().equals(medium)) {
        return Optional.of(s.frequency());
      }
    }
    return Optional.empty();
  }

  /** The tone chosen for exactly (category, channel); {@code null} channel for all channels. */
  public Optional<String> chosenTone(SoundCategory category, @Nullable Channel channel) {
    Checks.notNull(category, "category");
    for (Tone t : tones) {
      if (t.category() == category && Objects.equals(t.channel(), channel)) {
        return Optional.of(t.tone());
      }
    }
    return Optional.empty();
  }

  /**
   * Starts an edit of these settings, as a settings page does. The editor validates on {@link
   * Editor#build()} against {@code catalog} and {@code tenure}.
   */
  public Editor edit(Catalog catalog, Tenure tenure) {
    return new Editor(catalog, tenure, this);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    // By content, not by key: settings of two catalogs that share ids are equal when they say the
    // same.
    return o instanceof UserSettings u
        && Set.of(settings).equals(Set.of(u.settings))
        && Set.of(tones).equals(Set.of(u.tones));
  }

  @Override
  public int hashCode() {
    return Set.of(settings).hashCode() * 31 + Set.of(tones).hashCode();
  }

  @Override
  public String toString() {
    return "UserSettings"
        + Arrays.toString(settings)
        + (tones.length == 0 ? "" : Arrays.toString(tones));
  }

  /**
   * The tone rule 6 plays for a pop-up labelled with an option of {@code category} on {@code
   * channel}: the user's tone for that channel, else their tone for all channels, else none.
   */
  public @Nullable String toneFor(SoundCategory category, @Nullable Channel channel) {
    String all = null;
    for (int i = 0; i < toneCategories.length; i++) {
      if (toneCategories[i] == category) {
        Channel c = toneChannels[i];
        if (c == null) {
          all = tones[i].tone();
        } else if (c == channel || c.equals(channel)) {
          return tones[i].tone();
        }
      }
    }
    return all;
  }

  // The stored layout, read by Resolver: an entry is a SettingKeys key and a frequency's ordinal.

  static long entry(long key, Frequency frequency) {
    return key << 2 | frequency.ordinal();
  }

  static long keyOf(long entry) {
    return entry >>> 2;
  }

  /** The entry's frequency as its ordinal. */
  static int frequencyBits(long entry) {
    return (int) (entry & 3);
  }

  /** The ordinal of the frequency stored under {@code key} in sorted {@code entries}, or -1. */
  static int find(long[] entries, long key) {
    int i = Arrays.binarySearch(entries, key << 2);
    if (i < 0) {
      i = -i - 1;
    }
    return i < entries.length && keyOf(entries[i]) == key ? frequencyBits(entries[i]) : -1;
  }

  long[] entries() {
    return entries;
  }

  @Nullable SettingKeys keys() {
    return keys;
  }

  /**
   * Edits settings the way a settings page does: set a value, clear it back to the default, apply
   * one value to all channels, set or clear a tone. Not thread-safe; {@link #build()} validates and
   * returns a new immutable {@link UserSettings}, leaving the original untouched.
   */
  public static final class Editor {
    private record Key(String option, @Nullable Channel channel, Medium medium) {}

    private record ToneKey(SoundCategory category, @Nullable Channel channel) {}

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
    public Editor clear(String option, @Nullable Channel channel, Medium medium) {
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
      settings
          .keySet()
          .removeIf(k -> k.option.equals(option) && k.medium.equals(medium) && k.channel != null);
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
    public Editor clearTone(SoundCategory category, @Nullable Channel channel) {
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
      return UserSettings.of(
          catalog, tenure, new ArrayList<>(settings.values()), new ArrayList<>(tones.values()));
    }
  }

  private static List<String> channelIds(Catalog catalog) {
    return catalog.channels().stream().map(Channel::id).toList();
  }
}
