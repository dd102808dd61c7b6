package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.engine.DecisionEngine;
import dev.notify.internal.Checks;
import dev.notify.spi.Directory;
import dev.notify.spi.Transport;
import dev.notify.timeline.TimelinePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link NotifierBuilder} into a {@link Notifier}: validates what only the whole can
 * (stores against each other and the catalog, transports against the catalog, timeouts against the
 * transports' deadlines), derives what was left unset, and wires the publisher, the settings
 * editor, the workers' runner and the operations over one {@link DeliveryConfig}.
 */
final class Wiring {
  /** The attempt timeout when no transport needs more. */
  static final Duration DEFAULT_ATTEMPT = Duration.ofSeconds(30);

  /** The lease when three attempt timeouts are less. */
  static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);

  /** What a derived attempt timeout adds to the slowest transport's deadline. */
  private static final Duration ATTEMPT_MARGIN = Duration.ofSeconds(5);

  private Wiring() {}

  static Notifier notifier(NotifierBuilder b) {
    DecisionEngine engine = b.engine;
    checkStores(b, engine);
    Directory directory = Checks.notNull(b.directory, "directory");
    for (String o : b.urgent) {
      Checks.argument(
          engine.catalog().option(o).isPresent(),
          "urgent option %s is not in the catalog",
          Checks.quote(o));
    }
    for (Medium m : b.transports.keySet()) {
      Checks.argument(
          engine.catalog().hasMedium(m),
          "transport for medium %s, which the catalog does not have",
          Checks.quote(m.id()));
    }
    Map<Medium, Transport> transports = Map.copyOf(b.transports);
    WebhookTransport webhooks = null;
    if (b.webhooks != null) {
      engine.catalog().media().forEach(Webhooks::check);
      webhooks = new WebhookTransport(b.webhooks, b.outbox.history(), b.clock);
    }
    Duration attemptTimeout = attemptTimeout(b.attemptTimeout, transports, webhooks);
    Duration lease;
    if (b.lease != null) {
      Checks.argument(
          b.lease.compareTo(attemptTimeout.multipliedBy(2)) >= 0,
          "the lease (%s) must be at least twice the attempt timeout (%s)",
          b.lease,
          attemptTimeout);
      lease = b.lease;
    } else {
      Duration derived = attemptTimeout.multipliedBy(3);
      lease = derived.compareTo(DEFAULT_LEASE) > 0 ? derived : DEFAULT_LEASE;
    }
    TimelinePolicy timeline = TimelinePolicy.of(b.urgent);
    Timings timings =
        new Timings(b.timingStore, b.timings, directory, b.organizationId, b.organizations);
    // The workers also end snoozes: their entries go through the outbox like any delivery.
    Map<Medium, Transport> working = new HashMap<>(transports);
    working.put(Snoozes.MEDIUM, Snoozes.transport(b.inbox, b.listener));
    DeliveryConfig config =
        new DeliveryConfig(
            b.outbox,
            b.inbox,
            b.digests,
            Map.copyOf(working),
            b.observer,
            timings.provider(),
            timeline,
            b.retry,
            b.random,
            b.clock,
            attemptTimeout,
            lease,
            b.batchSize,
            webhooks,
            b.instrumentation);
    DeliveryRunner runner =
        new DeliveryRunner(config, new Attempts(b.attemptThreads, b.attemptThreadFactory));
    OrganizationEngines engines =
        new OrganizationEngines(
            engine.offering(offered(b, engine, transports)), b.organizationId, b.organizations);
    Publisher publisher =
        new Publisher(
            engines,
            directory,
            b.presence,
            b.settings,
            b.outbox,
            new InAppTransport(b.inbox, b.listener, b.clock, b.inAppReason, b.inAppLink),
            b.clock,
            timings,
            b.actions,
            timeline,
            b.unit);
    Operations.Retentions retentions =
        new Operations.Retentions(
            b.inboxRetention,
            b.outboxRetention != null ? b.outboxRetention : b.inboxRetention,
            b.deadLetterRetention,
            b.historyRetention,
            b.autoRedrive);
    return new Notifier(
        engine,
        engines,
        b.settings,
        config,
        publisher,
        new SettingsEditor(engines, directory, b.settings, b.organizationId, b.organizations),
        new Operations(config, runner, publisher, b.actions, retentions),
        timings);
  }

  /** The media offered: those given, each with a transport, or every medium with a transport. */
  private static Set<Medium> offered(
      NotifierBuilder b, DecisionEngine engine, Map<Medium, Transport> transports) {
    if (b.offered == null) {
      return transports.keySet();
    }
    for (Medium m : b.offered) {
      Checks.argument(
          engine.catalog().hasMedium(m),
          "offered medium %s is not in the catalog",
          Checks.quote(m.id()));
      Checks.argument(
          m.isInApp() || transports.containsKey(m),
          "medium %s is offered but has no transport: add one with transport(...)",
          Checks.quote(m.id()));
    }
    return b.offered;
  }

  /**
   * Timeouts that fit together: the attempt deadline covers every transport's own worst case (a
   * transport that is still trying when the worker gives up would turn a message it never sent into
   * an UNKNOWN dead letter), and the lease covers two attempts.
   */
  private static Duration attemptTimeout(
      @Nullable Duration given,
      Map<Medium, Transport> transports,
      @Nullable WebhookTransport webhooks) {
    Duration slowest = Duration.ZERO;
    String slowestName = "";
    for (Transport t : transports.values()) {
      Duration own = Checks.notNull(t.deadline(), "transport deadline").orElse(Duration.ZERO);
      if (own.compareTo(slowest) > 0) {
        slowest = own;
        slowestName = t.medium().id();
      }
    }
    if (webhooks != null && webhooks.deadline().compareTo(slowest) > 0) {
      slowest = webhooks.deadline();
      slowestName = "webhook";
    }
    if (given != null) {
      Checks.argument(
          given.compareTo(slowest) >= 0,
          "the attempt timeout (%s) is shorter than the %s transport's own deadline (%s): an attempt"
              + " still under way would be given up as UNKNOWN; set attemptTimeout to at least %s or"
              + " leave it unset",
          given,
          slowestName,
          slowest,
          slowest);
      return given;
    }
    Duration derived = slowest.plus(ATTEMPT_MARGIN);
    return derived.compareTo(DEFAULT_ATTEMPT) > 0 ? derived : DEFAULT_ATTEMPT;
  }

  /**
   * Refuses a durable outbox beside stores that are not: after a restart the queue would still hold
   * entries whose settings, in-app items, action ids or digest windows are gone (a digest member
   * handed over to an in-memory book is lost). Also refuses stores bound to another catalog than
   * the engine's, naming where to give it.
   */
  private static void checkStores(NotifierBuilder b, DecisionEngine engine) {
    if (b.storesCatalog != null && b.storesCatalog != engine.catalog()) {
      throw new IllegalArgumentException(
          "the stores ("
              + b.storesName
              + ") read settings and deliveries against another catalog than the engine's: build"
              + " them with the engine's catalog (for notify-jdbc: JdbcStores.builder(dataSource)"
              + ".catalog(engine.catalog()))");
    }
    if (!b.outbox.durable() || b.mixedDurability) {
      return;
    }
    List<String> volatileStores = new ArrayList<>();
    if (!b.settings.durable()) {
      volatileStores.add("settings");
    }
    if (!b.inbox.durable()) {
      volatileStores.add("inbox");
    }
    if (!b.actions.durable()) {
      volatileStores.add("actions");
    }
    if (!b.digests.durable()) {
      volatileStores.add("digests");
    }
    if (b.timings == null && !b.timingStore.durable()) {
      volatileStores.add("timings");
    }
    if (b.organizations != null && !b.organizations.durable()) {
      volatileStores.add("organizations");
    }
    if (!volatileStores.isEmpty()) {
      throw new IllegalArgumentException(
          "the outbox is durable but "
              + String.join(", ", volatileStores)
              + (volatileStores.size() == 1 ? " is" : " are")
              + " in memory: a restart would keep the queue and lose what it relies on (a digest"
              + " member handed over to an in-memory book is lost); give them too —"
              + " Notifier.builder().stores(jdbcStores) gives every store at once — or call"
              + " allowMixedDurability() in a test");
    }
  }
}
