package dev.notify.engine;

import dev.notify.action.Action;
import dev.notify.catalog.Relation;
import dev.notify.catalog.Tenure;
import dev.notify.internal.Checks;
import dev.notify.internal.SettingsAccess;
import dev.notify.settings.UserSettings;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * One action prepared for deciding: its qualifying options in order of precedence, its channel,
 * its actor and audience facts. Immutable and thread-safe; made by {@link DecisionEngine#plan}.
 *
 * @since 0.1.0
 */
public final class ActionPlan {
  private static final int EVERYONE = Relation.EVERYONE.bit();
  private static final int ASSIGNEE = Relation.ASSIGNEE.bit();
  private static final int FOLLOWER = Relation.FOLLOWER.bit();
  private static final int MENTIONED = Relation.MENTIONED.bit();
  private static final int TEAM_MENTIONED = Relation.TEAM_MENTIONED.bit();

  private final DecisionEngine engine;
  private final Action action;
  private final String actionId;
  private final String actor;
  private final String assignee;
  private final Set<String> mentioned;
  private final Set<String> followers;
  private final Set<String> teamMembers;
  private final int channel; // index in the catalog, -1 for none
  private final int channelKey;
  private final PlanTables tables;
  private final int relationsInPlay;
  private final SettingsAccess settings = SettingsAccess.get();

  ActionPlan(DecisionEngine engine, Action action, AudienceFacts facts, PlanTables tables, int channel) {
    this(engine, action, facts.followers(), facts.teamMembers(), tables, channel);
  }

  private ActionPlan(DecisionEngine engine, Action action, Set<String> followers, Set<String> teamMembers, PlanTables tables, int channel) {
    this.engine = engine;
    this.action = action;
    this.actionId = action.id();
    this.actor = action.actorIfAny().orElse(null);
    this.assignee = action.assigneeIfAny().orElse(null);
    this.mentioned = action.mentionedUsers();
    // contains() is asked once per candidate: for a big set a HashSet's mask beats the immutable set's floorMod.
    this.followers = fastLookup(followers);
    this.teamMembers = fastLookup(teamMembers);
    this.channel = channel;
    this.channelKey = channel < 0 ? -1 : engine.channelKeys[channel];
    this.tables = tables;
    this.relationsInPlay = tables.relationsInPlay;
  }

  /**
   * This plan without the legacy options unavailable to every user of an organisation created on
   * {@code orgCreatedOn} ({@code null} for a new organisation). Decisions for users of that
   * organisation are the same, but an audience of "everyone" that only such options made is gone:
   * a new organisation need not decide for all its users on every customer message.
   */
  public ActionPlan forOrganization(java.time.LocalDate orgCreatedOn) {
    PlanTables kept = engine.tablesForOrganization(action.kind(), tables, channel, orgCreatedOn);
    return kept == tables ? this : new ActionPlan(engine, action, followers, teamMembers, kept, channel);
  }

  /**
   * This plan with other audience facts: the pipeline plans once, reads from its directory only
   * the facts the plan {@link #concerns}, then decides with them.
   */
  public ActionPlan withFacts(AudienceFacts facts) {
    Checks.notNull(facts, "facts");
    return new ActionPlan(engine, action, facts.followers(), facts.teamMembers(), tables, channel);
  }

  private static Set<String> fastLookup(Set<String> ids) {
    // A plan derived from another (forOrganization) already holds the HashSet: copy once only.
    return ids.size() > 16 && !(ids instanceof java.util.HashSet) ? new java.util.HashSet<>(ids) : ids;
  }

  /** The action. */
  public Action action() {
    return action;
  }

  /** Whether some option of this action concerns every user, so the audience is the whole organisation. */
  public boolean concernsEveryone() {
    return (relationsInPlay & EVERYONE) != 0;
  }

  /** Whether an option of this action concerns users in {@code relation} to it. */
  public boolean concerns(Relation relation) {
    return (relationsInPlay & Checks.notNull(relation, "relation").bit()) != 0;
  }

  /** The relations {@code userId} has to this action, as a mask of {@link Relation#bit()}. */
  public int relationsOf(String userId) {
    int in = relationsInPlay;
    int mask = in & EVERYONE;
    if ((in & ASSIGNEE) != 0 && userId.equals(assignee)) {
      mask |= ASSIGNEE;
    }
    if ((in & FOLLOWER) != 0 && followers.contains(userId)) {
      mask |= FOLLOWER;
    }
    if ((in & MENTIONED) != 0 && mentioned.contains(userId)) {
      mask |= MENTIONED;
    }
    if ((in & TEAM_MENTIONED) != 0 && teamMembers.contains(userId)) {
      mask |= TEAM_MENTIONED;
    }
    return mask;
  }

  /** Decides for one user. */
  public Decision decide(Recipient recipient) {
    Checks.notNull(recipient, "recipient");
    // Small on purpose: inlined into a caller's loop, the recipient (and its tenure) never escape,
    // so the JIT need not allocate them.
    Tenure tenure = recipient.tenure();
    return decide(recipient.userId(), tenure.orgCreatedOn(), tenure.userCreatedOn(), recipient.settings(), recipient.presence());
  }

  private Decision decide(String user, LocalDate orgCreatedOn, LocalDate userCreatedOn, UserSettings us, Presence presence) {
    if (actor != null && user.equals(actor)) {
      return new Decision(actionId, user, presence, engine.actorMedia);
    }
    int mask = relationsOf(user);
    if (mask == 0) {
      return new Decision(actionId, user, presence, engine.outsideMedia);
    }
    PlanTables t = tables;
    long concerning = t.concerning[mask];
    // Bit i set: option i concerns the user and is available to them.
    long concerned = concerning;
    if ((concerned & t.legacyBits) != 0) {
      concerned &= ~unavailable(t, orgCreatedOn, userCreatedOn, concerned);
    }
    long unavailable = concerning & ~concerned;
    boolean loggedIn = presence == Presence.LOGGED_IN;
    boolean followsDefaults = us == UserSettings.none();
    // The user's values for every key the plan may read, found in one pass (see PlanTables).
    long summary = t.summarizable && !followsDefaults ? settings.summarize(us, t.keyTable, t.keyShift, t.shift) : 0;
    // A user who reads only the defaults here (and hears no tone of theirs) gets the answer every
    // such user gets: decided once per plan shape, then shared.
    if (followsDefaults || (summary == 0 && t.summarizable && !loggedIn)) {
      int key = t.defaultsKey(mask, unavailable, loggedIn);
      if (key >= 0) {
        List<MediumDecision> media = t.followingDefaults[key];
        if (media == null) {
          media = decideMedia(t, UserSettings.none(), 0, loggedIn, concerned, unavailable);
          t.followingDefaults[key] = media;
        }
        return new Decision(actionId, user, presence, media);
      }
    }
    return new Decision(actionId, user, presence, decideMedia(t, us, summary, loggedIn, concerned, unavailable));
  }

  private List<MediumDecision> decideMedia(PlanTables t, UserSettings us, long summary, boolean loggedIn, long concerned,
      long unavailable) {
    if (t.nm == 2) {
      // The common catalog: no array.
      return List.of(decide(t, us, summary, loggedIn, concerned, unavailable, 0), decide(t, us, summary, loggedIn, concerned, unavailable, 1));
    }
    MediumDecision[] out = new MediumDecision[t.nm];
    for (int m = 0; m < t.nm; m++) {
      out[m] = decide(t, us, summary, loggedIn, concerned, unavailable, m);
    }
    return List.of(out);
  }

  /** Which of the {@code concerned} options (bit i) are legacy options unavailable to the recipient. */
  private static long unavailable(PlanTables t, LocalDate orgCreatedOn, LocalDate userCreatedOn, long concerned) {
    long bits = 0;
    for (int j = 0; j < t.legacyAt.length; j++) {
      int i = t.legacyAt[j];
      if ((concerned & (1L << i)) != 0 && !t.legacyOf[j].isAvailableTo(orgCreatedOn, userCreatedOn)) {
        bits |= 1L << i;
      }
    }
    return bits;
  }

  // One medium: walks only the options that concern the user, most specific first; the pop-up
  // with a tone is out of line.
  private MediumDecision decide(PlanTables t, UserSettings us, long summary, boolean loggedIn, long concerned,
      long unavailable, int m) {
    MediumDecision firstFailure = null;
    for (long left = concerned; left != 0; left &= left - 1) {
      int i = Long.numberOfTrailingZeros(left);
      int k = i * t.nm + m;
      // Rule 1: channel value, else option-wide value, else the default table.
      int value = t.summarizable ? valueOf(summary, k) : resolve(t, us, k);
      int slot = value >>> 2;
      int f = slot == 0 ? t.defaults[k] : value & 3;
      int base = (k * PlanTables.SLOTS + slot) * DecisionEngine.VARIANTS;
      // Rule 2: the frequency gate. Frequency ordinals: NEVER 0, WHEN_LOGGED_OUT 1, ALWAYS 2.
      if (f == 2 || (f == 1 && !loggedIn)) {
        if (loggedIn && t.inApp[m]) {
          return popup(t, us, i, base);
        }
        return t.decisions[base + (f == 2 ? DecisionEngine.ALWAYS_QUIET : DecisionEngine.WHEN_LOGGED_OUT_DELIVERED)];
      }
      if (firstFailure == null) {
        firstFailure = t.decisions[base + (f == 1 ? DecisionEngine.WHEN_LOGGED_OUT_LOGGED_IN : DecisionEngine.NEVER)];
      }
    }
    if (firstFailure != null) {
      return firstFailure;
    }
    // Every concerning option was unavailable: the most specific one explains it.
    return unavailable != 0 ? t.unavailable[Long.numberOfTrailingZeros(unavailable) * t.nm + m] : t.outside.get(m);
  }

  /** {@code slot << 2 | ordinal}: slot 2 for the channel value, 1 for the all-channels value, 0 for none. */
  private static int valueOf(long summary, int k) {
    int shift = 2 * k * PlanTables.BITS;
    int byChannel = (int) (summary >>> (shift + PlanTables.BITS)) & 7;
    if (byChannel != 0) {
      return 8 | (byChannel & 3);
    }
    int forAll = (int) (summary >>> shift) & 7;
    return forAll != 0 ? 4 | (forAll & 3) : 0;
  }

  private int resolve(PlanTables t, UserSettings us, int k) {
    int found = settings.resolve(us, t.channelKeys[k], t.optionKeys[k]);
    if (found < 0) {
      return 0;
    }
    return ((found & SettingsAccess.CHANNEL) != 0 ? 8 : 4) | (found & 3);
  }

  private MediumDecision popup(PlanTables t, UserSettings us, int i, int base) {
    MediumDecision silent = t.decisions[base + DecisionEngine.ALWAYS_POPUP];
    int category = t.soundCategory[i];
    String tone = category < 0 ? null : settings.tone(us, category, channelKey);
    return tone == null ? silent : new MediumDecision(silent.medium(), silent.reason(), true, tone);
  }
}
