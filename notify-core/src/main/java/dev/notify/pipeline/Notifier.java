package dev.notify.pipeline;

import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.catalog.Tenure;
import dev.notify.engine.ActionPlan;
import dev.notify.engine.AudienceFacts;
import dev.notify.engine.Decision;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Recipient;
import dev.notify.internal.Checks;
import dev.notify.memory.InMemoryDeliveryLog;
import dev.notify.memory.InMemoryInboxStore;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryLog;
import dev.notify.spi.Directory;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxStore;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * What a host calls when something happens: {@link #publish} resolves the action's audience through
 * the {@link Directory}, loads each candidate's settings and presence, lets the {@link
 * DecisionEngine} decide, appends in-app notifications to the inbox and hands the other deliveries
 * to their {@link Transport}s.
 *
 * <ul>
 *   <li><b>Idempotent:</b> each delivery (action id, user id, medium) is claimed in the {@link
 *       DeliveryLog} first, so publishing the same action again delivers nothing twice.
 *   <li><b>Isolated:</b> a failing transport or recipient never blocks the others.
 *   <li><b>Retried:</b> transient failures are retried with capped, jittered exponential backoff
 *       ({@link RetryPolicy}); what still fails is kept as a dead letter ({@link #deadLetters()})
 *       that {@link #redrive()} retries, never dropped.
 * </ul>
 *
 * <p>Thread-safe: any number of threads may publish at once. {@code publish} blocks the calling
 * thread while transports deliver and while it backs off between retries.
 *
 * @since 0.1.0
 */
public final class Notifier {
  private final DecisionEngine engine;
  private final Directory directory;
  private final PresenceProvider presence;
  private final SettingsStore settings;
  private final InboxStore inbox;
  private final DeliveryLog log;

  /**
   * Transports parallel to {@link #media}: a delivery's medium is usually the engine's own
   * instance, found by identity.
   */
  private final Medium[] media;

  private final Transport[] transports;
  private final RetryPolicy retry;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final Clock clock;
  private final Duration inboxRetention;
  private final ConcurrentLinkedDeque<DeliveryFailure> deadLetters = new ConcurrentLinkedDeque<>();

  private Notifier(Builder b) {
    this.engine = b.engine;
    this.directory = Checks.notNull(b.directory, "directory");
    this.presence = b.presence;
    this.settings = b.settings;
    this.inbox = b.inbox;
    this.log = b.log;
    this.retry = b.retry;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.clock = b.clock;
    this.inboxRetention = b.inboxRetention;
    Map<Medium, Transport> t = new LinkedHashMap<>(b.transports);
    t.putIfAbsent(Medium.IN_APP, new InAppTransport(inbox, b.listener, clock));
    for (Medium m : t.keySet()) {
      Checks.argument(
          engine.catalog().hasMedium(m),
          "transport for medium %s, which the catalog does not have",
          Checks.quote(m.id()));
    }
    this.media = t.keySet().toArray(new Medium[0]);
    this.transports = t.values().toArray(new Transport[0]);
  }

  /** A builder; see its javadoc for every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The engine. */
  public DecisionEngine engine() {
    return engine;
  }

  /** The inbox store, for the badge and unread panel. */
  public InboxStore inbox() {
    return inbox;
  }

  /** The settings store. */
  public SettingsStore settings() {
    return settings;
  }

  /**
   * Publishes an action: decides for its whole audience and delivers.
   *
   * @return what was delivered, skipped (with reasons) and failed
   * @throws NotifyException before anything is delivered when the action names a user or team the
   *     directory does not know ({@code assignee}, {@code mentions}, {@code teamMentions})
   * @throws IllegalArgumentException when the action's channel is not in the catalog
   */
  public PublishResult publish(Action action) {
    Checks.notNull(action, "action");
    LocalDate org = directory.organizationCreatedOn().orElse(null);
    // Plan without facts first: the plan says which facts are worth reading from the directory.
    ActionPlan probe = engine.plan(action, AudienceFacts.NONE).forOrganization(org);
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

    List<UserAccount> accounts;
    if (plan.concernsEveryone()) {
      accounts = directory.allUsers(); // the biggest audience: no set, no lookups
    } else {
      TreeSet<String> candidates = new TreeSet<>();
      if (plan.concerns(Relation.ASSIGNEE)) {
        action.assigneeIfAny().ifPresent(candidates::add);
      }
      if (plan.concerns(Relation.MENTIONED)) {
        candidates.addAll(action.mentionedUsers());
      }
      candidates.addAll(followers);
      candidates.addAll(teamMembers);
      accounts = directory.users(candidates);
      if (accounts.size() != candidates.size()) {
        // The directory named users (followers, team members) it does not know: refuse rather than
        // silently leave them out.
        Set<String> missing = new TreeSet<>(candidates);
        accounts.forEach(a -> missing.remove(a.id()));
        throw new NotifyException(
            "audience", Checks.format("the directory does not know users %s", missing));
      }
    }
    // Decide for the whole audience first, then claim every delivery at once, then deliver: one
    // claim round trip per publish however big the audience.
    List<Decision> decisions = new ArrayList<>(accounts.size());
    List<Delivery> pending = new ArrayList<>();
    for (UserAccount account : accounts) {
      Recipient r =
          new Recipient(
              account.id(),
              Tenure.of(org, account.createdOn()),
              settings.load(account.id()).settings(),
              presence.presence(account.id()));
      Decision d = plan.decide(r);
      decisions.add(d);
      for (MediumDecision md : d.media()) {
        if (md.delivered()) {
          pending.add(
              new Delivery(
                  action,
                  account,
                  md.medium(),
                  md.reason().option(),
                  md.popup(),
                  md.sound(),
                  md.reason()));
        }
      }
    }
    List<Delivery> delivered = new ArrayList<>(pending.size());
    List<Delivery> already = new ArrayList<>();
    List<DeliveryFailure> failed = new ArrayList<>();
    boolean[] claimed;
    try {
      claimed = pending.isEmpty() ? new boolean[0] : log.forAction(action.id()).claimAll(pending);
      if (claimed.length != pending.size()) {
        throw new IllegalStateException(
            "the delivery log answered " + claimed.length + " claims for " + pending.size());
      }
    } catch (RuntimeException e) {
      for (Delivery p : pending) {
        failed.add(fail(p, TransportException.Kind.TRANSIENT, "delivery log failed: " + e, 0));
      }
      return new PublishResult(action, decisions, delivered, already, failed);
    }
    for (int i = 0; i < claimed.length; i++) {
      Delivery delivery = pending.get(i);
      if (!claimed[i]) {
        already.add(delivery);
        continue;
      }
      DeliveryFailure f = attempt(delivery);
      if (f == null) {
        delivered.add(delivery);
      } else {
        failed.add(f);
      }
    }
    return new PublishResult(action, decisions, delivered, already, failed);
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

  private Transport transportFor(Medium medium) {
    for (int i = 0; i < media.length; i++) {
      if (media[i] == medium || media[i].equals(medium)) {
        return transports[i];
      }
    }
    return null;
  }

  /** Delivers with retries; returns the failure, already recorded as a dead letter, or null. */
  private DeliveryFailure attempt(Delivery delivery) {
    Transport t = transportFor(delivery.medium());
    if (t == null) {
      return fail(
          delivery,
          TransportException.Kind.PERMANENT,
          "no transport for medium " + delivery.medium().id(),
          0);
    }
    TransportException.Kind kind = TransportException.Kind.TRANSIENT;
    String message = "";
    int attempts = 0;
    while (attempts < retry.maxAttempts()) {
      if (attempts > 0) {
        try {
          sleeper.sleep(retry.delayBefore(attempts, random));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return fail(delivery, kind, message + " (retry interrupted)", attempts);
        }
      }
      attempts++;
      try {
        t.deliver(delivery);
        return null;
      } catch (TransportException e) {
        kind = e.kind();
        message = e.getMessage();
        if (kind != TransportException.Kind.TRANSIENT) {
          break;
        }
      } catch (RuntimeException e) {
        kind = TransportException.Kind.TRANSIENT;
        message = e.toString();
      }
    }
    return fail(delivery, kind, message, attempts);
  }

  private DeliveryFailure fail(
      Delivery delivery, TransportException.Kind kind, String message, int attempts) {
    DeliveryFailure f =
        new DeliveryFailure(
            delivery, kind, message == null ? "" : message, attempts, clock.instant());
    deadLetters.add(f);
    return f;
  }

  /**
   * Applies the inbox retention: deletes every in-app notification, read or unread, older than the
   * retention ({@link Builder#inboxRetention}, 7 days by default) by the notifier's clock. The host
   * calls it on a schedule of its choosing.
   *
   * @return how many notifications were deleted
   */
  public int applyInboxRetention() {
    return inbox.deleteCreatedBefore(clock.instant().minus(inboxRetention));
  }

  /** The deliveries that failed after their retries, oldest first. */
  public List<DeliveryFailure> deadLetters() {
    return List.copyOf(deadLetters);
  }

  /**
   * Tries every dead letter once more (with retries); those that succeed leave the dead letters,
   * those that fail again stay, with their new failure.
   *
   * @return the deliveries that succeeded
   */
  public List<Delivery> redrive() {
    List<Delivery> ok = new ArrayList<>();
    DeliveryFailure f;
    List<DeliveryFailure> batch = new ArrayList<>();
    while ((f = deadLetters.pollFirst()) != null) {
      batch.add(f);
    }
    for (DeliveryFailure old : batch) {
      if (attempt(old.delivery()) == null) {
        ok.add(old.delivery());
      }
    }
    return ok;
  }

  /**
   * Builds a {@link Notifier}. Only the directory is required. Defaults: the standard engine
   * ({@link DecisionEngine#standard()}); everyone {@code LOGGED_OUT} (no presence provider);
   * in-memory settings store, inbox and delivery log; the {@link InAppTransport} into the inbox
   * with no listener; no other transport (a delivery for a medium without transport is a dead
   * letter); {@link RetryPolicy#ofDefaults()}; {@link Sleeper#THREAD}; {@link ThreadLocalRandom}
   * for jitter; the UTC system clock; an inbox retention of 7 days. Not thread-safe; {@link
   * #build()} copies.
   */
  public static final class Builder {
    private DecisionEngine engine = DecisionEngine.standard();
    private Directory directory;
    private PresenceProvider presence = user -> Presence.LOGGED_OUT;
    private SettingsStore settings = new InMemorySettingsStore();
    private InboxStore inbox = new InMemoryInboxStore();
    private DeliveryLog log = new InMemoryDeliveryLog();
    private InAppListener listener = InAppListener.NONE;
    private final Map<Medium, Transport> transports = new HashMap<>();
    private RetryPolicy retry = RetryPolicy.ofDefaults();
    private Sleeper sleeper = Sleeper.THREAD;
    private RandomGenerator random =
        new RandomGenerator() {
          @Override
          public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
          }
        };
    private Clock clock = Clock.systemUTC();
    private Duration inboxRetention = Duration.ofDays(7);

    private Builder() {}

    /**
     * How long in-app notifications are kept by {@link Notifier#applyInboxRetention()}; positive.
     */
    public Builder inboxRetention(Duration retention) {
      Checks.notNull(retention, "retention");
      Checks.argument(
          !retention.isNegative() && !retention.isZero(),
          "retention must be positive, got %s",
          retention);
      this.inboxRetention = retention;
      return this;
    }

    /** The engine (catalog and default table). */
    public Builder engine(DecisionEngine engine) {
      this.engine = Checks.notNull(engine, "engine");
      return this;
    }

    /** The directory; required. */
    public Builder directory(Directory directory) {
      this.directory = Checks.notNull(directory, "directory");
      return this;
    }

    /** Where presences come from. */
    public Builder presence(PresenceProvider presence) {
      this.presence = Checks.notNull(presence, "presence");
      return this;
    }

    /** The settings store. */
    public Builder settings(SettingsStore settings) {
      this.settings = Checks.notNull(settings, "settings");
      return this;
    }

    /** The inbox store, also used by the default in-app transport. */
    public Builder inbox(InboxStore inbox) {
      this.inbox = Checks.notNull(inbox, "inbox");
      return this;
    }

    /** The delivery log that makes publishing idempotent. */
    public Builder deliveryLog(DeliveryLog log) {
      this.log = Checks.notNull(log, "log");
      return this;
    }

    /** The listener of the default in-app transport (the host's websocket). */
    public Builder inAppListener(InAppListener listener) {
      this.listener = Checks.notNull(listener, "listener");
      return this;
    }

    /**
     * Adds a transport for its medium, replacing an earlier one for the same medium (including the
     * default in-app transport).
     */
    public Builder transport(Transport transport) {
      Checks.notNull(transport, "transport");
      transports.put(Checks.notNull(transport.medium(), "transport.medium()"), transport);
      return this;
    }

    /** The retry policy for transient failures. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Checks.notNull(retry, "retry");
      return this;
    }

    /** How to wait between retries. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /** The source of jitter; must be safe for concurrent use. */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /** The clock that stamps inbox items and failures. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Builds the notifier.
     *
     * @throws NullPointerException when no directory was given
     * @throws IllegalArgumentException when a transport's medium is not in the engine's catalog
     */
    public Notifier build() {
      return new Notifier(this);
    }
  }
}
