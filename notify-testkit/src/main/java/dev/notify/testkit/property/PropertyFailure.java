package dev.notify.testkit.property;

/**
 * A property that did not hold: the message names the property, the seed that replays the run, the
 * shrunk counterexample and the original one; the cause is the shrunk try's exception.
 *
 * @since 0.2.0
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final transient Object shrunk;
  private final transient Object original;

  PropertyFailure(String message, Throwable cause) {
    this(message, cause, 0, null, null);
  }

  PropertyFailure(String message, Throwable cause, long seed, Object shrunk, Object original) {
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
  public Object shrunk() {
    return shrunk;
  }

  /** The first failing value, before shrinking. */
  public Object original() {
    return original;
  }
}
