package dev.notify.settings;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.internal.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rule 1 of the decision rules — a user's value for the action's channel, else their value for all
 * channels, else the default table — compiled once for a fixed list of (option, medium) pairs read
 * at one channel, then applied to any number of users without allocating.
 *
 * <p>Pair {@code p} is option {@code p / media} and medium {@code p % media} of the lists given to
 * {@link #of}. {@link #read} finds a user's values for every pair of one {@linkplain #partOf part}
 * in one pass over what the user stored, and returns them as a {@code long} that only {@link
 * #resolution} interprets. A plan with at most {@value #PAIRS_PER_PART} pairs has one part, so one
 * read per user.
 *
 * <p><b>Layout of a read</b> (described here only): four bits per pair, pair {@code p} at bit
 * {@code 4 * (p % 16)}, holding the ordinal of its {@link Resolution}: {@code 4 * from +
 * frequency}, where {@code from} is 0 for the default table, 1 for the user's all-channels value 2
 * for their value for the channel and 3 for the organisation's lock, and {@code frequency} is the
 * frequency's ordinal (as in {@link UserSettings}' entries). A read starts from the defaults of its
 * part and overlays what the user stored.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class Resolver {
  /** Pairs per {@code long} read: four bits each. */
  public static final int PAIRS_PER_PART = 16;

  private static final int FROM_TABLE = 0;
  private static final int FROM_OPTION = 1;
  private static final int FROM_CHANNEL = 2;
  private static final int FROM_LOCK = 3;
  private static final Resolution[] RESOLUTIONS = Resolution.values();

  /** Linear scans beat binary search for the few values a user sets. */
  private static final int LINEAR_SCAN_LIMIT = 12;

  private final SettingKeys keys;
  private final int pairs;
  private final long[] optionKeys; // per pair
  private final long[]
      channelKeys; // per pair; -1 when the option has no value per channel or there is no channel
  private final long[] defaults; // per part: the default table's frequencies, layer 0, and locks

  /** Per part: the bits of locked pairs, and their locked values (layer 3); empty when none. */
  private final long[] lockMask;

  private final long[] lockValue;
  private final boolean locked;

  /**
   * Open addressing over every key the pairs read: key + 1 (0 = empty), probed linearly from {@link
   * #slot}.
   */
  private final long[] table;

  /**
   * Per slot of {@link #table}, where its value goes in a read: {@code part << 9 | channel << 8 |
   * bit offset}, {@code channel} 1 for a channel key and 0 for an all-channels key.
   */
  private final int[] codes;

  private final int shift;

  private Resolver(
      Catalog catalog,
      DefaultTable defaultTable,
      List<NotificationOption> options,
      @Nullable Channel channel,
      List<Lock> locks) {
    keys = SettingKeys.of(catalog);
    List<Medium> media = catalog.media();
    int nm = media.size();
    pairs = options.size() * nm;
    optionKeys = new long[pairs];
    channelKeys = new long[pairs];
    defaults = new long[(pairs + PAIRS_PER_PART - 1) / PAIRS_PER_PART];
    int size = Integer.highestOneBit(Math.max(4, 4 * pairs - 1)) << 1;
    table = new long[size];
    codes = new int[size];
    shift = 64 - Integer.numberOfTrailingZeros(size);
    for (int i = 0; i < options.size(); i++) {
      NotificationOption o = options.get(i);
      for (int m = 0; m < nm; m++) {
        int p = i * nm + m;
        optionKeys[p] = keys.key(o.id(), null, media.get(m));
        channelKeys[p] =
            channel != null && o.perChannel() ? keys.key(o.id(), channel, media.get(m)) : -1;
        Checks.argument(
            optionKeys[p] >= 0 && (channel == null || !o.perChannel() || channelKeys[p] >= 0),
            "option %s or channel %s is not in the catalog",
            Checks.quote(o.id()),
            channel);
        defaults[p / PAIRS_PER_PART] |=
            value(FROM_TABLE, defaultTable.frequency(o.id(), media.get(m)), p);
        put(optionKeys[p], partOf(p) << 9 | offset(p));
        if (channelKeys[p] >= 0) {
          put(channelKeys[p], partOf(p) << 9 | 1 << 8 | offset(p));
        }
      }
    }
    lockMask = new long[defaults.length];
    lockValue = new long[defaults.length];
    boolean any = false;
    for (int i = 0; i < options.size(); i++) {
      for (int m = 0; m < nm; m++) {
        Lock lock = Lock.deciding(locks, options.get(i).id(), media.get(m), channel);
        if (lock != null) {
          int p = i * nm + m;
          lockMask[partOf(p)] |= 15L << offset(p);
          lockValue[partOf(p)] |= value(FROM_LOCK, lock.frequency(), p);
          any = true;
        }
      }
    }
    locked = any;
    for (int part = 0; part < defaults.length; part++) {
      defaults[part] = locked(defaults[part], part);
    }
  }

  /** {@code values} with the organisation's locks of {@code part} laid over them. */
  private long locked(long values, int part) {
    return locked ? (values & ~lockMask[part]) | lockValue[part] : values;
  }

  /**
   * Compiles rule 1 for every (option, medium) pair of {@code options} × {@code catalog.media()}
   * read at {@code channel} ({@code null} for an action without one).
   *
   * @throws IllegalArgumentException when an option or the channel is not in the catalog
   */
  public static Resolver of(
      Catalog catalog,
      DefaultTable table,
      List<NotificationOption> options,
      @Nullable Channel channel) {
    return of(catalog, table, options, channel, List.of());
  }

  /**
   * Compiles rule 1 with an organisation's locks: a locked pair resolves to its lock whatever the
   * user set (a lock for the channel over one for every channel).
   *
   * @throws IllegalArgumentException when an option or the channel is not in the catalog
   * @since 0.3.0
   */
  public static Resolver of(
      Catalog catalog,
      DefaultTable table,
      List<NotificationOption> options,
      @Nullable Channel channel,
      List<Lock> locks) {
    Checks.notNull(catalog, "catalog");
    Checks.notNull(table, "table");
    Checks.noNulls(options, "options");
    Checks.noNulls(locks, "locks");
    return new Resolver(catalog, table, options, channel, locks);
  }

  /** How many (option, medium) pairs this resolves. */
  public int pairs() {
    return pairs;
  }

  /** How many parts of {@value #PAIRS_PER_PART} pairs: how many reads cover every pair. */
  public int parts() {
    return defaults.length;
  }

  /**
   * The part that holds {@code pair}: pass it to {@link #read} before reading that pair's value.
   */
  public int partOf(int pair) {
    return pair >>> 4; // PAIRS_PER_PART
  }

  /**
   * The user's values for every pair of {@code part}, to be read with {@link #resolution}. Settings
   * built against another catalog work too: when that catalog is not one this resolver's catalog
   * extends, their values are matched by id (slower).
   */
  public long read(UserSettings settings, int part) {
    long[] entries = settings.entries();
    if (entries.length == 0) {
      return defaults[part];
    }
    SettingKeys theirs = settings.keys();
    if (theirs == null || (theirs != keys && !keys.agreesWith(theirs))) {
      entries = keys.translate(settings.settings());
    }
    return locked(
        entries.length <= LINEAR_SCAN_LIMIT ? scan(entries, part) : search(entries, part), part);
  }

  /** Whether {@code values}, read for {@code part}, are all the default table's. */
  public boolean onlyDefaults(long values, int part) {
    return values == defaults[part];
  }

  /** What rule 1 gives {@code pair}, from a {@link #read} of its part. */
  public Resolution resolution(long values, int pair) {
    return RESOLUTIONS[(int) (values >>> offset(pair)) & 15];
  }

  // Few values: one pass over them, each probing the small key table. Channel and all-channels
  // values are gathered apart and merged at the end, so their order does not matter.
  private long scan(long[] entries, int part) {
    long forAll = 0;
    long forAllMask = 0;
    long forChannel = 0;
    long forChannelMask = 0;
    int mask = table.length - 1;
    for (long entry : entries) {
      long key = UserSettings.keyOf(entry);
      int h = slot(key);
      long t;
      while ((t = table[h]) != 0) {
        if (t == key + 1) {
          int code = codes[h];
          if (code >>> 9 == part) {
            int at = code & 0xff;
            if ((code & 0x100) != 0) {
              forChannel |=
                  (long) (Resolution.FREQUENCIES * FROM_CHANNEL + UserSettings.frequencyBits(entry))
                      << at;
              forChannelMask |= 15L << at;
            } else {
              forAll |=
                  (long) (Resolution.FREQUENCIES * FROM_OPTION + UserSettings.frequencyBits(entry))
                      << at;
              forAllMask |= 15L << at;
            }
          }
          break;
        }
        h = (h + 1) & mask;
      }
    }
    return (defaults[part] & ~(forAllMask | forChannelMask))
        | (forAll & ~forChannelMask)
        | forChannel;
  }

  // Many values: look up each key of the part instead.
  private long search(long[] entries, int part) {
    long v = defaults[part];
    int end = Math.min(pairs, (part + 1) * PAIRS_PER_PART);
    for (int p = part * PAIRS_PER_PART; p < end; p++) {
      int f = channelKeys[p] < 0 ? -1 : UserSettings.find(entries, channelKeys[p]);
      if (f >= 0) {
        v = overlay(v, p, FROM_CHANNEL, f);
      } else if ((f = UserSettings.find(entries, optionKeys[p])) >= 0) {
        v = overlay(v, p, FROM_OPTION, f);
      }
    }
    return v;
  }

  /**
   * {@code values} with {@code pair} set to frequency bits {@code f} from layer {@code from}; a
   * channel value is never overridden, so the order of the user's values does not matter.
   */
  private static long overlay(long values, int pair, int from, int f) {
    int at = offset(pair);
    if (from == FROM_OPTION && ((values >>> at) & 15) / Resolution.FREQUENCIES == FROM_CHANNEL) {
      return values;
    }
    return (values & ~(15L << at)) | ((long) (Resolution.FREQUENCIES * from + f) << at);
  }

  private static long value(int from, Frequency f, int pair) {
    return (long) (Resolution.FREQUENCIES * from + f.ordinal()) << offset(pair);
  }

  private static int offset(int pair) {
    return 4 * (pair & (PAIRS_PER_PART - 1));
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void put(long key, int code) {
    int h = slot(key);
    while (table[h] != 0) {
      h = (h + 1) & (table.length - 1);
    }
    table[h] = key + 1;
    codes[h] = code;
  }
}
