package dev.notify.testkit.property;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Shrinks a failing try by its choices: deletes spans of them, zeroes spans and lowers each one,
 * keeping a candidate only when it still fails the same way and its choices are smaller (shorter,
 * or as long and lexicographically lower). Every accepted step makes the choices smaller in a
 * well-founded order, so shrinking ends; a budget of runs bounds its time too.
 */
final class Shrinker {
  /** What a run of the property on some choices gave. */
  record Run(long[] choices, @Nullable Throwable failure, int[] spans) {}

  private final Function<long[], Run> runner; // null failure = passed or rejected
  private final Class<? extends Throwable> kind;
  private final int budget;
  private int runs;
  private int steps;
  private Run best;

  Shrinker(Run failing, Function<long[], Run> runner, int budget) {
    this.best = failing;
    this.runner = runner;
    this.kind = Objects.requireNonNull(failing.failure(), "a failing run has a failure").getClass();
    this.budget = budget;
  }

  Run shrink() {
    boolean improved = true;
    while (improved && runs < budget) {
      improved = deleteElements() | deleteSpans() | zeroSpans() | lowerEach();
    }
    return best;
  }

  /** Tries without each collection element the generators recorded, the last first. */
  private boolean deleteElements() {
    boolean any = false;
    for (int k = best.spans().length - 2; k >= 0 && runs < budget; k -= 2) {
      int[] spans = best.spans();
      if (k + 1 >= spans.length) {
        continue;
      }
      int from = spans[k];
      int to = spans[k + 1];
      long[] c = best.choices();
      if (to > c.length || to <= from) {
        continue;
      }
      long[] candidate = new long[c.length - (to - from)];
      System.arraycopy(c, 0, candidate, 0, from);
      System.arraycopy(c, to, candidate, from, c.length - to);
      any |= tryCandidate(candidate);
    }
    return any;
  }

  int runs() {
    return runs;
  }

  int steps() {
    return steps;
  }

  private boolean deleteSpans() {
    boolean any = false;
    for (int size = 8; size >= 1; size /= 2) {
      for (int at = best.choices().length - size; at >= 0 && runs < budget; at--) {
        long[] c = best.choices();
        if (at + size > c.length) {
          continue;
        }
        long[] candidate = new long[c.length - size];
        System.arraycopy(c, 0, candidate, 0, at);
        System.arraycopy(c, at + size, candidate, at, c.length - at - size);
        any |= tryCandidate(candidate);
      }
    }
    return any;
  }

  private boolean zeroSpans() {
    boolean any = false;
    for (int size = 8; size >= 1; size /= 2) {
      for (int at = 0; at + size <= best.choices().length && runs < budget; at++) {
        long[] c = best.choices();
        boolean allZero = true;
        for (int i = at; i < at + size; i++) {
          allZero &= c[i] == 0;
        }
        if (!allZero) {
          long[] candidate = c.clone();
          Arrays.fill(candidate, at, at + size, 0);
          any |= tryCandidate(candidate);
        }
      }
    }
    return any;
  }

  private boolean lowerEach() {
    boolean any = false;
    for (int at = 0; at < best.choices().length && runs < budget; at++) {
      long v = best.choices()[at];
      if (v == 0) {
        continue;
      }
      // Binary search for the lowest value that still fails; 0 was tried by zeroSpans.
      long lo = 0;
      long hi = v;
      while (lo + 1 < hi && runs < budget && at < best.choices().length) {
        long mid = lo + (hi - lo) / 2;
        long[] candidate = best.choices().clone();
        candidate[at] = mid;
        if (tryCandidate(candidate)) {
          any = true;
          hi = at < best.choices().length ? best.choices()[at] : 0;
        } else {
          lo = mid;
        }
      }
    }
    return any;
  }

  private boolean tryCandidate(long[] candidate) {
    if (!smaller(candidate, best.choices())) {
      return false;
    }
    runs++;
    Run r = runner.apply(candidate);
    if (r.failure() != null
        && r.failure().getClass() == kind
        && smaller(r.choices(), best.choices())) {
      best = r;
      steps++;
      return true;
    }
    return false;
  }

  /** Shortlex: fewer choices, or as many and lexicographically lower. */
  static boolean smaller(long[] a, long[] b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    return Arrays.compare(a, b) < 0;
  }
}
