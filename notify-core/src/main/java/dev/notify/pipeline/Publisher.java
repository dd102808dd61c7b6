package dev.notify.pipeline;

import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.catalog.Tenure;
import dev.notify.engine.ActionPlan;
import dev.notify.engine.AudienceFacts;
import dev.notify.engine.Decision;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Recipient;
import dev.notify.internal.Checks;
import dev.notify.settings.UserSettings;
import dev.notify.spi.ActionLog;
import dev.notify.spi.Delivery;
import dev.notify.spi.Directory;
import dev.notify.spi.InboxItem;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.Stores;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.spi.VersionedSettings;
import dev.notify.timeline.TimelinePolicy;
import dev.notify.timeline.UserTiming;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The publishing half of a notifier: checks an action, resolves its audience from the directory,
 * decides for each candidate, refuses a reused action id, writes the in-app notifications and
 * enqueues the rest. Holds no state but its counters; thread-safe, as its stores are.
 */
final class Publisher {
  private final OrganizationEngines engines;
  private final Directory directory;
  private final PresenceProvider presence;
  private final SettingsStore settings;
  private final Outbox outbox;
  private final InAppTransport inApp;
  private final @Nullable Stores unit; // runs a publish as one unit; null: each call on its own
  private final Clock clock;
  private final Timings timings;
  private final ActionLog actions;
  private final TimelinePolicy timeline;
  final LongAdder enqueued = new LongAdder();
  final LongAdder inAppWritten = new LongAdder();
  final LongAdder duplicates = new LongAdder();

  Publisher(
      OrganizationEngines engines,
      Directory directory,
      PresenceProvider presence,
      SettingsStore settings,
      Outbox outbox,
      InAppTransport inApp,
      Clock clock,
      Timings timings,
      ActionLog actions,
      TimelinePolicy timeline,
      @Nullable Stores unit) {
    this.engines = engines;
    this.directory = directory;
    this.presence = presence;
    this.settings = settings;
    this.outbox = outbox;
    this.inApp = inApp;
    this.clock = clock;
    this.timings = timings;
    this.actions = actions;
    this.timeline = timeline;
    this.unit = unit;
  }

  /** Publishes {@code action}: see {@link Notifier#publish}. */
  PublishResult publish(Action action) {
    String text = validate(action);
    String link = inApp.link(action); // the host's: refused before anything is written
    if (!link.isEmpty()) {
      textOf(link, "inAppLink"); // empty: the items point nowhere
    }
    // The items written, in the order of the result's written deliveries: told after commit.
    List<InboxItem> shown = new ArrayList<>();
    PublishResult result =
        unit == null
            ? decideAndStore(action, text, link, shown)
            : unit.atomically(() -> decideAndStore(action, text, link, shown));
    enqueued.add(result.enqueued().size());
    inAppWritten.add(shown.size());
    duplicates.add(result.duplicates().size());
    // Told once the items are in the inbox for good (the unit committed); a listener that fails
    // does not keep the others from being told.
    TransportException failed = null;
    List<Delivery> written = result.inApp();
    for (int i = 0; i < shown.size(); i++) {
      try {
        inApp.tell(shown.get(i), written.get(i));
      } catch (TransportException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
    return result;
  }

  /** The publish's reads and writes: what runs as the stores' one unit. */
  private PublishResult decideAndStore(
      Action action, String text, String link, List<InboxItem> shown) {
    shown.clear(); // the stores may run a unit again (JdbcStores on H2, after a race)
    Audience audience = audienceOf(action);
    Decided decided = decide(audience);
    notReused(action);
    return store(action, text, link, decided, shown);
  }

  /**
   * Refuses a different action under an id used before: its deliveries would collide with the first
   * one's and nothing would be delivered. The same action again is fine (a host retrying).
   */
  private void notReused(Action action) {
    String mine = fingerprint(action);
    actions
        .recordIfAbsent(action.id(), mine, clock.instant())
        .filter(before -> !before.equals(mine))
        .ifPresent(
            before -> {
              throw new NotifyException(
                  "id",
                  Checks.format(
                      "action id %s was already used for another action: first %s, now %s (an"
                          + " action id must be unique forever; the same action may be published"
                          + " again)",
                      Checks.quote(action.id()), before, mine));
            });
  }

  /**
   * What makes an action the same action: its kind, what it says happened, and to whom; not the
   * instant or free text, which a host retrying may build anew.
   */
  static String fingerprint(Action a) {
    StringBuilder b = new StringBuilder().append('"').append(a.describe()).append('"');
    b.append(" (").append(a.kind().id());
    a.actorIfAny().ifPresent(v -> b.append(", actor ").append(v));
    a.channelIfAny().ifPresent(v -> b.append(", channel ").append(v.id()));
    a.customerIfAny().ifPresent(v -> b.append(", customer ").append(v));
    a.conversationIfAny().ifPresent(v -> b.append(", conversation ").append(v));
    a.assigneeIfAny().ifPresent(v -> b.append(", assignee ").append(v));
    if (!a.mentionedUsers().isEmpty()) {
      b.append(", mentions ").append(new TreeSet<>(a.mentionedUsers()));
    }
    if (!a.mentionedTeams().isEmpty()) {
      b.append(", teams ").append(new TreeSet<>(a.mentionedTeams()));
    }
    if (a.startsConversation()) {
      b.append(", new conversation");
    }
    return b.append(')').toString();
  }

  /**
   * Refuses, naming the field, an action that could only fail late or tell nobody. Every field was
   * checked where the action was built (the action records validate, and {@link Action} is sealed);
   * what is left is what only the catalog and the stores' limits know.
   */
  private String validate(Action action) {
    Checks.notNull(action, "action");
    String text = action.describe();
    textOf(text, "describe");
    if (engines.base().catalog().optionsFor(action.kind()).isEmpty()) {
      throw new NotifyException(
          "kind",
          Checks.format(
              "no option of the catalog listens to kind %s: the action could tell nobody",
              Checks.quote(action.kind().id())));
    }
    return text;
  }

  private static void textOf(String value, String field) {
    try {
      Checks.text(value, field);
    } catch (IllegalArgumentException e) {
      throw new NotifyException(field, String.valueOf(e.getMessage()));
    }
  }

  /** Who may be told: the plan with its audience facts, and the candidates' accounts. */
  private record Audience(ActionPlan plan, @Nullable LocalDate org, List<UserAccount> accounts) {}

  /** The decisions, and the deliveries they make, by where they go. */
  private record Decided(List<Decision> decisions, List<Delivery> inApp, List<Delivery> external) {}

  private Audience audienceOf(Action action) {
    LocalDate org = directory.organizationCreatedOn().orElse(null);
    // Plan without facts first: the plan says which facts are worth reading from the directory.
    // The organisation's engine as stored now (one read): its table and locks decide.
    ActionPlan probe = engines.current().plan(action, AudienceFacts.NONE).forOrganization(org);
    checkReferences(action);
    Set<String> followers = Set.of();
    if (probe.concerns(Relation.FOLLOWER) && action.customerIfAny().isPresent()) {
      followers = directory.followers(action.customerIfAny().get());
    }
    Set<String> teamMembers = new TreeSet<>();
    if (probe.concerns(Relation.TEAM_MENTIONED)) {
      for (String team : action.mentionedTeams()) {
        teamMembers.addAll(directory.teamMembers(team));
      }
    }
    ActionPlan plan = probe.withFacts(new AudienceFacts(followers, teamMembers));
    if (plan.concernsEveryone()) {
      return new Audience(plan, org, directory.allUsers()); // no set, no lookups
    }
    TreeSet<String> candidates = new TreeSet<>();
    if (plan.concerns(Relation.ASSIGNEE)) {
      action.assigneeIfAny().ifPresent(candidates::add);
    }
    if (plan.concerns(Relation.MENTIONED)) {
      candidates.addAll(action.mentionedUsers());
    }
    candidates.addAll(followers);
    candidates.addAll(teamMembers);
    List<UserAccount> accounts = directory.users(candidates);
    if (accounts.size() != candidates.size()) {
      // The directory named users (followers, team members) it does not know: refuse rather than
      // silently leave them out.
      Set<String> missing = new TreeSet<>(candidates);
      accounts.forEach(a -> missing.remove(a.id()));
      throw new NotifyException(
          "audience", Checks.format("the directory does not know users %s", missing));
    }
    return new Audience(plan, org, accounts);
  }

  private Decided decide(Audience audience) {
    Action action = audience.plan().action();
    List<Decision> decisions = new ArrayList<>(audience.accounts().size());
    List<Delivery> inAppDeliveries = new ArrayList<>();
    List<Delivery> external = new ArrayList<>();
    List<UserAccount> accounts = audience.accounts();
    // The whole audience's settings and presences in one read each (one query for a database).
    List<String> ids =
        new AbstractList<>() {
          @Override
          public String get(int i) {
            return accounts.get(i).id();
          }

          @Override
          public int size() {
            return accounts.size();
          }
        };
    Map<String, VersionedSettings> saved = settings.loadAll(ids);
    Map<String, Presence> present = presence.presences(ids);
    for (UserAccount account : accounts) {
      VersionedSettings v = saved.get(account.id());
      Presence p = present.get(account.id());
      Recipient r =
          new Recipient(
              account.id(),
              Tenure.of(audience.org(), account.createdOn()),
              v == null ? UserSettings.none() : v.settings(),
              p == null ? Presence.LOGGED_OUT : p);
      Decision d = audience.plan().decide(r);
      decisions.add(d);
      for (MediumDecision md : d.media()) {
        if (md.delivered()) {
          Delivery delivery =
              new Delivery(
                  action,
                  account,
                  md.medium(),
                  Checks.notNull(md.reason().option(), "option"), // delivered: labelled
                  md.popup(),
                  md.sound(),
                  md.reason());
          if (md.medium().isInApp()) {
            inAppDeliveries.add(delivery);
          } else {
            external.add(delivery);
          }
        }
      }
    }
    return new Decided(decisions, inAppDeliveries, external);
  }

  /** Enqueues the external deliveries in one call, then writes the in-app ones. */
  private PublishResult store(
      Action action, String description, String link, Decided decided, List<InboxItem> shown) {
    Instant now = Checks.notNull(clock.instant(), "the clock's instant");
    List<Delivery> queued = new ArrayList<>();
    List<Delivery> already = new ArrayList<>();
    List<PublishResult.Held> held = new ArrayList<>();
    if (!decided.external().isEmpty()) {
      List<OutboxEntry> entries = new ArrayList<>(decided.external().size());
      Set<String> toldInApp = null; // made when a conditional delivery first asks
      // One read for every recipient: the timing store may be a database.
      Set<String> recipients = new HashSet<>();
      for (Delivery d : decided.external()) {
        recipients.add(d.recipient().id());
      }
      Map<String, UserTiming> timingOf = timings.timingsOf(recipients);
      for (Delivery d : decided.external()) {
        Instant due = now;
        boolean conditional =
            d.reason().frequency() != null && d.reason().frequency().isConditional();
        UserTiming timing =
            Checks.notNull(timingOf.get(d.recipient().id()), "the timing of a recipient");
        if (conditional || !timing.equals(UserTiming.DEFAULT)) {
          boolean waits = false;
          if (conditional) {
            if (toldInApp == null) {
              toldInApp = new HashSet<>();
              for (Delivery i : decided.inApp()) {
                toldInApp.add(i.recipient().id());
              }
            }
            waits = toldInApp.contains(d.recipient().id());
          }
          Due when = due(d, now, waits, timing);
          if (when.held() != null) {
            held.add(when.held());
          }
          due = when.queueAt();
        }
        entries.add(OutboxEntry.of(d, due, now));
      }
      boolean[] added = outbox.enqueue(entries);
      if (added.length != entries.size()) {
        throw new IllegalStateException(
            "the outbox answered " + added.length + " of " + entries.size() + " entries");
      }
      for (int i = 0; i < added.length; i++) {
        (added[i] ? queued : already).add(decided.external().get(i));
      }
      if (!held.isEmpty() && !already.isEmpty()) {
        // A republish holds nothing new: keep what this call queued.
        Set<Delivery> mine = Collections.newSetFromMap(new IdentityHashMap<>());
        mine.addAll(queued);
        held.removeIf(h -> !mine.contains(h.delivery()));
      }
    }
    List<Delivery> written = new ArrayList<>(decided.inApp().size());
    String text = description; // the same for every item
    InAppTransport.Memo memo = new InAppTransport.Memo(action.id());
    List<InboxItem> items = new ArrayList<>(decided.inApp().size());
    for (Delivery d : decided.inApp()) {
      items.add(inApp.itemOf(d, text, link, now, memo));
    }
    boolean[] added = items.isEmpty() ? new boolean[0] : inApp.appendAll(items);
    for (int i = 0; i < added.length; i++) {
      Delivery d = decided.inApp().get(i);
      if (added[i]) {
        written.add(d);
        shown.add(items.get(i));
      } else {
        already.add(d);
      }
    }
    return new PublishResult(action, decided.decisions(), written, queued, already, held);
  }

  /**
   * When an external delivery is queued for, and when it goes out if not at once.
   *
   * @param queueAt when the workers claim it first
   * @param held when and why it waits, or null when it goes at once
   */
  private record Due(Instant queueAt, PublishResult.@Nullable Held held) {}

  /**
   * When an external delivery may go out: after the user's unread delay when it waits for the
   * in-app notification to stay unread, then after their quiet hours unless its option is urgent.
   * One that waits for the unread delay is queued for the delay's end, when the workers check the
   * read and apply the quiet hours (a read while it is held must not cancel it).
   */
  private Due due(Delivery d, Instant now, boolean waitsForUnread, UserTiming t) {
    TimelinePolicy.Due due = timeline.due(now, d.option().id(), waitsForUnread, t);
    List<String> why = new ArrayList<>(2);
    if (due.unreadDeadline() != null) {
      why.add("sent only if still unread after " + t.unreadDelay().toMinutes() + " min");
    }
    if (due.held()) {
      why.add("held by quiet hours until " + t.quietHours().local(due.goesAt()));
    }
    return new Due(
        due.queueAt(),
        why.isEmpty() ? null : new PublishResult.Held(d, due.goesAt(), String.join("; ", why)));
  }

  private void checkReferences(Action action) {
    action
        .assigneeIfAny()
        .ifPresent(
            a -> {
              if (directory.user(a).isEmpty()) {
                throw new NotifyException(
                    "assignee", Checks.format("unknown user %s", Checks.quote(a)));
              }
            });
    for (String m : action.mentionedUsers()) {
      if (directory.user(m).isEmpty()) {
        throw new NotifyException("mentions", Checks.format("unknown user %s", Checks.quote(m)));
      }
    }
    for (String t : action.mentionedTeams()) {
      if (!directory.hasTeam(t)) {
        throw new NotifyException(
            "teamMentions", Checks.format("unknown team %s", Checks.quote(t)));
      }
    }
  }
}
