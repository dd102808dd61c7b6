package dev.notify.engine;

import dev.notify.catalog.Availability;
import dev.notify.internal.Keys;
import dev.notify.internal.SettingsAccess;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a plan needs that depends only on the set of qualifying options and the action's
 * channel, laid out as flat arrays for the per-user hot path. Built once per (kind, options,
 * channel) by the engine and shared by every plan of that shape; immutable but for the memo of
 * {@link #followingDefaults}.
 *
 * <p>Indices: {@code i} is a position in {@link #options} (most specific first), {@code k = i *
 * nm + m} a (position, medium) pair, and a cached decision sits at {@code (k * SLOTS + slot) *
 * VARIANTS + variant}, where slot 0 is the default table, 1 the user's all-channels value and 2
 * the user's value for this channel.
 *
 * <p>The settings keys the plan may read are also kept in a small open-addressing table, so one
 * pass over a user's few stored values finds every value the plan needs ({@link #summarizable}).
 */
final class PlanTables {
  static final int SLOTS = 3;
  /** Bits per summarised value: bit 2 = set, bits 0–1 = the frequency's ordinal. */
  static final int BITS = 3;
  /** A summary holds two values (channel, all channels) per k in one {@code long}. */
  static final int MAX_SUMMARISED = 64 / (2 * BITS);
  /** Plans with more legacy options than this decide default-following users afresh each time. */
  static final int MAX_LEGACY_KEYED = 3;

  /** Which options of the kind's list are in play, bit j for the kind's j-th option. */
  final long selected;
  final int[] options;
  final int nm;
  final int relationsInPlay;
  /** For each relation mask, the positions (bit i) of the options that concern it. */
  final long[] concerning;
  /** Positions of legacy options. */
  final long legacyBits;
  final int[] legacyAt; // positions of legacy options
  final Availability[] legacyOf; // their availability, same order
  final int[] soundCategory;
  final boolean[] inApp;
  final long[] channelKeys; // -1 when the option has no per-channel values or the action no channel
  final long[] optionKeys;
  final byte[] defaults;
  final MediumDecision[] decisions;
  final MediumDecision[] unavailable;
  final List<MediumDecision> outside;

  /**
   * The media decisions of a user who reads only defaults, by {@link #defaultsKey}; filled as met.
   * Racy on purpose: every thread computes the same immutable list, and a list's final fields make
   * it safe to publish without a lock.
   */
  final List<MediumDecision>[] followingDefaults;

  /** Whether {@link #keyTable} is in use: at most {@link #MAX_SUMMARISED} (option, medium) pairs. */
  final boolean summarizable;
  /** Open addressing: setting key + 1 (0 = empty), probed linearly from {@code hash(key) >>> shift}. */
  final long[] keyTable;
  /** Bit position of a table entry's value in the summary: {@code (2k + channel?1:0) * BITS}. */
  final byte[] keyShift;
  final int shift;

  PlanTables(DecisionEngine engine, int[] ofKind, long selected, int channel) {
    this.selected = selected;
    int[] chosen = new int[Long.bitCount(selected)];
    for (int j = 0, c = 0; j < ofKind.length; j++) {
      if ((selected & (1L << j)) != 0) {
        chosen[c++] = ofKind[j];
      }
    }
    this.options = chosen;
    int n = options.length;
    nm = engine.media.length;
    int mask = 0;
    int[] relation = new int[n];
    soundCategory = new int[n];
    inApp = engine.inApp.clone();
    channelKeys = new long[n * nm];
    optionKeys = new long[n * nm];
    defaults = new byte[n * nm];
    decisions = new MediumDecision[n * nm * SLOTS * DecisionEngine.VARIANTS];
    unavailable = new MediumDecision[n * nm];
    outside = engine.outsideMedia;
    int channelKey = channel < 0 ? -1 : engine.channelKeys[channel];
    int legacyCount = 0;
    for (int i = 0; i < n; i++) {
      int o = options[i];
      mask |= engine.relationMask[o];
      relation[i] = engine.relationMask[o];
      legacyCount += engine.legacy[o] == null ? 0 : 1;
      soundCategory[i] = engine.soundCategory[o];
      for (int m = 0; m < nm; m++) {
        int k = i * nm + m;
        int optionKey = engine.optionKeys[o];
        int mediumKey = engine.mediumKeys[m];
        channelKeys[k] = channel >= 0 && engine.perChannel[o] ? Keys.setting(optionKey, channelKey, mediumKey) : -1;
        optionKeys[k] = Keys.setting(optionKey, -1, mediumKey);
        defaults[k] = engine.defaults[o * nm + m];
        unavailable[k] = engine.unavailable[o][m];
        MediumDecision[][] bySlot = engine.cached[o][m];
        int v = DecisionEngine.VARIANTS;
        System.arraycopy(bySlot[0], 0, decisions, k * SLOTS * v, v);
        System.arraycopy(bySlot[1], 0, decisions, (k * SLOTS + 1) * v, v);
        if (channel >= 0) {
          System.arraycopy(bySlot[2 + channel], 0, decisions, (k * SLOTS + 2) * v, v);
        }
      }
    }
    relationsInPlay = mask;
    concerning = new long[1 << dev.notify.catalog.Relation.values().length];
    for (int r = 0; r < concerning.length; r++) {
      for (int i = 0; i < n; i++) {
        if ((relation[i] & r) != 0) {
          concerning[r] |= 1L << i;
        }
      }
    }
    long legacyPositions = 0;
    for (int i = 0; i < n; i++) {
      legacyPositions |= engine.legacy[options[i]] == null ? 0 : 1L << i;
    }
    legacyBits = legacyPositions;
    legacyAt = new int[legacyCount];
    legacyOf = new Availability[legacyCount];
    for (int i = 0, j = 0; i < n; i++) {
      if (engine.legacy[options[i]] != null) {
        legacyAt[j] = i;
        legacyOf[j++] = engine.legacy[options[i]];
      }
    }

    @SuppressWarnings("unchecked")
    List<MediumDecision>[] shared = new List[legacyCount <= MAX_LEGACY_KEYED ? 2 * (concerning.length << legacyCount) : 0];
    followingDefaults = shared;

    summarizable = n * nm <= MAX_SUMMARISED;
    int keys = 2 * n * nm;
    int size = Integer.highestOneBit(Math.max(4, keys * 2 - 1)) << 1;
    keyTable = new long[summarizable ? size : 0];
    keyShift = new byte[summarizable ? size : 0];
    shift = 64 - Integer.numberOfTrailingZeros(size);
    if (summarizable) {
      for (int k = 0; k < n * nm; k++) {
        put(optionKeys[k], 2 * k);
        if (channelKeys[k] >= 0) {
          put(channelKeys[k], 2 * k + 1);
        }
      }
    }
  }

  /**
   * The index in {@link #followingDefaults} of (relation mask, unavailable options, presence), or
   * -1 when the plan has too many legacy options to key them.
   */
  int defaultsKey(int mask, long unavailable, boolean loggedIn) {
    if (followingDefaults.length == 0) {
      return -1;
    }
    int u = 0;
    for (int j = 0; j < legacyAt.length; j++) {
      if ((unavailable & (1L << legacyAt[j])) != 0) {
        u |= 1 << j;
      }
    }
    return (((mask << legacyAt.length) | u) << 1) | (loggedIn ? 1 : 0);
  }

  private void put(long key, int code) {
    int h = SettingsAccess.slot(key, shift);
    while (keyTable[h] != 0) {
      h = (h + 1) & (keyTable.length - 1);
    }
    keyTable[h] = key + 1;
    keyShift[h] = (byte) (code * BITS);
  }

  @Override
  public String toString() {
    return "PlanTables" + Arrays.toString(options);
  }
}
