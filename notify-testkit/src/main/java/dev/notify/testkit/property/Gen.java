package dev.notify.testkit.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of values from a {@link Source} of recorded random choices. Compose generators with
 * the combinators here; every composed generator shrinks, because shrinking works on the choices,
 * not on the values.
 *
 * <p>A generator must be a pure function of the choices it draws (no other randomness, no state),
 * so that replaying the choices replays the value. Generators are immutable and thread-safe.
 *
 * @param <T> the type of the values
 * @since 0.2.0
 */
@FunctionalInterface
public interface Gen<T> {
  /** How many times {@link #filter} tries before it rejects the try. */
  int FILTER_ATTEMPTS = 100;

  /** Makes one value from {@code source}'s choices. */
  T generate(Source source);

  /** This generator's values mapped by {@code f}. */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f cannot be null");
    return s -> f.apply(generate(s));
  }

  /** A generator chosen by this one's value: for values that depend on earlier ones. */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    Objects.requireNonNull(f, "f cannot be null");
    return s -> f.apply(generate(s)).generate(s);
  }

  /**
   * Only the values that satisfy {@code predicate}; after {@value #FILTER_ATTEMPTS} misses the try
   * is discarded ({@link Source.Rejected}). Prefer generators that make valid values directly.
   */
  default Gen<T> filter(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate cannot be null");
    return s -> {
      for (int i = 0; i < FILTER_ATTEMPTS; i++) {
        T v = generate(s);
        if (predicate.test(v)) {
          return v;
        }
      }
      throw new Source.Rejected("filter rejected " + FILTER_ATTEMPTS + " values in a row");
    };
  }

  /**
   * Lists of {@code min} to {@code max} values; shorter lists are simpler. Each element is preceded
   * by a choice to go on, so shrinking can drop any element.
   */
  default Gen<List<T>> list(int min, int max) {
    checkSize(min, max);
    return s -> {
      List<T> out = new ArrayList<>();
      int expected = Math.max(2, Math.min(max - min, 8));
      while (out.size() < max) {
        int start = s.mark();
        if (out.size() >= min && !s.more(expected)) {
          break;
        }
        out.add(generate(s));
        s.span(start);
      }
      return Collections.unmodifiableList(out);
    };
  }

  /** Sets of {@code min} to {@code max} distinct values, in the order made. */
  default Gen<Set<T>> set(int min, int max) {
    checkSize(min, max);
    return s -> {
      Set<T> out = new LinkedHashSet<>();
      int expected = Math.max(2, Math.min(max - min, 8));
      int misses = 0;
      while (out.size() < max) {
        int start = s.mark();
        if (out.size() >= min && !s.more(expected)) {
          break;
        }
        if (!out.add(generate(s)) && ++misses > FILTER_ATTEMPTS) {
          throw new Source.Rejected("could not make " + min + " distinct values");
        }
        s.span(start);
      }
      return Collections.unmodifiableSet(out);
    };
  }

  /** Empty (simplest) or a value. */
  default Gen<Optional<T>> optional() {
    return s -> s.draw(2) == 0 ? Optional.empty() : Optional.of(generate(s));
  }

  /** {@code null} (simplest) or a value. */
  // Gen<@Nullable T> needs NullAway's JSpecify mode (JDK 22+, or 17.0.19+ with a javac flag).
  @SuppressWarnings("NullAway")
  default Gen<T> orNull() {
    return s -> s.draw(2) == 0 ? null : generate(s);
  }

  /** A value made from one of this generator's and one of {@code other}'s. */
  default <U, R> Gen<R> zip(Gen<U> other, BiFunction<? super T, ? super U, ? extends R> f) {
    Objects.requireNonNull(other, "other cannot be null");
    Objects.requireNonNull(f, "f cannot be null");
    return s -> f.apply(generate(s), other.generate(s));
  }

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return s -> value;
  }

  /** Integers in {@code [min, max]}, shrinking towards 0 (or the end of the range nearest it). */
  static Gen<Integer> ints(int min, int max) {
    return longs(min, max).map(Long::intValue);
  }

  /** Longs in {@code [min, max]}, shrinking towards 0 (or the end of the range nearest it). */
  static Gen<Long> longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("min must not exceed max, got " + min + " > " + max);
    }
    return s -> {
      if (min >= 0) {
        return min + below(s, max - min);
      }
      if (max <= 0) {
        return max - below(s, max - min);
      }
      // Both signs: first whether negative (simplest: not), then how far from zero.
      return s.draw(2) == 0 ? below(s, max) : -1 - below(s, -(min + 1));
    };
  }

  /** A choice in {@code [0, span]}, for a span up to {@code Long.MAX_VALUE}. */
  private static long below(Source s, long span) {
    return span == Long.MAX_VALUE ? s.draw(Long.MAX_VALUE) : s.draw(span + 1);
  }

  /** {@code false} (simplest) or {@code true}. */
  static Gen<Boolean> booleans() {
    return s -> s.draw(2) == 1;
  }

  /** One of {@code values}, the first the simplest. */
  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    return elements(Arrays.asList(values));
  }

  /** One of {@code values}, the first the simplest. */
  static <T> Gen<T> elements(List<? extends T> values) {
    List<T> copy = new ArrayList<>(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("values must not be empty");
    }
    return s -> copy.get(s.drawInt(copy.size()));
  }

  /** A value of one of {@code gens}, the first the simplest. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Gen<? extends T>> copy = List.of(gens);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("gens must not be empty");
    }
    return s -> copy.get(s.drawInt(copy.size())).generate(s);
  }

  /** {@code values} in a random order (the given order is the simplest). */
  static <T> Gen<List<T>> shuffled(List<? extends T> values) {
    List<T> copy = List.copyOf(values);
    return s -> {
      List<T> out = new ArrayList<>(copy);
      for (int i = 0; i < out.size() - 1; i++) {
        Collections.swap(out, i, i + s.drawInt(out.size() - i));
      }
      return Collections.unmodifiableList(out);
    };
  }

  /** A subset of {@code values}, in their order (empty is the simplest). */
  static <T> Gen<List<T>> subsetOf(List<? extends T> values) {
    List<T> copy = List.copyOf(values);
    return s -> {
      List<T> out = new ArrayList<>();
      for (T v : copy) {
        int start = s.mark();
        if (s.draw(2) == 1) {
          out.add(v);
          s.span(start);
        }
      }
      return Collections.unmodifiableList(out);
    };
  }

  /**
   * Strings of {@code min} to {@code max} characters of {@code alphabet} (its first character the
   * simplest).
   */
  static Gen<String> strings(String alphabet, int min, int max) {
    if (alphabet.isEmpty()) {
      throw new IllegalArgumentException("alphabet must not be empty");
    }
    int[] cps = alphabet.codePoints().toArray();
    Gen<Integer> cp = s -> cps[s.drawInt(cps.length)];
    return cp.list(min, max)
        .map(
            l -> {
              StringBuilder b = new StringBuilder();
              l.forEach(b::appendCodePoint);
              return b.toString();
            });
  }

  /** Strings of {@code min} to {@code max} UTF-16 units, any of them (lone surrogates too). */
  static Gen<String> anyStrings(int min, int max) {
    Gen<Character> c =
        oneOf(
            ints('a', 'z').map(i -> (char) i.intValue()),
            ints(0, 0xFFFF).map(i -> (char) i.intValue()));
    return c.list(min, max)
        .map(
            l -> {
              StringBuilder b = new StringBuilder();
              l.forEach(b::append);
              return b.toString();
            });
  }

  private static void checkSize(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException(
          "sizes must satisfy 0 <= min <= max, got " + min + ", " + max);
    }
  }
}
