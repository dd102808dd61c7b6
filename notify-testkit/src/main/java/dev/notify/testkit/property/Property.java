package dev.notify.testkit.property;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;

/**
 * A property: a check that must hold for every value of a generator, tried on many of them.
 *
 * <pre>{@code
 * @Test
 * void reversingTwice_givesTheList() {
 *   Property.forAll(Gen.ints(-5, 5).list(0, 10)).check(list -> {
 *     assertEquals(list, reverse(reverse(list)));
 *   });
 * }
 * }</pre>
 *
 * <p><b>A run</b> makes {@link #tries} values: first the simplest (every choice 0), then the
 * largest (every choice at its bound), then a few with choices at the ends of their ranges, then
 * random ones. The first value whose check throws is shrunk (see {@link Gen}) and the run fails
 * with a {@link PropertyFailure} that names the seed, the shrunk counterexample and the original
 * one, with the shrunk try's exception as its cause. A generator that rejects a value ({@link
 * Source.Rejected}) discards that try; a run that discards more tries than it keeps fails.
 *
 * <p><b>Reproducible:</b> every run has a seed, random unless the system property {@value
 * #SEED_PROPERTY} sets it; a failure prints it, and running with {@code -D}{@value #SEED_PROPERTY}
 * {@code =<seed>} replays the same tries. The system property {@value #TRIES_PROPERTY} sets the
 * tries of every property (for a deeper run in CI, say).
 *
 * <p>Immutable: {@link #tries}, {@link #seed} and {@link #named} return new properties. A run is
 * single-threaded; the check may be as well.
 *
 * @param <T> the type of the values
 * @since 0.2.0
 */
public final class Property<T> {
  /** System property that fixes the seed of every run: {@value}. */
  public static final String SEED_PROPERTY = "notify.testkit.seed";

  /** System property that sets the tries of every property: {@value}. */
  public static final String TRIES_PROPERTY = "notify.testkit.tries";

  /** Tries of a property that does not say: {@value}. */
  public static final int DEFAULT_TRIES = 1000;

  /** Runs a shrink may make, at most: {@value}. */
  public static final int SHRINK_BUDGET = 5000;

  private static final int EDGE_TRIES = 8;

  private final Gen<T> gen;
  private final String name;
  private final int tries;
  private final @Nullable Long seed;

  private Property(Gen<T> gen, String name, int tries, @Nullable Long seed) {
    this.gen = gen;
    this.name = name;
    this.tries = tries;
    this.seed = seed;
  }

  /** A property over the values of {@code gen}. */
  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(
        Objects.requireNonNull(gen, "gen cannot be null"), "property", DEFAULT_TRIES, null);
  }

  /**
   * A property over pairs of values: the check reads {@link Pair#first()} and {@link
   * Pair#second()}.
   */
  public static <A, B> Property<Pair<A, B>> forAll(Gen<A> a, Gen<B> b) {
    Objects.requireNonNull(a, "a cannot be null");
    Objects.requireNonNull(b, "b cannot be null");
    return forAll(a.zip(b, Pair::new));
  }

  /** Two values, for properties of two generators. */
  public record Pair<A, B>(A first, B second) {}

  /**
   * This property with {@code tries} tries (the system property {@value #TRIES_PROPERTY} still
   * wins).
   */
  public Property<T> tries(int tries) {
    if (tries < 1) {
      throw new IllegalArgumentException("tries must be at least 1, got " + tries);
    }
    return new Property<>(gen, name, tries, seed);
  }

  /** This property with a fixed seed (the system property {@value #SEED_PROPERTY} still wins). */
  public Property<T> seed(long seed) {
    return new Property<>(gen, name, tries, seed);
  }

  /** This property with a name, shown in failures and as the display name of {@link #test}. */
  public Property<T> named(String name) {
    return new Property<>(gen, Objects.requireNonNull(name, "name cannot be null"), tries, seed);
  }

  /**
   * Runs the property: {@code check} must return normally for every value.
   *
   * @throws PropertyFailure naming the seed and the shrunk counterexample, when a check threw
   */
  public void check(Consumer<? super T> check) {
    Objects.requireNonNull(check, "check cannot be null");
    long s = effectiveSeed();
    int n = effectiveTries();
    SplittableRandom seeds = new SplittableRandom(s);
    int kept = 0;
    int discarded = 0;
    for (int i = 0; i < n; i++) {
      Source.Mode mode =
          i == 0
              ? Source.Mode.MINIMAL
              : i == 1
                  ? Source.Mode.MAXIMAL
                  : i < EDGE_TRIES ? Source.Mode.EDGES : Source.Mode.RANDOM;
      Source source = Source.of(mode, seeds.nextLong());
      Attempt<T> a = attempt(source, check);
      if (a.rejected) {
        discarded++;
        continue;
      }
      kept++;
      if (a.failure != null) {
        fail(s, i, a, check);
      }
    }
    if (discarded > kept) {
      throw new PropertyFailure(
          name
              + ": the generator rejected "
              + discarded
              + " of "
              + n
              + " tries (seed "
              + s
              + "); make valid values directly instead of filtering",
          null);
    }
  }

  /** This property as a dynamic test named by {@link #named}, for a {@code @TestFactory}. */
  public DynamicTest test(Consumer<? super T> check) {
    Objects.requireNonNull(check, "check cannot be null");
    return DynamicTest.dynamicTest(name, () -> check(check));
  }

  private void fail(long s, int tryIndex, Attempt<T> original, Consumer<? super T> check) {
    Shrinker shrinker =
        new Shrinker(
            new Shrinker.Run(original.choices, original.failure, original.spans),
            choices -> {
              Attempt<T> a = attempt(Source.replaying(choices), check);
              return new Shrinker.Run(a.choices, a.rejected ? null : a.failure, a.spans);
            },
            SHRINK_BUDGET);
    Shrinker.Run best = shrinker.shrink();
    T shrunk = gen.generate(Source.replaying(best.choices()));
    String message =
        name
            + " failed on try "
            + (tryIndex + 1)
            + " of "
            + effectiveTries()
            + " (seed "
            + s
            + "; replay with -D"
            + SEED_PROPERTY
            + "="
            + s
            + ")\n"
            + "  shrunk counterexample ("
            + shrinker.steps()
            + " steps, "
            + shrinker.runs()
            + " runs): "
            + shrunk
            + "\n"
            + "  original counterexample: "
            + original.value
            + "\n"
            + "  failure: "
            + best.failure();
    throw new PropertyFailure(message, best.failure(), s, shrunk, original.value);
  }

  private Attempt<T> attempt(Source source, Consumer<? super T> check) {
    T value;
    try {
      value = gen.generate(source);
    } catch (Source.Rejected e) {
      return new Attempt<>(null, source.choices(), source.spans(), null, true);
    }
    try {
      check.accept(value);
      return new Attempt<>(value, source.choices(), source.spans(), null, false);
    } catch (Source.Rejected e) {
      return new Attempt<>(value, source.choices(), source.spans(), null, true);
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      return new Attempt<>(value, source.choices(), source.spans(), t, false);
    }
  }

  private record Attempt<T>(
      @Nullable T value,
      long[] choices,
      int[] spans,
      @Nullable Throwable failure,
      boolean rejected) {}

  private long effectiveSeed() {
    String fixed = System.getProperty(SEED_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      try {
        return Long.parseLong(fixed.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            SEED_PROPERTY + " must be a long, got \"" + fixed + "\"", e);
      }
    }
    return seed != null ? seed : new SplittableRandom().nextLong();
  }

  private int effectiveTries() {
    String fixed = System.getProperty(TRIES_PROPERTY);
    if (fixed != null && !fixed.isBlank()) {
      try {
        int n = Integer.parseInt(fixed.strip());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
      throw new IllegalArgumentException(
          TRIES_PROPERTY + " must be a positive int, got \"" + fixed + "\"");
    }
    return tries;
  }
}
