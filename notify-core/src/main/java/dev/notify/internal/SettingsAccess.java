package dev.notify.internal;

import dev.notify.settings.UserSettings;

/**
 * The engine's allocation-free view of {@link UserSettings}, kept out of the public API. Installed
 * by {@code UserSettings}'s static initialiser, which runs before any instance exists.
 */
public abstract class SettingsAccess {
  private static volatile SettingsAccess instance;

  /** Installs the accessor; called once by {@code UserSettings}. */
  public static void install(SettingsAccess access) {
    instance = access;
  }

  /** The installed accessor. */
  public static SettingsAccess get() {
    SettingsAccess a = instance;
    if (a == null) {
      // Loading UserSettings runs its static initialiser, which installs the accessor.
      UserSettings.none();
      a = instance;
    }
    return a;
  }

  /**
   * Resolves rule 1's two settings layers in one pass: the value stored under {@code channelKey}
   * (pass {@code -1} for none) wins over the one under {@code optionKey}. Returns
   * {@code CHANNEL | ordinal}, {@code OPTION | ordinal}, or {@code -1} when neither is set.
   */
  public abstract int resolve(UserSettings settings, long channelKey, long optionKey);

  /**
   * Finds in one pass every value {@code settings} stores under the keys of a plan's key table
   * (open addressing, key + 1 per slot, 0 for empty, probed linearly from {@link #slot}), and
   * packs each found value as {@code (4 | ordinal) << shifts[slot]}; 0 when none is stored.
   */
  public abstract long summarize(UserSettings settings, long[] table, byte[] shifts, int shift);

  /** The slot of a key table of {@code 2^(64 - shift)} slots where probing for {@code key} starts. */
  public static int slot(long key, int shift) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  /** Flag of {@link #resolve}: the value came from the channel key. */
  public static final int CHANNEL = 0x10;
  /** Flag of {@link #resolve}: the value came from the option-wide key. */
  public static final int OPTION = 0x20;

  /**
   * The tone for a sound category ordinal: the one for {@code channelKey} if set, else the one for
   * all channels, else {@code null}. {@code channelKey} is {@code -1} when the action has no channel.
   */
  public abstract String tone(UserSettings settings, int category, int channelKey);
}
