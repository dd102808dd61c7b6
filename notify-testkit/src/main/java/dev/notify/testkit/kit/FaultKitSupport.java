package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.NotifierBuilder;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.ActionLog;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the fault kits share: the stores under test, a directory of twenty agents ({@code u0} …
 * {@code u19}), an email transport that records what it delivered, and a notifier over them that
 * retries quickly. A subclass returns new, empty stores.
 *
 * @since 0.3.0
 */
public abstract class FaultKitSupport {
  /**
   * The stores a notifier under test uses.
   *
   * @param outbox the outbox
   * @param inbox the inbox
   * @param actions the action log
   * @param digests the digest book
   */
  public record Stores(Outbox outbox, InboxStore inbox, ActionLog actions, DigestBook digests) {}

  /** How long a case waits for the workers at most: generous, for a loaded machine. */
  protected static final Duration PATIENCE = Duration.ofMinutes(2);

  /** How many agents the directory holds. */
  protected static final int AGENTS = 20;

  /** The stores of this case. */
  protected Stores stores;

  /** The directory of this case. */
  protected InMemoryDirectory directory;

  /** The email transport of this case. */
  protected Recording email;

  /** New, empty stores. */
  protected abstract Stores createStores();

  @BeforeEach
  void setUpFaultKit() {
    stores = createStores();
    directory = new InMemoryDirectory().organizationCreatedOn(LocalDate.of(2019, 1, 1));
    for (int i = 0; i < AGENTS; i++) {
      directory.putUser(
          new UserAccount("u" + i, LocalDate.of(2019, 2, 1), "u" + i + "@example.test"));
    }
    email = new Recording();
  }

  /** A notifier over this case's stores, retrying three times within a second. */
  protected NotifierBuilder notifier() {
    return Notifier.builder()
        .directory(directory)
        .outbox(stores.outbox())
        .inbox(stores.inbox())
        .actions(stores.actions())
        .digests(stores.digests())
        .allowMixedDurability() // settings stay in memory: the fault kits do not test them
        .transport(email)
        .retry(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)));
  }

  /** Publishes the assignment of conversation {@code k<i>} to {@code u<i>} for each i. */
  protected static Set<String> assign(Notifier n, String prefix, int from, int to) {
    Set<String> ids = new TreeSet<>();
    for (int i = from; i < to; i++) {
      n.publish(
          new ConversationAssigned(
              prefix + i, Instant.now(), "boss", "k" + i, "cust-" + i, "u" + i));
      ids.add(prefix + i + "/u" + i + "/email");
    }
    return ids;
  }

  /** Waits up to {@link #PATIENCE} for {@code done}, failing with {@code what}. */
  protected static void await(String what, BooleanSupplier done) {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("still not true after " + PATIENCE + ": " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted while waiting for " + what);
      }
    }
  }

  /** Waits until the transport delivered every one of {@code ids}. */
  protected void awaitDelivered(Set<String> ids) {
    await(
        "delivered " + ids + ", missing " + missing(ids),
        () -> email.delivered.keySet().containsAll(ids));
  }

  private Set<String> missing(Set<String> ids) {
    Set<String> m = new TreeSet<>(ids);
    m.removeAll(email.delivered.keySet());
    return m;
  }

  /**
   * An email transport that records each delivery's id (and each digest's members), and fails a
   * delivery when {@link #failing} says so.
   */
  protected static final class Recording implements Transport {
    /** Delivered ids, with how many times. */
    public final ConcurrentHashMap<String, Integer> delivered = new ConcurrentHashMap<>();

    /** Which deliveries fail, and how; null: none. */
    public volatile @Nullable Function<Delivery, RuntimeException> failing;

    /** A transport that delivers everything. */
    public Recording() {}

    @Override
    public Medium medium() {
      return Medium.EMAIL;
    }

    @Override
    public void deliver(Delivery d) {
      var f = failing;
      RuntimeException e = f == null ? null : f.apply(d);
      if (e != null) {
        throw e;
      }
      delivered.merge(d.id(), 1, Integer::sum);
    }

    @Override
    public void deliverDigest(Digest digest) {
      for (Delivery d : digest.deliveries()) {
        deliver(d);
      }
    }
  }
}
