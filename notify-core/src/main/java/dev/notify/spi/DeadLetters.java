package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dead letters of an {@link Outbox}: entries that failed for good ({@code PERMANENT}),
 * outlasted the retry policy ({@code TRANSIENT}) or may have been sent ({@code UNKNOWN}), kept for
 * an operator to read, redrive or purge. The outbox makes them ({@link Outbox#deadLetter}); this
 * view reads and ends them. Obtained from {@link Outbox#deadLetters()}, over the same storage.
 *
 * <p><b>Threading:</b> thread-safe. <b>Blocking:</b> may block on I/O; every call is one short unit
 * of work. <b>Failures:</b> an unchecked exception means the call changed nothing. Works on dead
 * letters this instance cannot read (an entry of another catalog, a corrupt row): those have no
 * {@linkplain DeadLetter#entry() entry} but can be redriven and purged.
 *
 * @since 0.3.0 (before, these were methods of {@link Outbox})
 */
public interface DeadLetters {
  /**
   * Dead letters, oldest first, from {@code offset}, at most {@code limit}.
   *
   * @throws IllegalArgumentException when {@code offset} is negative or {@code limit} not positive
   */
  List<DeadLetter> list(int offset, int limit);

  /**
   * The dead letters {@code filter} matches, in the order they became dead (then by id), after
   * {@code after} — the last letter of the previous page; {@code null} from the first — at most
   * {@code limit}: pages an operator reads while new letters keep arriving, which offsets would
   * shift. By default reads every dead letter through {@link #list(int, int)}; a database's store
   * answers with one query.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   * @since 0.3.0
   */
  default List<DeadLetter> list(DeadLetterFilter filter, @Nullable DeadLetter after, int limit) {
    Checks.notNull(filter, "filter");
    Checks.argument(limit > 0, "limit must be positive, got %s", limit);
    List<DeadLetter> matched = new ArrayList<>();
    int page = 500;
    for (int offset = 0; ; offset += page) {
      List<DeadLetter> letters = list(offset, page);
      for (DeadLetter l : letters) {
        if (filter.matches(l) && DeadLetterFilter.after(l, after)) {
          matched.add(l);
        }
      }
      if (letters.size() < page) {
        break;
      }
    }
    matched.sort(Comparator.comparing(DeadLetter::at).thenComparing(DeadLetter::id));
    return List.copyOf(matched.subList(0, Math.min(limit, matched.size())));
  }

  /**
   * Redrives, like {@link #redrive(String, Instant)} each, up to {@code limit} of the dead letters
   * {@code filter} matches, the oldest first.
   *
   * @return how many were queued again
   * @since 0.3.0
   */
  default int redrive(DeadLetterFilter filter, Instant now, int limit) {
    Checks.notNull(now, "now");
    int n = 0;
    for (DeadLetter l : list(filter, null, limit)) {
      n += redrive(l.id(), now) ? 1 : 0;
    }
    return n;
  }

  /**
   * Puts a dead letter back in its outbox, due at {@code now} with its attempts reset and marked
   * {@linkplain Claim#deferred deferred} (it is sent, not checked again): once — a second call, or
   * a call for an entry that is not dead, returns {@code false}.
   */
  boolean redrive(String id, Instant now);

  /**
   * Redrives like {@link #redrive(String, Instant)}, recording in the history who asked ({@code
   * by}: an operator's name, {@code "auto-redrive"}, or null when unknown). By default the redrive
   * without the name.
   *
   * @since 0.3.0
   */
  default boolean redrive(String id, Instant now, @Nullable String by) {
    return redrive(id, now);
  }

  /**
   * Deletes up to {@code limit} of the dead letters {@code filter} matches, the oldest first, and
   * with them their ids, recording each purged at {@code now} by {@code by} (an operator's name,
   * {@code "retention"}, or null when unknown) in the same unit of work.
   *
   * @return how many it deleted (fewer than {@code limit}: none are left to delete)
   * @throws IllegalArgumentException when {@code limit} is not positive
   * @since 0.3.0
   */
  int purge(DeadLetterFilter filter, Instant now, @Nullable String by, int limit);

  /**
   * Deletes up to {@code limit} dead letters that became dead before {@code before}, the oldest
   * first, of {@code kind} and {@code medium} when they are given (null: any), and with them their
   * ids: {@link #purge(DeadLetterFilter, Instant, String, int)} with that filter, recorded at the
   * wall clock (this form has no clock) by no one.
   *
   * @param medium a medium's id ({@code "email"}), or null for every medium
   * @return how many dead letters it deleted (fewer than {@code limit}: none are left to delete)
   */
  default int purge(
      Instant before, TransportException.@Nullable Kind kind, @Nullable String medium, int limit) {
    DeadLetterFilter filter = DeadLetterFilter.ALL.deadBefore(Checks.notNull(before, "before"));
    if (kind != null) {
      filter = filter.kinds(kind);
    }
    if (medium != null) {
      filter = filter.medium(medium);
    }
    return purge(filter, Instant.now(), null, limit);
  }
}
