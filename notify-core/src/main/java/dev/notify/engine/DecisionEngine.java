package dev.notify.engine;

import dev.notify.action.Action;
import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Relation;
import dev.notify.internal.Checks;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Layer;
import dev.notify.settings.Lock;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.Setting;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The pure decision function: (action, audience facts, each candidate's settings and presence) →
 * {@link Decision}s, following the decision rules of the conformance format:
 *
 * <ol>
 *   <li>resolution: the user's value for the action's channel, else their value for all channels,
 *       else the default table;
 *   <li>the frequency gate: {@code ALWAYS} delivers, {@code WHEN_LOGGED_OUT} only when the user is
 *       not logged in, {@code NEVER} never;
 *   <li>the actor is never notified of their own action;
 *   <li>one delivery per action, user and medium: it delivers if any qualifying option passes,
 *       labelled by the most specific option that passed;
 *   <li>an in-app delivery to a logged-in user pops up;
 *   <li>and plays the tone of its label's sound category, if the user set one.
 * </ol>
 *
 * <p>No I/O, no clock, no randomness, no logging. Immutable and thread-safe: one engine serves
 * every thread. Everything that does not depend on the user is computed once, here or in {@link
 * #plan}; deciding for one user does a few array and {@code long} comparisons and allocates only
 * the result.
 *
 * @since 0.1.0
 */
public final class DecisionEngine {
  private static final int[] NO_OPTIONS = new int[0];

  private final Catalog catalog;
  private final DefaultTable table;

  final Medium[] media;
  final NotificationOption[] options;

  /** Per option: its audience's relations, one bit per {@link Relation} (see {@link #bit}). */
  final int[] relations;

  final Channel[] channels;
  private final boolean[] newConversationsOnly;
  private final Map<Channel, Integer> channelIndex;
  private final Map<ActionKind, int[]> optionsByKind;

  /**
   * A plan shape: the kind ({@code null} when it has no options), the options in play, the channel.
   */
  private record TablesKey(@Nullable ActionKind kind, long selected, int channel) {}

  /** Bounded by the catalog: kinds × option subsets the rules select × channels. */
  private final ConcurrentHashMap<TablesKey, PlanTables> tables = new ConcurrentHashMap<>();

  final List<MediumDecision> actorMedia;
  final List<MediumDecision> outsideMedia;

  /** Per medium: whether the host offers it; when not, the decision "not offered". */
  final boolean[] offered;

  final MediumDecision[] notOffered;

  /** Whether every medium of the catalog is offered: the plans then skip the check. */
  final boolean allOffered;

  private final Set<Medium> offeredMedia;

  private final List<Lock> locks;
  private final @Nullable String organization;

  private DecisionEngine(
      Catalog catalog,
      DefaultTable table,
      Set<Medium> offeredMedia,
      List<Lock> locks,
      @Nullable String organization) {
    this.catalog = catalog;
    this.table = table;
    this.offeredMedia = offeredMedia;
    this.locks = locks;
    this.organization = organization;
    media = catalog.media().toArray(new Medium[0]);
    allOffered = offeredMedia.containsAll(catalog.media());
    offered = new boolean[media.length];
    notOffered = new MediumDecision[media.length];
    for (int m = 0; m < media.length; m++) {
      offered[m] = offeredMedia.contains(media[m]);
      notOffered[m] =
          new MediumDecision(
              media[m], new Reason(Outcome.NOT_OFFERED, null, null, null, null, null), false, null);
    }
    channels = catalog.channels().toArray(new Channel[0]);
    channelIndex = new HashMap<>();
    for (int c = 0; c < channels.length; c++) {
      channelIndex.put(channels[c], c);
    }
    options = catalog.options().toArray(new NotificationOption[0]);
    int no = options.length;
    relations = new int[no];
    newConversationsOnly = new boolean[no];
    Map<NotificationOption, Integer> index = new HashMap<>();
    for (int o = 0; o < no; o++) {
      NotificationOption opt = options[o];
      index.put(opt, o);
      for (Relation r : opt.audience().relations()) {
        relations[o] |= bit(r);
      }
      newConversationsOnly[o] = opt.audience().newConversationsOnly();
    }
    optionsByKind = new HashMap<>();
    for (NotificationOption opt : options) {
      optionsByKind.computeIfAbsent(
          opt.audience().kind(),
          k -> {
            List<NotificationOption> ofKind = catalog.optionsFor(k);
            // A plan keeps one bit per option of a kind.
            Checks.argument(
                ofKind.size() <= 64,
                "at most 64 options may listen to one action kind, %s has more",
                k);
            return ofKind.stream().mapToInt(index::get).toArray();
          });
    }
    List<MediumDecision> actor = new ArrayList<>();
    List<MediumDecision> outside = new ArrayList<>();
    for (int i = 0; i < media.length; i++) {
      Medium m = media[i];
      actor.add(
          offered[i]
              ? new MediumDecision(
                  m, new Reason(Outcome.ACTOR, null, null, null, null, null), false, null)
              : notOffered[i]);
      outside.add(
          new MediumDecision(
              m, new Reason(Outcome.NOT_IN_AUDIENCE, null, null, null, null, null), false, null));
    }
    actorMedia = List.copyOf(actor);
    outsideMedia = List.copyOf(outside);
  }

  /**
   * The engine's one-bit code of a relation, for the sets of relations a plan keeps as {@code
   * int}s.
   */
  static int bit(Relation relation) {
    return 1 << relation.ordinal();
  }

  /**
   * An engine over {@code catalog} whose users follow {@code table} for every key they never set.
   */
  public static DecisionEngine create(Catalog catalog, DefaultTable table) {
    Checks.notNull(catalog, "catalog");
    return new DecisionEngine(
        catalog, Checks.notNull(table, "table"), Set.copyOf(catalog.media()), List.of(), null);
  }

  /**
   * This engine for a host that offers only {@code media} (and in-app, always offered): every other
   * medium is decided {@link Outcome#NOT_OFFERED} for everyone in the audience, so nothing is
   * queued for it. The notifier builds it from the media it has transports for.
   *
   * @throws IllegalArgumentException when a medium is not in the catalog
   * @since 0.3.0
   */
  public DecisionEngine offering(Set<Medium> media) {
    Checks.noNulls(media, "media");
    Set<Medium> all = new HashSet<>();
    all.add(Medium.IN_APP);
    for (Medium m : media) {
      Checks.argument(
          catalog.hasMedium(m), "offered medium %s is not in the catalog", Checks.quote(m.id()));
      all.add(m);
    }
    all.retainAll(catalog.media());
    return all.equals(offeredMedia)
        ? this
        : new DecisionEngine(catalog, table, Set.copyOf(all), locks, organization);
  }

  /**
   * This engine for an organisation that locks some keys: a locked (option, medium[, channel]) is
   * decided by its lock whatever the user set, its reason saying "locked by your organisation"
   * ({@link Layer#ORGANIZATION_LOCK}). Replaces this engine's locks.
   *
   * @throws IllegalArgumentException when a lock does not fit the catalog, or two locks are of the
   *     same key
   * @since 0.3.0
   */
  public DecisionEngine locking(List<Lock> locks) {
    Checks.noNulls(locks, "locks");
    Set<String> keys = new HashSet<>();
    for (Lock l : locks) {
      l.checkedAgainst(catalog);
      Checks.argument(keys.add(l.key()), "two locks of %s", Checks.quote(l.key()));
    }
    return new DecisionEngine(catalog, table, offeredMedia, List.copyOf(locks), organization);
  }

  /**
   * This engine for the organisation {@code name}: its users follow {@code table} (the
   * organisation's defaults, falling back to nothing: the table is whole) for every key they never
   * set, and reasons name it — "the default of Acme, table acme-3", "locked by your organisation".
   * Keeps this engine's locks and offered media.
   *
   * @throws IllegalArgumentException when the name is blank
   * @since 0.3.0
   */
  public DecisionEngine forOrganization(String name, DefaultTable table) {
    Checks.text(name, "name");
    Checks.notNull(table, "table");
    return new DecisionEngine(catalog, table, offeredMedia, locks, name);
  }

  /**
   * This engine for an organisation's settings: its default table (this engine's table with the
   * organisation's values) named after it, and its locks.
   *
   * @throws IllegalArgumentException when a default or lock does not fit the catalog
   * @since 0.3.0
   */
  public DecisionEngine forOrganization(OrganizationSettings settings) {
    Checks.notNull(settings, "settings");
    for (Setting d : settings.defaults()) {
      Checks.argument(
          catalog.option(d.option()).isPresent(),
          "default of unknown option %s",
          Checks.quote(d.option()));
      Checks.argument(
          catalog.hasMedium(d.medium()),
          "default of %s on medium %s, which the catalog does not have",
          Checks.quote(d.option()),
          Checks.quote(d.medium().id()));
    }
    return forOrganization(settings.name(), settings.table(table)).locking(settings.locks());
  }

  /** The organisation this engine decides for, or null for the notifier's own table. */
  public @Nullable String organization() {
    return organization;
  }

  /** The organisation's locks this engine applies (none by default). */
  public List<Lock> locks() {
    return locks;
  }

  /** The media this engine decides; the others are {@link Outcome#NOT_OFFERED}. */
  public Set<Medium> offeredMedia() {
    return offeredMedia;
  }

  /** An engine over the standard catalog and the standard default table. */
  public static DecisionEngine standard() {
    return StandardHolder.ENGINE;
  }

  /** The catalog. */
  public Catalog catalog() {
    return catalog;
  }

  /** The default table. */
  public DefaultTable defaults() {
    return table;
  }

  /**
   * Prepares everything about {@code action} that does not depend on the user; the returned plan
   * decides for any number of users, from any thread.
   *
   * @throws IllegalArgumentException when the action's channel is not in the catalog
   */
  public ActionPlan plan(Action action, AudienceFacts facts) {
    Checks.notNull(action, "action");
    Checks.notNull(facts, "facts");
    int channel = -1;
    Channel ch = action.channelIfAny().orElse(null);
    if (ch != null) {
      Integer c = channelIndex.get(ch);
      if (c == null) {
        throw new IllegalArgumentException(
            Checks.format(
                    "unknown channel %s on action %s",
                    Checks.quote(ch.id()), Checks.quote(action.id()))
                + Checks.known(ch.id(), channelIndex.keySet().stream().map(Channel::id).toList()));
      }
      channel = c;
    }
    int[] all = optionsByKind.getOrDefault(action.kind(), NO_OPTIONS);
    boolean starts = action.startsConversation();
    long selected = 0;
    for (int j = 0; j < all.length; j++) {
      if (!newConversationsOnly[all[j]] || starts) {
        selected |= 1L << j;
      }
    }
    return new ActionPlan(
        this, action, facts, tables(action.kind(), all, selected, channel), channel);
  }

  /** The shared tables of a plan shape; a kind without options shares one per channel. */
  private PlanTables tables(ActionKind kind, int[] all, long selected, int channel) {
    TablesKey key = new TablesKey(all.length == 0 ? null : kind, selected, channel);
    PlanTables t = tables.get(key);
    return t != null
        ? t
        : tables.computeIfAbsent(key, k -> new PlanTables(this, table, all, selected, channel));
  }

  /**
   * {@code t} without the legacy options unavailable to every user of an organisation created on
   * {@code orgCreatedOn}.
   */
  PlanTables tablesForOrganization(
      ActionKind kind, PlanTables t, int channel, @Nullable LocalDate orgCreatedOn) {
    int[] all = optionsByKind.getOrDefault(kind, NO_OPTIONS);
    long kept = t.selected;
    for (int j = 0; j < all.length; j++) {
      if (!options[all[j]].availability().isAvailableToOrganization(orgCreatedOn)) {
        kept &= ~(1L << j);
      }
    }
    return kept == t.selected ? t : tables(kind, all, kept, channel);
  }

  /** Decides for one user. */
  public Decision decide(Action action, AudienceFacts facts, Recipient recipient) {
    return plan(action, facts).decide(recipient);
  }

  /**
   * Decides for every candidate; the result is sorted by user id, so it does not depend on the
   * candidates' order.
   *
   * @throws IllegalArgumentException when two candidates have the same user id
   */
  public List<Decision> decideAll(
      Action action, AudienceFacts facts, Collection<Recipient> candidates) {
    Checks.noNulls(candidates, "candidates");
    ActionPlan plan = plan(action, facts);
    Set<String> seen = new HashSet<>();
    List<Recipient> sorted = new ArrayList<>(candidates);
    sorted.sort((a, b) -> a.userId().compareTo(b.userId()));
    List<Decision> out = new ArrayList<>(sorted.size());
    for (Recipient r : sorted) {
      Checks.argument(seen.add(r.userId()), "duplicate candidate %s", Checks.quote(r.userId()));
      out.add(plan.decide(r));
    }
    return out;
  }

  private static final class StandardHolder {
    static final DecisionEngine ENGINE = create(Catalog.standard(), DefaultTable.standard());
  }
}
