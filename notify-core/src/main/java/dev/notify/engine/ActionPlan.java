package dev.notify.engine;

import dev.notify.action.Action;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.catalog.SoundCategory;
import dev.notify.catalog.Tenure;
import dev.notify.internal.Checks;
import dev.notify.settings.Resolution;
import dev.notify.settings.Resolver;
import dev.notify.settings.UserSettings;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One action prepared for deciding: its qualifying options in order of precedence, its channel, its
 * actor and audience facts. Immutable and thread-safe; made by {@link DecisionEngine#plan}.
 *
 * @since 0.1.0
 */
public final class ActionPlan {
  private static final int EVERYONE = DecisionEngine.bit(Relation.EVERYONE);
  private static final int ASSIGNEE = DecisionEngine.bit(Relation.ASSIGNEE);
  private static final int FOLLOWER = DecisionEngine.bit(Relation.FOLLOWER);
  private static final int MENTIONED = DecisionEngine.bit(Relation.MENTIONED);
  private static final int TEAM_MENTIONED = DecisionEngine.bit(Relation.TEAM_MENTIONED);

  private final DecisionEngine engine;
  private final Action action;
  private final String actionId;
  private final @Nullable String actor;
  private final @Nullable String assignee;
  private final Set<String> mentioned;
  private final Set<String> followers;
  private final Set<String> teamMembers;
  private final int channel; // index in the catalog, -1 for none
  private final PlanTables tables;

  ActionPlan(
      DecisionEngine engine, Action action, AudienceFacts facts, PlanTables tables, int channel) {
    this(engine, action, facts.followers(), facts.teamMembers(), tables, channel);
  }

  private ActionPlan(
      DecisionEngine engine,
      Action action,
      Set<String> followers,
      Set<String> teamMembers,
      PlanTables tables,
      int channel) {
    this.engine = engine;
    this.action = action;
    this.actionId = action.id();
    this.actor = action.actorIfAny().orElse(null);
    this.assignee = action.assigneeIfAny().orElse(null);
    this.mentioned = action.mentionedUsers();
    // contains() is asked once per candidate: for a big set a HashSet's mask beats the immutable
    // set's floorMod.
    this.followers = fastLookup(followers);
    this.teamMembers = fastLookup(teamMembers);
    this.channel = channel;
    this.tables = tables;
  }

  /**
   * This plan without the legacy options unavailable to every user of an organisation created on
   * {@code orgCreatedOn} ({@code null} for a new organisation). Decisions for users of that
   * organisation are the same, but an audience of "everyone" that only such options made is gone: a
   * new organisation need not decide for all its users on every customer message.
   */
  public ActionPlan forOrganization(@Nullable LocalDate orgCreatedOn) {
    PlanTables kept = engine.tablesForOrganization(action.kind(), tables, channel, orgCreatedOn);
    return kept == tables
        ? this
        : new ActionPlan(engine, action, followers, teamMembers, kept, channel);
  }

  /**
   * This plan with other audience facts: the pipeline plans once, reads from its directory only the
   * facts the plan {@link #concerns}, then decides with them.
   */
  public ActionPlan withFacts(AudienceFacts facts) {
    Checks.notNull(facts, "facts");
    return new ActionPlan(engine, action, facts.followers(), facts.teamMembers(), tables, channel);
  }

  private static Set<String> fastLookup(Set<String> ids) {
    // A plan derived from another (forOrganization) already holds the HashSet: copy once only.
    return ids.size() > 16 && !(ids instanceof HashSet) ? new HashSet<>(ids) : ids;
  }

  /** The action. */
  public Action action() {
    return action;
  }

  /**
   * Whether some option of this action concerns every user, so the audience is the whole
   * organisation.
   */
  public boolean concernsEveryone() {
    return (tables.relationsInPlay & EVERYONE) != 0;
  }

  /** Whether an option of this action concerns users in {@code relation} to it. */
  public boolean concerns(Relation relation) {
    return (tables.relationsInPlay & DecisionEngine.bit(Checks.notNull(relation, "relation"))) != 0;
  }

  /** The relations {@code userId} has to this action, among those some option of it concerns. */
  private int relationsOf(String userId) {
    int in = tables.relationsInPlay;
    int bits = in & EVERYONE;
    if ((in & ASSIGNEE) != 0 && userId.equals(assignee)) {
      bits |= ASSIGNEE;
    }
    if ((in & FOLLOWER) != 0 && followers.contains(userId)) {
      bits |= FOLLOWER;
    }
    if ((in & MENTIONED) != 0 && mentioned.contains(userId)) {
      bits |= MENTIONED;
    }
    if ((in & TEAM_MENTIONED) != 0 && teamMembers.contains(userId)) {
      bits |= TEAM_MENTIONED;
    }
    return bits;
  }

  /** Decides for one user. */
  public Decision decide(Recipient recipient) {
    Checks.notNull(recipient, "recipient");
    // Small on purpose: inlined into a caller's loop, the recipient (and its tenure) never escape,
    // so the JIT need not allocate them.
    Tenure tenure = recipient.tenure();
    return decide(
        recipient.userId(),
        tenure.orgCreatedOn(),
        tenure.userCreatedOn(),
        recipient.settings(),
        recipient.presence());
  }

  private Decision decide(
      String user,
      @Nullable LocalDate orgCreatedOn,
      @Nullable LocalDate userCreatedOn,
      UserSettings settings,
      Presence presence) {
    // Rule 3: the actor is never told.
    if (user.equals(actor)) {
      return new Decision(actionId, user, presence, engine.actorMedia);
    }
    int relations = relationsOf(user);
    if (relations == 0) {
      return new Decision(actionId, user, presence, engine.outsideMedia);
    }
    PlanTables t = tables;
    long concerning = t.concerning[relations];
    long unavailable =
        (concerning & t.legacyBits) == 0
            ? 0
            : t.unavailableTo(Tenure.of(orgCreatedOn, userCreatedOn), concerning);
    long concerned = concerning & ~unavailable;
    boolean loggedIn = presence.isLoggedIn();
    Resolver resolver = t.resolver;
    boolean onePart = resolver.parts() == 1;
    // Rule 1 for every option the user may hear of, in one read when the shape has one part.
    long values = onePart ? resolver.read(settings, 0) : 0;
    // A user who reads only defaults here (and hears no tone of theirs) gets the answer every such
    // user gets: decided once per shape, then shared.
    boolean followsDefaults =
        settings == UserSettings.none()
            || (!loggedIn && onePart && resolver.onlyDefaults(values, 0));
    if (followsDefaults) {
      int key = t.defaultsKey(relations, unavailable, loggedIn);
      if (key >= 0) {
        List<MediumDecision> media = t.followingDefaults[key];
        if (media == null) {
          media =
              decideMedia(
                  t, UserSettings.none(), onePart, values, presence, concerned, unavailable);
          t.followingDefaults[key] = media;
        }
        return new Decision(actionId, user, presence, media);
      }
    }
    return new Decision(
        actionId,
        user,
        presence,
        decideMedia(t, settings, onePart, values, presence, concerned, unavailable));
  }

  private List<MediumDecision> decideMedia(
      PlanTables t,
      UserSettings settings,
      boolean onePart,
      long values,
      Presence presence,
      long concerned,
      long unavailable) {
    if (t.media == 2 && engine.allOffered) {
      // The common catalog, every medium offered: no array, no check per medium.
      return List.of(
          decide(t, settings, onePart, values, presence, concerned, unavailable, 0),
          decide(t, settings, onePart, values, presence, concerned, unavailable, 1));
    }
    MediumDecision[] out = new MediumDecision[t.media];
    for (int m = 0; m < t.media; m++) {
      out[m] =
          engine.offered[m] || (concerned == 0 && unavailable == 0)
              ? decide(t, settings, onePart, values, presence, concerned, unavailable, m)
              : engine.notOffered[m]; // the host cannot deliver it: nothing to decide
    }
    return List.of(out);
  }

  /**
   * Rule 4 for one medium: walks the options that concern the user, most specific first, and
   * delivers with the first that passes unconditionally, else with the first that passes
   * conditionally ({@code IF_UNREAD}, rule 7); else the first failure explains why not.
   */
  private MediumDecision decide(
      PlanTables t,
      UserSettings settings,
      boolean onePart,
      long values,
      Presence presence,
      long concerned,
      long unavailable,
      int m) {
    Resolver resolver = t.resolver;
    MediumDecision firstFailure = null;
    MediumDecision firstConditional = null;
    for (long left = concerned; left != 0; left &= left - 1) {
      int i = Long.numberOfTrailingZeros(left);
      int pair = i * t.media + m;
      long read = onePart ? values : resolver.read(settings, resolver.partOf(pair));
      Resolution resolution = resolver.resolution(read, pair); // rule 1
      MediumDecision d = t.decision(pair, resolution, presence);
      if (resolution.frequency().delivers(presence)) { // rule 2
        if (!resolution.frequency().isConditional()) {
          return d.popup() ? withTone(t, settings, i, d) : d;
        }
        // Rule 7: a conditional pass delivers only if no option passes unconditionally.
        if (firstConditional == null) {
          firstConditional = d;
        }
      } else if (firstFailure == null) {
        firstFailure = d;
      }
    }
    if (firstConditional != null) {
      return firstConditional; // IF_UNREAD is never in-app: no pop-up, no tone
    }
    if (firstFailure != null) {
      return firstFailure;
    }
    // Every concerning option was unavailable: the most specific one explains it.
    return unavailable != 0
        ? t.unavailable[Long.numberOfTrailingZeros(unavailable) * t.media + m]
        : t.outside.get(m);
  }

  /** Rule 6: a pop-up plays the tone the user chose for its label's sound category, if any. */
  private static MediumDecision withTone(
      PlanTables t, UserSettings settings, int i, MediumDecision popup) {
    SoundCategory category = t.soundCategory[i];
    String tone = category == null ? null : settings.toneFor(category, t.channel);
    return tone == null ? popup : new MediumDecision(popup.medium(), popup.reason(), true, tone);
  }
}
