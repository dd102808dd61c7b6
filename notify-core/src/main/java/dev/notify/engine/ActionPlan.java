package dev.notify.engine;

import dev.notify.action.Action;
import dev.notify.catalog.Relation;
import dev.notify.internal.Checks;
import dev.notify.internal.Keys;
import dev.notify.internal.SettingsAccess;
import dev.notify.settings.UserSettings;
import java.util.List;
import java.util.Set;

/**
 * One action prepared for deciding: its qualifying options in order of precedence, its channel,
 * its actor and audience facts. Immutable and thread-safe; made by {@link DecisionEngine#plan}.
 *
 * @since 0.1.0
 */
public final class ActionPlan {
  private static final int ALL = -1;
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
  private final int[] options; // most specific first
  private final int channel; // index in the catalog, -1 for none
  private final int channelKey;
  private final int relationsInPlay;
  private final SettingsAccess settings = SettingsAccess.get();

  ActionPlan(DecisionEngine engine, Action action, AudienceFacts facts, int[] options, int channel) {
    this(engine, action, facts.followers(), facts.teamMembers(), options, channel);
  }

  private ActionPlan(DecisionEngine engine, Action action, Set<String> followers, Set<String> teamMembers, int[] options, int channel) {
    this.engine = engine;
    this.action = action;
    this.actionId = action.id();
    this.actor = action.actorIfAny().orElse(null);
    this.assignee = action.assigneeIfAny().orElse(null);
    this.mentioned = action.mentionedUsers();
    // contains() is asked once per candidate: for a big set a HashSet's mask beats the immutable set's floorMod.
    this.followers = fastLookup(followers);
    this.teamMembers = fastLookup(teamMembers);
    this.options = options;
    this.channel = channel;
    this.channelKey = channel < 0 ? -1 : engine.channelKeys[channel];
    int mask = 0;
    for (int o : options) {
      mask |= engine.relationMask[o];
    }
    this.relationsInPlay = mask;
  }

  /**
   * This plan without the legacy options unavailable to every user of an organisation created on
   * {@code orgCreatedOn} ({@code null} for a new organisation). Decisions for users of that
   * organisation are the same, but an audience of "everyone" that only such options made is gone:
   * a new organisation need not decide for all its users on every customer message.
   */
  public ActionPlan forOrganization(java.time.LocalDate orgCreatedOn) {
    int[] kept = new int[options.length];
    int n = 0;
    for (int o : options) {
      if (engine.legacy[o] == null || engine.legacy[o].isAvailableToOrganization(orgCreatedOn)) {
        kept[n++] = o;
      }
    }
    return n == options.length ? this : new ActionPlan(engine, action, followers, teamMembers, java.util.Arrays.copyOf(kept, n), channel);
  }

  /**
   * This plan with other audience facts: the pipeline plans once, reads from its directory only
   * the facts the plan {@link #concerns}, then decides with them.
   */
  public ActionPlan withFacts(AudienceFacts facts) {
    Checks.notNull(facts, "facts");
    return new ActionPlan(engine, action, facts.followers(), facts.teamMembers(), options, channel);
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
    String user = recipient.userId();
    Presence presence = recipient.presence();
    if (user.equals(actor)) {
      return new Decision(actionId, user, presence, engine.actorMedia);
    }
    int mask = relationsOf(user);
    if (mask == 0) {
      return new Decision(actionId, user, presence, engine.outsideMedia);
    }
    DecisionEngine e = engine;
    int nm = e.media.length;
    long unavailable = unavailable(recipient, mask);
    if (nm == 2) {
      // The common catalog: avoid the array.
      return new Decision(actionId, user, presence, List.of(decide(recipient, mask, unavailable, 0), decide(recipient, mask, unavailable, 1)));
    }
    MediumDecision[] out = new MediumDecision[nm];
    for (int m = 0; m < nm; m++) {
      out[m] = decide(recipient, mask, unavailable, m);
    }
    return new Decision(actionId, user, presence, List.of(out));
  }

  /**
   * Which of the qualifying options (bit i for options[i]) are legacy options unavailable to the
   * recipient: checked once per recipient, not once per medium.
   */
  private long unavailable(Recipient recipient, int mask) {
    long bits = 0;
    DecisionEngine e = engine;
    for (int i = 0; i < options.length; i++) {
      int o = options[i];
      if (e.legacy[o] != null && (e.relationMask[o] & mask) != 0 && !e.legacy[o].isAvailableTo(recipient.tenure())) {
        bits |= 1L << i;
      }
    }
    return bits;
  }

  private MediumDecision decide(Recipient recipient, int mask, long unavailableOptions, int m) {
    DecisionEngine e = engine;
    UserSettings us = recipient.settings();
    boolean loggedIn = recipient.presence().isLoggedIn();
    int nm = e.media.length;
    int mediumKey = e.mediumKeys[m];
    MediumDecision firstFailure = null;
    MediumDecision unavailable = null;
    for (int i = 0; i < options.length; i++) {
      int o = options[i];
      if ((e.relationMask[o] & mask) == 0) {
        continue;
      }
      if ((unavailableOptions & (1L << i)) != 0) {
        if (unavailable == null) {
          unavailable = e.unavailable[o][m];
        }
        continue;
      }
      // Rule 1: channel value, else option-wide value, else the default table.
      int optionKey = e.optionKeys[o];
      boolean byChannel = channel >= 0 && e.perChannel[o];
      int found = settings.resolve(us, byChannel ? Keys.setting(optionKey, channelKey, mediumKey) : -1,
          Keys.setting(optionKey, ALL, mediumKey));
      int slot;
      int f;
      if (found < 0) {
        f = e.defaults[o * nm + m];
        slot = 0;
      } else {
        f = found & 0xF;
        slot = (found & SettingsAccess.CHANNEL) != 0 ? 2 + channel : 1;
      }
      MediumDecision[] v = e.cached[o][m][slot];
      // Rule 2: the frequency gate. Frequency ordinals: NEVER 0, WHEN_LOGGED_OUT 1, ALWAYS 2.
      if (f == 2 || (f == 1 && !loggedIn)) {
        if (e.inApp[m] && loggedIn) {
          int category = e.soundCategory[o];
          String tone = category < 0 ? null : settings.tone(us, category, channelKey);
          return tone == null ? v[DecisionEngine.ALWAYS_POPUP] : new MediumDecision(e.media[m], v[DecisionEngine.ALWAYS_POPUP].reason(), true, tone);
        }
        return f == 2 ? v[DecisionEngine.ALWAYS_QUIET] : v[DecisionEngine.WHEN_LOGGED_OUT_DELIVERED];
      }
      if (firstFailure == null) {
        firstFailure = f == 1 ? v[DecisionEngine.WHEN_LOGGED_OUT_LOGGED_IN] : v[DecisionEngine.NEVER];
      }
    }
    if (firstFailure != null) {
      return firstFailure;
    }
    return unavailable != null ? unavailable : e.outsideMedia.get(m);
  }
}
