package dev.notify.testkit.property;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The stream of random choices a {@link Gen} draws from, recorded as it is drawn. Every value a
 * generator makes is a function of the choices it drew, so a failing value is replayed — and shrunk
 * — by replaying, shortening and lowering its choices: no generator needs a shrinker of its own. A
 * choice of 0 is always the simplest: generators map lower choices to simpler values (an earlier
 * element, a shorter list, a number nearer zero).
 *
 * <p>Not thread-safe: one source serves one try on one thread.
 *
 * @since 0.2.0
 */
public final class Source {
  /** Draws per try, at most: a generator that draws more is stopped, and the try discarded. */
  static final int MAX_DRAWS = 100_000;

  enum Mode {
    /** Every choice 0: the simplest value of every generator. */
    MINIMAL,
    /** Every choice at its bound: the largest value of every generator. */
    MAXIMAL,
    /** Random choices, at either end of their range a quarter of the time each. */
    EDGES,
    /** Random choices, at either end one time in sixteen each. */
    RANDOM,
    /** The recorded choices of an earlier try, 0 past their end. */
    REPLAY
  }

  private final Mode mode;
  private final SplittableRandom random;
  private final long[] prefix;
  private long[] drawn = new long[16];
  private int size;

  /** Start and end (exclusive) of the choices of each collection element, in pairs. */
  private int[] spans = new int[16];

  private int spanCount;

  private Source(Mode mode, SplittableRandom random, long[] prefix) {
    this.mode = mode;
    this.random = random;
    this.prefix = prefix;
  }

  static Source of(Mode mode, long seed) {
    return new Source(mode, new SplittableRandom(seed), new long[0]);
  }

  static Source replaying(long[] choices) {
    return new Source(Mode.REPLAY, new SplittableRandom(0), choices);
  }

  /**
   * Draws a choice in {@code [0, bound)}; {@code bound} is at least 1. The basis of every
   * generator: map the choice so that 0 gives the simplest value.
   *
   * @throws IllegalArgumentException when {@code bound} is below 1
   */
  public long draw(long bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("bound must be at least 1, got " + bound);
    }
    if (size >= MAX_DRAWS) {
      throw new Rejected("the generator drew more than " + MAX_DRAWS + " choices in one try");
    }
    long v =
        switch (mode) {
          case MINIMAL -> 0;
          case MAXIMAL -> bound - 1;
          case EDGES -> edge(bound, 4);
          case RANDOM -> edge(bound, 16);
          case REPLAY -> size < prefix.length ? Math.min(prefix[size], bound - 1) : 0;
        };
    if (size == drawn.length) {
      drawn = Arrays.copyOf(drawn, size * 2);
    }
    drawn[size++] = v;
    return v;
  }

  private long edge(long bound, int oneIn) {
    int r = random.nextInt(oneIn);
    if (r == 0) {
      return 0;
    }
    if (r == 1) {
      return bound - 1;
    }
    return random.nextLong(bound);
  }

  /** A choice in {@code [0, bound)} as an {@code int}. */
  public int drawInt(int bound) {
    return (int) draw(bound);
  }

  /**
   * Whether to go on, with probability {@code 1 - 1/expected}: the length choice of collections.
   */
  boolean more(int expected) {
    return draw(Math.max(2, expected)) != 0;
  }

  /** The choices drawn so far, in order. */
  long[] choices() {
    return Arrays.copyOf(drawn, size);
  }

  /** Where the next choice goes: the start of a span. */
  int mark() {
    return size;
  }

  /**
   * Records that the choices from {@code start} to here made one element of a collection (with the
   * choice to make it), so shrinking can try without it.
   */
  void span(int start) {
    if (spanCount + 2 > spans.length) {
      spans = Arrays.copyOf(spans, spans.length * 2);
    }
    spans[spanCount++] = start;
    spans[spanCount++] = size;
  }

  /** The recorded spans, as start/end pairs. */
  int[] spans() {
    return Arrays.copyOf(spans, spanCount);
  }

  /**
   * Thrown by a generator that cannot make a value from these choices (a filter that never held):
   * the try is discarded, not failed.
   */
  public static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A rejection saying why. */
    public Rejected(String message) {
      super(message, null, false, false);
    }
  }
}
