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
    this.engine = engine;
    this.action = action;
    this.actionId = action.id();
    this.actor = action.actorIfAny().orElse(null);
    this.assignee = action.assigneeIfAny().orElse(null);
    this.mentioned = action.mentionedUsers();
    this.followers = facts.followers();
    this.teamMembers = facts.teamMembers();
    this.options = options;
    this.channel = channel;
    this.channelKey = channel < 0 ? -1 : engine.channelKeys[channel];
    int mask = 0;
    for (int o : options) {
      mask |= engine.relationMask[o];
    }
    this.relationsInPlay = mask;
  }

  /** The action. */
  public Action action() {
    return action;
  }

  /** Whether some option of this action concerns every user, so the audience is the whole organisation. */
  public boolean concernsEveryone() {
    return DecisionEngine.relationIn(relationsInPlay, Relation.EVERYONE);
  }

  /** Whether an option of this action concerns users in {@code relation} to it. */
  public boolean concerns(Relation relation) {
    return DecisionEngine.relationIn(relationsInPlay, Checks.notNull(relation, "relation"));
  }

  /** The relations {@code userId} has to this action, as a mask of {@link Relation#bit()}. */
  public int relationsOf(String userId) {
    int in = relationsInPlay;
    int mask = in & Relation.EVERYONE.bit();
    if ((in & Relation.ASSIGNEE.bit()) != 0 && userId.equals(assignee)) {
      mask |= Relation.ASSIGNEE.bit();
    }
    if ((in & Relation.FOLLOWER.bit()) != 0 && followers.contains(userId)) {
      mask |= Relation.FOLLOWER.bit();
    }
    if ((in & Relation.MENTIONED.bit()) != 0 && mentioned.contains(userId)) {
      mask |= Relation.MENTIONED.bit();
    }
    if ((in & Relation.TEAM_MENTIONED.bit()) != 0 && teamMembers.contains(userId)) {
      mask |= Relation.TEAM_MENTIONED.bit();
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
    if (nm == 2) {
      // The common catalog: avoid the array.
      return new Decision(actionId, user, presence, List.of(decide(recipient, mask, 0), decide(recipient, mask, 1)));
    }
    MediumDecision[] out = new MediumDecision[nm];
    for (int m = 0; m < nm; m++) {
      out[m] = decide(recipient, mask, m);
    }
    return new Decision(actionId, user, presence, List.of(out));
  }

  private MediumDecision decide(Recipient recipient, int mask, int m) {
    DecisionEngine e = engine;
    UserSettings us = recipient.settings();
    boolean loggedIn = recipient.presence().isLoggedIn();
    int nm = e.media.length;
    int mediumKey = e.mediumKeys[m];
    MediumDecision firstFailure = null;
    MediumDecision unavailable = null;
    for (int o : options) {
      if ((e.relationMask[o] & mask) == 0) {
        continue;
      }
      if (e.legacy[o] != null && !e.legacy[o].isAvailableTo(recipient.tenure())) {
        if (unavailable == null) {
          unavailable = e.unavailable[o][m];
        }
        continue;
      }
      // Rule 1: channel value, else option-wide value, else the default table.
      int slot;
      int f = -1;
      int optionKey = e.optionKeys[o];
      if (channel >= 0 && e.perChannel[o]) {
        f = settings.frequency(us, Keys.setting(optionKey, channelKey, mediumKey));
        slot = 2 + channel;
      } else {
        slot = 0;
      }
      if (f < 0) {
        f = settings.frequency(us, Keys.setting(optionKey, ALL, mediumKey));
        slot = 1;
      }
      if (f < 0) {
        f = e.defaults[o * nm + m];
        slot = 0;
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
