package dev.notify.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-wide small integer keys for option, channel and medium ids, so that settings and the
 * engine agree on a key without depending on one catalog instance, and the hot path compares
 * {@code long}s instead of hashing strings. Append-only: only ids of validated catalogs are
 * interned, so the tables stay as small as the host's catalogs.
 */
public final class Keys {
  /** Bits per part of a packed setting key. */
  private static final int BITS = 20;
  private static final int LIMIT = (1 << BITS) - 2;

  private static final Interner OPTIONS = new Interner("option");
  private static final Interner CHANNELS = new Interner("channel");
  private static final Interner MEDIA = new Interner("medium");

  private Keys() {}

  /** The key of an option id. */
  public static int option(String id) {
    return OPTIONS.key(id);
  }

  /** The key of a channel id. */
  public static int channel(String id) {
    return CHANNELS.key(id);
  }

  /** The key of a medium id. */
  public static int medium(String id) {
    return MEDIA.key(id);
  }

  /**
   * Packs (option, channel, medium) into one {@code long}; {@code channel} is {@code -1} for an
   * option-wide setting.
   */
  public static long setting(int option, int channel, int medium) {
    return ((long) option << (2 * BITS)) | ((long) (channel + 1) << BITS) | medium;
  }

  private static final class Interner {
    private final String what;
    private final ConcurrentHashMap<String, Integer> keys = new ConcurrentHashMap<>();

    Interner(String what) {
      this.what = what;
    }

    int key(String id) {
      Integer k = keys.get(id);
      if (k != null) {
        return k;
      }
      synchronized (this) {
        return keys.computeIfAbsent(id, x -> {
          int next = keys.size();
          if (next >= LIMIT) {
            throw new IllegalStateException("too many distinct " + what + " ids: " + next);
          }
          return next;
        });
      }
    }
  }
}
