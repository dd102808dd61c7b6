package dev.notify.pipeline;

import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Medium;
import dev.notify.engine.DecisionEngine;
import dev.notify.internal.Checks;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.UserSettings;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.Directory;
import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.TransportException;
import dev.notify.timeline.UserTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What a host calls when something happens. The pipeline has two halves joined by a durable {@link
 * Outbox}:
 *
 * <ul>
 *   <li><b>Publish</b> ({@link #publish}, on the host's thread): resolves the action's audience
 *       through the {@link Directory}, loads each candidate's settings and presence, lets the
 *       {@link DecisionEngine} decide, writes in-app notifications to the inbox (they are their own
 *       durable record) and enqueues every other delivery in the outbox, in one call, idempotent by
 *       (action, user, medium). It never calls an external transport.
 *   <li><b>Deliver</b> ({@link #deliverDue()} on the caller's thread, or {@link #startWorkers} in
 *       the background, in any number of processes sharing the outbox): claims due entries with a
 *       lease, delivers each within a deadline, completes it, reschedules a transient failure with
 *       capped, jittered backoff ({@link RetryPolicy}) or makes it a dead letter ({@link
 *       #deadLetters}, {@link #redrive}).
 * </ul>
 *
 * <p><b>Guarantees:</b> in-app notifications exactly once per (action, user) while the inbox keeps
 * them; external media at least once, each delivery carrying a stable idempotency key ({@link
 * Delivery#id()}); nothing publish returned for is lost by a crash, as far as the outbox is
 * durable. Thread-safe: any number of threads may publish and deliver at once.
 *
 * <p>A facade: publishing is done by a {@code Publisher}, settings by a {@code SettingsEditor}, the
 * rest (workers, retention, dead letters, stats, health) by {@code Operations}, all package-private
 * and wired once by {@link NotifierBuilder#build()}.
 *
 * @since 0.1.0
 */
public final class Notifier implements AutoCloseable {
  /** Outbox rows deleted per unit of work by {@link #applyRetention()}. */
  public static final int PURGE_BATCH = 1_000;

  private final DecisionEngine engine;
  private final OrganizationEngines engines;
  private final SettingsStore settings;
  private final DeliveryConfig config;
  private final Publisher publisher;
  private final SettingsEditor editor;
  private final Operations operations;
  private final Timings timings;

  Notifier(
      DecisionEngine engine,
      OrganizationEngines engines,
      SettingsStore settings,
      DeliveryConfig config,
      Publisher publisher,
      SettingsEditor editor,
      Operations operations,
      Timings timings) {
    this.engine = engine;
    this.engines = engines;
    this.settings = settings;
    this.config = config;
    this.publisher = publisher;
    this.editor = editor;
    this.operations = operations;
    this.timings = timings;
  }

  /** A builder; see its javadoc for every default. */
  public static NotifierBuilder builder() {
    return new NotifierBuilder();
  }

  /** The attempt timeout in force: given, or derived from the transports' deadlines. */
  public Duration attemptTimeout() {
    return config.attemptTimeout();
  }

  /** The lease in force: given, or derived from the attempt timeout. */
  public Duration lease() {
    return config.lease();
  }

  /** The engine. */
  public DecisionEngine engine() {
    return engine;
  }

  /**
   * Edits this notifier's organisation ({@link NotifierBuilder#organization}): applies {@code
   * change} to the stored settings ({@code initial} when none), checks the result against the
   * catalog and saves it with optimistic versions, re-applying on a lost race (10 tries).
   *
   * @throws IllegalStateException when the notifier has no organisation
   * @throws IllegalArgumentException naming what does not fit the catalog (nothing is saved)
   * @throws SettingsConflictException when ten saves in a row lost to concurrent ones
   * @since 0.3.0
   */
  public OrganizationSettings editOrganization(
      OrganizationSettings initial, UnaryOperator<OrganizationSettings> change) {
    return editor.editOrganization(initial, change);
  }

  /** The inbox store, for the badge and unread panel. */
  public InboxStore inbox() {
    return config.inbox();
  }

  /** The settings store. */
  public SettingsStore settings() {
    return settings;
  }

  /** The outbox. */
  public Outbox outbox() {
    return config.outbox();
  }

  /**
   * Edits a user's settings with what the notifier already knows: its catalog, and the user's
   * tenure from the directory (so a legacy option can be set only by a user who has it). Loads the
   * stored settings, applies {@code change} to an editor of them, and saves the result if no other
   * save came in between; otherwise it loads again and re-applies {@code change} (up to 10 times),
   * so {@code change} must do nothing but edit.
   *
   * <p>Blocks on the settings store. Thread-safe.
   *
   * @return the settings now stored
   * @throws NotifyException naming {@code userId} when the directory does not know the user, or
   *     naming the bad setting when the change is invalid (nothing is saved then)
   * @throws SettingsConflictException when ten saves in a row lost to concurrent ones
   * @since 0.2.0
   */
  public UserSettings editSettings(
      String userId, Function<UserSettings.Editor, UserSettings.Editor> change) {
    return editor.edit(userId, change);
  }

  /**
   * The timing notify applies to {@code userId} now: the host's {@link NotifierBuilder#timings
   * provider}'s answer, else the user's saved timing, else their organisation's default timing,
   * else {@link UserTiming#DEFAULT}. Blocks on the timing and organisation stores. Thread-safe.
   *
   * @since 0.3.0
   */
  public UserTiming timingOf(String userId) {
    return timings.effective(userId);
  }

  /**
   * Saves {@code timing} — quiet hours, unread delay, digest, throttle — for {@code userId} in the
   * notifier's {@link NotifierBuilder#timingStore timing store}, replacing what was saved (the last
   * save wins). A {@link UserTiming} is validated when it is made, so a bad value fails there, when
   * the agent saves it, not later inside a publish. Deliveries already queued keep the due time
   * they were given; later ones and the workers' digests and throttles read the new timing.
   *
   * @throws NotifyException naming {@code userId} when the directory does not know the user
   * @throws IllegalStateException when the notifier reads a host's {@code TimingProvider}
   * @since 0.3.0
   */
  public void saveTiming(String userId, UserTiming timing) {
    timings.save(userId, timing);
  }

  /**
   * Forgets the timing saved for {@code userId}: they follow their organisation's default timing
   * again (or {@link UserTiming#DEFAULT}).
   *
   * @return whether a timing was saved
   * @throws NotifyException naming {@code userId} when the directory does not know the user
   * @throws IllegalStateException when the notifier reads a host's {@code TimingProvider}
   * @since 0.3.0
   */
  public boolean clearTiming(String userId) {
    return timings.clear(userId);
  }

  /**
   * A dry run of a new default table (compared with the organisation's, for a notifier of one) over
   * every user of the directory: per option and medium, how many users would follow the change and
   * up to {@code examples} of them. Changes nothing; reads every user's settings in one call.
   *
   * @since 0.2.0
   */
  public DefaultTableChange previewDefaultTable(DefaultTable next, int examples) {
    return editor.preview(next, examples);
  }

  /**
   * Publishes an action: decides for its whole audience, writes the in-app notifications and
   * enqueues the other deliveries. There is one delivery per (action, user, medium): publishing the
   * same action again makes nothing twice, and after a settings change it queues only a medium
   * decided now that was not decided before.
   *
   * @return every decision with its reason, what was written and enqueued, what an earlier publish
   *     had already made, and what had no transport
   * @throws NotifyException before anything is written when the action names a user or team the
   *     directory does not know ({@code assignee}, {@code mentions}, {@code teamMentions}), or a
   *     field is beyond what the stores hold ({@link dev.notify.Limits}), naming the field
   * @throws IllegalArgumentException when the action's channel is not in the catalog
   * @throws RuntimeException what a store threw: the outbox then holds nothing of this publish that
   *     it did not hold before, and publishing again is safe
   */
  public PublishResult publish(Action action) {
    PublishResult result =
        config.instrumentation().publish(action, () -> publisher.publish(action));
    if (!result.enqueued().isEmpty()) {
      operations.queued();
    }
    return result;
  }

  /**
   * Snoozes the user's notifications until {@code until}: they leave the panel and the badge (read
   * and seen, so an "if still unread" email of them is not sent) and come back unread and unseen,
   * with their pop-up, when it ends. Their return is an outbox entry due then ({@link Snoozes}),
   * delivered by the workers of any instance, so it survives a restart; it is enqueued before the
   * items are put away, so a failure between the two never leaves one away for good. Snoozing a
   * snoozed item again moves its return; archiving it ends the snooze. Items that are not the
   * user's, are gone or are archived are skipped.
   *
   * @param itemIds the items, 1 to {@value InboxFilter#MAX_IDS}
   * @param until when they come back, after now
   * @return how many were snoozed
   * @throws IllegalArgumentException when {@code until} is not after now, there are no ids or too
   *     many, or an item was not written by notify's in-app delivery
   * @since 0.3.0
   */
  public int snooze(String userId, Collection<String> itemIds, Instant until) {
    int n =
        Snoozes.snooze(
            config.inbox(),
            config.outbox(),
            engine.catalog(),
            config.clock(),
            userId,
            itemIds,
            until);
    if (n > 0) {
      operations.queued();
    }
    return n;
  }

  /**
   * Delivers, on the caller's thread, every outbox entry due now (the workers' code, for tests,
   * demos and inline hosts); rescheduled entries wait for their due time.
   *
   * @return how many entries it claimed
   */
  public int deliverDue() {
    return operations.deliverDue();
  }

  /**
   * Stops delivering: every worker pool stops claiming and finishes what it holds, waiting up to
   * {@code timeout} in all (what a worker still holds then is interrupted and, its lease ending,
   * claimed again by another instance or the next start: nothing is lost), and the attempt threads
   * end. Publishing still queues; {@link #startWorkers} and {@link #deliverDue} refuse afterwards.
   * Idempotent; the stores stay open (they are the host's).
   *
   * @return {@code true} when every worker ended within {@code timeout}
   * @since 0.3.0
   */
  public boolean close(Duration timeout) {
    return operations.close(timeout);
  }

  /**
   * {@link #close(Duration)} with {@value DeliveryWorkers#DEFAULT_SHUTDOWN_SECONDS} seconds: a
   * host's shutdown hook, or try-with-resources around a command.
   *
   * @since 0.3.0
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(DeliveryWorkers.DEFAULT_SHUTDOWN_SECONDS));
  }

  /**
   * Starts {@code threads} workers that deliver the outbox in the background until {@link
   * DeliveryWorkers#close() closed}; publish wakes them. Several pools, in this process or others
   * sharing the outbox, may run at once.
   *
   * @param idle how long an idle worker waits before it looks for due entries again
   */
  public DeliveryWorkers startWorkers(int threads, Duration idle) {
    return operations.startWorkers(threads, idle);
  }

  /**
   * How delivery is doing, for a host's health check: each worker pool's health, the outbox's
   * counts, and whether anything delivers what is due ({@link DeliveryHealth#delivering()} is false
   * when entries are due and no live pool or recent inline drain takes them).
   *
   * <p>Blocks on the outbox's counts (one query for a database).
   *
   * @since 0.3.0
   */
  public DeliveryHealth health() {
    return operations.health();
  }

  /**
   * The outbox's counts by state for each medium at the notifier's clock — scheduled, due, leased,
   * done, dead, the oldest due entry's wait — for a dashboard: a webhook's events under their own
   * medium ({@code webhook.email.sent}). Empty for an outbox of a host's own that cannot say.
   *
   * @since 0.3.0
   */
  public SortedMap<String, OutboxCounts> countsByMedium() {
    return config.outbox().countsByMedium(config.clock().instant());
  }

  /** A snapshot of the delivery counters, and the outbox's counts by state. */
  public DeliveryStats stats() {
    return operations.stats();
  }

  /** {@link #applyRetention()}, answering how many in-app notifications it deleted. */
  public int applyInboxRetention() {
    return applyRetention().inbox();
  }

  /**
   * Applies every retention by the notifier's clock: in-app notifications and action ids older than
   * the inbox retention, digest windows that ended before it, outbox entries completed before the
   * outbox retention, and dead letters older than the dead-letter retention. Outbox rows are
   * deleted in batches of {@value #PURGE_BATCH}, each its own short unit of work, so no call holds
   * long locks. The host calls it on a schedule of its choosing (hourly is plenty).
   *
   * @return how many of each were deleted
   * @since 0.3.0
   */
  public Retained applyRetention() {
    return operations.applyRetention();
  }

  /**
   * What {@link #applyRetention()} deleted.
   *
   * @param inbox in-app notifications
   * @param done completed outbox entries
   * @param deadLetters dead letters
   * @param history events of the delivery history
   * @since 0.3.0
   */
  public record Retained(int inbox, long done, long deadLetters, long history) {
    /** What was deleted, no history events among it. */
    public Retained(int inbox, long done, long deadLetters) {
      this(inbox, done, deadLetters, 0);
    }
  }

  /**
   * What became of each queued delivery — queued (with the decision's reason), each failed attempt,
   * held, sent, gathered into a digest, not sent because read in time, a dead letter, redriven,
   * purged — as the outbox recorded it with each change ({@link DeliveryHistory#NONE} when the
   * outbox keeps none). Kept for {@link NotifierBuilder#historyRetention}.
   *
   * @since 0.3.0
   */
  public DeliveryHistory history() {
    return config.outbox().history();
  }

  /** Dead letters, oldest first, from {@code offset}, at most {@code limit}. */
  public List<DeadLetter> deadLetters(int offset, int limit) {
    return operations.deadLetters(offset, limit);
  }

  /**
   * The dead letters {@code filter} matches — of some kinds, of one medium, dead within a span of
   * time — oldest first, after {@code after} (the last letter of the previous page; {@code null}
   * from the first), at most {@code limit}. Pages by cursor: letters that arrive meanwhile do not
   * shift them.
   *
   * @since 0.3.0
   */
  public List<DeadLetter> deadLetters(
      DeadLetterFilter filter, @Nullable DeadLetter after, int limit) {
    return operations.deadLetters(filter, after, limit);
  }

  /**
   * Redrives every dead letter {@code filter} matches, like {@link #redrive(String)} each: the
   * operator's decision, so an {@code UNKNOWN} one matched is resent too.
   *
   * @return how many were queued again
   * @since 0.3.0
   */
  public int redrive(DeadLetterFilter filter) {
    return operations.redrive(filter, null);
  }

  /**
   * Redrives every dead letter {@code filter} matches, like {@link #redrive(DeadLetterFilter)},
   * recording in each one's history that {@code by} asked.
   *
   * @param by who asked: an operator's name, at most 200 characters
   * @return how many were queued again
   * @since 0.3.0
   */
  public int redrive(DeadLetterFilter filter, String by) {
    return operations.redrive(filter, operator(by));
  }

  /**
   * Redrives one dead letter like {@link #redrive(String)}, recording that {@code by} asked.
   *
   * @since 0.3.0
   */
  public boolean redrive(String deliveryId, String by) {
    return operations.redrive(deliveryId, operator(by));
  }

  /**
   * Deletes every dead letter {@code filter} matches, in batches of {@value #PURGE_BATCH}, each
   * recorded in the history as purged at the notifier's clock by {@code by}.
   *
   * @param by who asked: an operator's name, at most 200 characters
   * @return how many were deleted
   * @since 0.3.0
   */
  public long purgeDeadLetters(DeadLetterFilter filter, String by) {
    return operations.purgeDeadLetters(filter, operator(by));
  }

  /** Checks an operator's name: text, short enough for the history. */
  private static String operator(String by) {
    Checks.text(by, "by");
    Checks.argument(by.length() <= 200, "by must have at most 200 characters, got %s", by.length());
    return by;
  }

  /**
   * Puts one dead letter back in the outbox, due now: the operator's decision, so it is resent even
   * when its outcome was {@code UNKNOWN} (it may have been sent).
   *
   * @return {@code true} when it was a dead letter and is queued again
   */
  public boolean redrive(String deliveryId) {
    return operations.redrive(deliveryId, null);
  }

  /**
   * Redrives every {@code PERMANENT} and {@code TRANSIENT} dead letter (not {@code UNKNOWN} ones:
   * they may have been sent) and answers how many were queued again.
   */
  public int redriveAll() {
    return operations.redriveAll();
  }

  /**
   * Redrives every {@code TRANSIENT} dead letter that became dead before {@code cutoff} (a failure
   * that outlasted the retry policy, worth another round once the outage is over).
   *
   * @return how many were queued again
   * @since 0.3.0
   */
  public int redriveTransientBefore(Instant cutoff) {
    return operations.redriveTransientBefore(cutoff);
  }

  /**
   * Deletes dead letters that became dead before {@code before}, of {@code kind} and {@code medium}
   * when given (null: any), in batches of {@value #PURGE_BATCH}: an operator's cleanup after
   * reading them.
   *
   * @return how many were deleted
   * @since 0.3.0
   */
  public long purgeDeadLetters(
      Instant before, TransportException.@Nullable Kind kind, @Nullable Medium medium) {
    return operations.purgeDeadLetters(before, kind, medium);
  }
}
