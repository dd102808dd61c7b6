package dev.notify.settings;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The keys of one catalog's settings: each option, channel and medium id numbered by its position
 * in the catalog, and a setting's (option, channel?, medium) packed into one {@code long}, so that
 * {@link UserSettings} and {@link Resolver} compare numbers instead of strings.
 *
 * <p>Scoped to a catalog, never to the JVM: a catalog extended with {@link Catalog#toBuilder()}
 * appends ids, so the keys of the catalog it came from mean the same in it ({@link #agreesWith}),
 * and settings built against either work with an engine over the other without translation.
 */
final class SettingKeys {
  /**
   * Bits per part of a packed key; the packed key is {@code option << 40 | (channel + 1) << 20 |
   * medium}.
   */
  private static final int BITS = 20;

  private static final int LIMIT = (1 << BITS) - 2;

  // Weak keys: a catalog the host dropped takes its keys with it. Values hold ids, not the catalog.
  private static final Map<Catalog, SettingKeys> BY_CATALOG = new WeakHashMap<>();

  private final String[] options;
  private final String[] channels;
  private final String[] media;
  private final Map<String, Integer> optionIndex;
  private final Map<String, Integer> channelIndex;
  private final Map<String, Integer> mediumIndex;

  /**
   * The last other key space found to agree with this one (racy on purpose: a hint, re-checked when
   * it misses).
   */
  private @Nullable SettingKeys lastAgreeing;

  private SettingKeys(Catalog catalog) {
    options = catalog.options().stream().map(NotificationOption::id).toArray(String[]::new);
    channels = catalog.channels().stream().map(Channel::id).toArray(String[]::new);
    media = catalog.media().stream().map(Medium::id).toArray(String[]::new);
    if (options.length > LIMIT || channels.length > LIMIT || media.length > LIMIT) {
      throw new IllegalArgumentException(
          "a catalog may hold at most " + LIMIT + " options, channels and media each");
    }
    optionIndex = index(options);
    channelIndex = index(channels);
    mediumIndex = index(media);
  }

  /** The keys of {@code catalog}, made once per catalog. */
  static SettingKeys of(Catalog catalog) {
    synchronized (BY_CATALOG) {
      return BY_CATALOG.computeIfAbsent(catalog, SettingKeys::new);
    }
  }

  private static Map<String, Integer> index(String[] ids) {
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      m.put(ids[i], i);
    }
    return m;
  }

  /** The key of (option, channel, medium); {@code -1} when this catalog lacks one of the ids. */
  long key(String option, @Nullable Channel channel, Medium medium) {
    Integer o = optionIndex.get(option);
    Integer c = channel == null ? Integer.valueOf(-1) : channelIndex.get(channel.id());
    Integer m = mediumIndex.get(medium.id());
    if (o == null || c == null || m == null) {
      return -1;
    }
    return ((long) o << (2 * BITS)) | ((long) (c + 1) << BITS) | m;
  }

  /** Whether {@code other}'s keys mean the same here: its ids are a prefix of this catalog's. */
  boolean agreesWith(SettingKeys other) {
    if (other == this || other == lastAgreeing) {
      return true;
    }
    boolean agrees =
        prefix(other.options, options)
            && prefix(other.channels, channels)
            && prefix(other.media, media);
    if (agrees) {
      lastAgreeing = other;
    }
    return agrees;
  }

  private static boolean prefix(String[] shorter, String[] longer) {
    return shorter.length <= longer.length
        && Arrays.equals(shorter, 0, shorter.length, longer, 0, shorter.length);
  }

  /**
   * {@code settings}' values re-keyed into this key space, sorted by key, in the layout of {@link
   * UserSettings}' entries; values whose ids this catalog lacks are left out (they can never be
   * read here). The slow path, for settings built against an unrelated catalog.
   */
  long[] translate(List<Setting> settings) {
    long[] out = new long[settings.size()];
    int n = 0;
    for (Setting s : settings) {
      long k = key(s.option(), s.channel(), s.medium());
      if (k >= 0) {
        out[n++] = UserSettings.entry(k, s.frequency());
      }
    }
    long[] kept = Arrays.copyOf(out, n);
    Arrays.sort(kept);
    return kept;
  }
}
