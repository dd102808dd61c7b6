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

  /** The frequency ordinal stored under a packed {@link Keys#setting} key, or {@code -1}. */
  public abstract int frequency(UserSettings settings, long key);

  /**
   * The tone for a sound category ordinal: the one for {@code channelKey} if set, else the one for
   * all channels, else {@code null}. {@code channelKey} is {@code -1} when the action has no channel.
   */
  public abstract String tone(UserSettings settings, int category, int channelKey);
}
