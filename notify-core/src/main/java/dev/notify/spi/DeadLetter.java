package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A delivery that failed for good: kept, listed, redriven or purged by an operator, never dropped
 * by itself.
 *
 * <p>A dead letter is always listable, even when this instance cannot read its entry (written by
 * another version, an option removed from the catalog, a bad row): then {@link #entry()} is null,
 * and {@link #id()}, {@link #medium()}, the reason and the times still say what it was.
 *
 * @param id the entry's id, the delivery's stable id ({@code action/user/medium})
 * @param entry the entry as it was enqueued, or {@code null} when it cannot be read here
 * @param kind why: {@code PERMANENT}, {@code TRANSIENT} past the attempt limit, or {@code UNKNOWN}
 *     (it may have been sent, so it is not resent unless an operator redrives it)
 * @param message what the transport said (cut to {@link dev.notify.Limits#ERROR} characters)
 * @param attempts the attempts made
 * @param at when it became a dead letter
 * @param enqueuedAt when publish queued it
 * @since 0.2.0
 */
public record DeadLetter(
    String id,
    @Nullable OutboxEntry entry,
    TransportException.Kind kind,
    String message,
    int attempts,
    Instant at,
    Instant enqueuedAt) {
  /** Validates. */
  public DeadLetter {
    Checks.notNull(id, "id");
    Checks.notNull(kind, "kind");
    Checks.notNull(message, "message");
    Checks.argument(attempts >= 0, "attempts must not be negative, got %s", attempts);
    Checks.notNull(at, "at");
    Checks.notNull(enqueuedAt, "enqueuedAt");
    Checks.argument(
        entry == null || entry.id().equals(id),
        "entry %s is not dead letter %s",
        entry == null ? "" : Checks.quote(entry.id()),
        Checks.quote(id));
  }

  /** The dead letter of a readable entry. */
  public DeadLetter(
      OutboxEntry entry, TransportException.Kind kind, String message, int attempts, Instant at) {
    this(
        Checks.notNull(entry, "entry").id(),
        entry,
        kind,
        message,
        attempts,
        at,
        entry.enqueuedAt());
  }

  /** The id of the medium it was for: the last part of its id. */
  public String medium() {
    return id.substring(id.lastIndexOf('/') + 1);
  }

  /** Whether this instance can read its entry (and so redrive it with a delivery it knows). */
  public boolean readable() {
    return entry != null;
  }
}
