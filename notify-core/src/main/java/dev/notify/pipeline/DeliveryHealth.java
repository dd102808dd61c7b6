package dev.notify.pipeline;

import dev.notify.spi.OutboxCounts;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Whether a notifier delivers what it queues, for a host's health check ({@link
 * Notifier#health()}).
 *
 * @param pools the health of each open worker pool of this notifier
 * @param outbox the outbox's counts by state, across every notifier sharing it
 * @param delivering false when entries are due and nothing of this notifier delivers them: no open
 *     pool with a live thread, and no inline {@link Notifier#deliverDue()} within the last minute
 *     (another instance sharing the outbox may still deliver them)
 * @param lastClaim when a claim of this notifier's workers last succeeded, or null
 * @param lastError the last failure the workers contained (where, and what was thrown), or null
 * @param failures how many failures the workers contained
 * @param summary one line for a person: "delivering", or what is wrong
 * @since 0.3.0
 */
public record DeliveryHealth(
    List<WorkerHealth> pools,
    OutboxCounts outbox,
    boolean delivering,
    @Nullable Instant lastClaim,
    @Nullable String lastError,
    long failures,
    String summary) {
  /** Copies the pools. */
  public DeliveryHealth {
    pools = List.copyOf(pools);
  }
}
