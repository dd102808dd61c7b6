package dev.notify.testkit.property;

import org.jspecify.annotations.Nullable;

/**
 * A property that did not hold: the message names the property, the seed that replays the run, the
 * shrunk counterexample and the original one; the cause is the shrunk try's exception.
 *
 * @since 0.2.0
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final transient @Nullable Object shrunk;
  private final transient @Nullable Object original;

  PropertyFailure(String message, @Nullable Throwable cause) {
    this(message, cause, 0, null, null);
  }

  PropertyFailure(
      String message,
      @Nullable Throwable cause,
      long seed,
      @Nullable Object shrunk,
      @Nullable Object original) {
    super(message, cause);
    this.seed = seed;
    this.shrunk = shrunk;
    this.original = original;
  }

  /** The seed of the failed run: set {@value Property#SEED_PROPERTY} to it to replay the run. */
  public long seed() {
    return seed;
  }

  /** The smallest failing value shrinking found. */
  public @Nullable Object shrunk() {
    return shrunk;
  }

  /** The first failing value, before shrinking. */
  public @Nullable Object original() {
    return original;
  }
}
