package dev.notify.engine;

import dev.notify.catalog.Availability;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Layer;
import dev.notify.settings.Resolution;
import dev.notify.settings.Resolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The engine's compiled form of one plan shape — an action kind, the options the rules select for
 * it, the action's channel — built once by the engine and shared by every plan of that shape.
 * Immutable but for the memo of {@link #followingDefaults}.
 *
 * <p>Indices: {@code i} is a position in {@link #options} (most specific first); a pair {@code k =
 * i * media + m} is an (option, medium) pair, as in the {@link Resolver} that does rule 1 for the
 * shape. Sets of positions are {@code long}s, bit {@code i} for position {@code i} (at most 64
 * options listen to a kind); sets of relations are {@code int}s of {@link DecisionEngine#bit}.
 * Every {@link MediumDecision} a user of the shape can get is made here, once: {@link #decision}.
 */
final class PlanTables {
  private static final int RESOLUTIONS = Resolution.values().length;

  /** Plans with more legacy options than this decide default-following users afresh each time. */
  private static final int MAX_LEGACY_KEYED = 3;

  /** Which options of the kind's list are in play, bit j for the kind's j-th option. */
  final long selected;

  final NotificationOption[] options;
  final int media;
  final Resolver resolver;
  final @Nullable Channel channel;

  /** The organisation whose table or locks the engine applies, named by reasons; or null. */
  private final @Nullable String organization;

  /** The relations some option in play concerns. */
  final int relationsInPlay;

  /** For each set of relations, the positions of the options that concern it. */
  final long[] concerning;

  /** Positions of legacy options. */
  final long legacyBits;

  private final int[] legacyAt; // positions of legacy options
  private final Availability[] legacyOf; // their availability, same order
  final @Nullable SoundCategory[] soundCategory; // per position

  /**
   * By {@link #index}: every decision of a resolved pair; none for a layer rule 1 cannot give here.
   */
  private final @Nullable MediumDecision[] decisions;

  /** Per pair: the decision when every option that concerns the user is unavailable to them. */
  final MediumDecision[] unavailable;

  final List<MediumDecision> outside;

  /**
   * The media decisions of a user who reads only defaults, by {@link #defaultsKey}; filled as met.
   * Racy on purpose: every thread computes the same immutable list, and a list's final fields make
   * it safe to publish without a lock.
   */
  final List<MediumDecision>[] followingDefaults;

  PlanTables(
      DecisionEngine engine, DefaultTable table, int[] ofKind, long selected, int channelIndex) {
    this.selected = selected;
    List<NotificationOption> chosen = new ArrayList<>();
    for (int j = 0; j < ofKind.length; j++) {
      if ((selected & (1L << j)) != 0) {
        chosen.add(engine.options[ofKind[j]]);
      }
    }
    options = chosen.toArray(new NotificationOption[0]);
    channel = channelIndex < 0 ? null : engine.channels[channelIndex];
    resolver = Resolver.of(engine.catalog(), table, chosen, channel, engine.locks());
    organization = engine.organization();
    int n = options.length;
    media = engine.media.length;
    outside = engine.outsideMedia;
    soundCategory = new SoundCategory[n];
    decisions = new MediumDecision[n * media * RESOLUTIONS * 2];
    unavailable = new MediumDecision[n * media];
    int inPlay = 0;
    long legacyPositions = 0;
    for (int i = 0; i < n; i++) {
      NotificationOption o = options[i];
      inPlay |= relationsOf(o);
      legacyPositions |= o.availability().isLegacy() ? 1L << i : 0;
      soundCategory[i] = o.soundCategory();
      for (int m = 0; m < media; m++) {
        int k = i * media + m;
        Medium medium = engine.media[m];
        unavailable[k] =
            new MediumDecision(
                medium, new Reason(Outcome.UNAVAILABLE, o, null, null, null, null), false, null);
        for (Resolution r : Resolution.values()) {
          if (r.layer() == Layer.CHANNEL_SETTING && (channel == null || !o.perChannel())) {
            continue; // rule 1 never gives this layer here
          }
          decisions[index(k, r, false)] =
              make(medium, o, r.layer(), r.frequency(), Presence.LOGGED_OUT, table.version());
          decisions[index(k, r, true)] =
              make(medium, o, r.layer(), r.frequency(), Presence.LOGGED_IN, table.version());
        }
      }
    }
    relationsInPlay = inPlay;
    concerning = new long[1 << Relation.values().length];
    for (int r = 0; r < concerning.length; r++) {
      for (int i = 0; i < n; i++) {
        if ((relationsOf(options[i]) & r) != 0) {
          concerning[r] |= 1L << i;
        }
      }
    }
    legacyBits = legacyPositions;
    int legacyCount = Long.bitCount(legacyPositions);
    legacyAt = new int[legacyCount];
    legacyOf = new Availability[legacyCount];
    for (int i = 0, j = 0; i < n; i++) {
      if ((legacyPositions & (1L << i)) != 0) {
        legacyAt[j] = i;
        legacyOf[j++] = options[i].availability();
      }
    }
    @SuppressWarnings("unchecked")
    List<MediumDecision>[] shared =
        new List[legacyCount <= MAX_LEGACY_KEYED ? 2 * (concerning.length << legacyCount) : 0];
    followingDefaults = shared;
  }

  private static int relationsOf(NotificationOption o) {
    int bits = 0;
    for (Relation r : o.audience().relations()) {
      bits |= DecisionEngine.bit(r);
    }
    return bits;
  }

  /** Rules 2 and 5 for one resolved pair, made once: delivered or why not, and the pop-up. */
  private MediumDecision make(
      Medium medium,
      NotificationOption o,
      Layer layer,
      Frequency f,
      Presence presence,
      String version) {
    Outcome outcome =
        f.delivers(presence)
            ? Outcome.DELIVERED
            : f == Frequency.WHEN_LOGGED_OUT ? Outcome.LOGGED_IN : Outcome.NEVER;
    Reason reason =
        new Reason(
            outcome,
            o,
            f,
            layer,
            layer == Layer.CHANNEL_SETTING ? channel : null,
            layer == Layer.DEFAULT_TABLE ? version : null,
            layer == Layer.DEFAULT_TABLE || layer == Layer.ORGANIZATION_LOCK ? organization : null);
    boolean popup = outcome == Outcome.DELIVERED && presence.isLoggedIn() && medium.isInApp();
    return new MediumDecision(medium, reason, popup, null);
  }

  private static int index(int pair, Resolution r, boolean loggedIn) {
    return (pair * RESOLUTIONS + r.ordinal()) * 2 + (loggedIn ? 1 : 0);
  }

  /**
   * The decision for a pair that rule 1 resolved to {@code r}, for a user with {@code presence},
   * without a tone.
   */
  MediumDecision decision(int pair, Resolution r, Presence presence) {
    return decisions[index(pair, r, presence == Presence.LOGGED_IN)];
  }

  /**
   * The positions among {@code concerned} of legacy options unavailable to a user of {@code
   * tenure}.
   */
  long unavailableTo(Tenure tenure, long concerned) {
    long bits = 0;
    for (int j = 0; j < legacyAt.length; j++) {
      int i = legacyAt[j];
      if ((concerned & (1L << i)) != 0 && !legacyOf[j].isAvailableTo(tenure)) {
        bits |= 1L << i;
      }
    }
    return bits;
  }

  /**
   * The index in {@link #followingDefaults} of (relations, unavailable options, presence), or -1
   * when the plan has too many legacy options to key them.
   */
  int defaultsKey(int relations, long unavailable, boolean loggedIn) {
    if (followingDefaults.length == 0) {
      return -1;
    }
    int u = 0;
    for (int j = 0; j < legacyAt.length; j++) {
      if ((unavailable & (1L << legacyAt[j])) != 0) {
        u |= 1 << j;
      }
    }
    return (((relations << legacyAt.length) | u) << 1) | (loggedIn ? 1 : 0);
  }

  @Override
  public String toString() {
    return "PlanTables" + Arrays.toString(options);
  }
}
