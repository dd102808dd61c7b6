package dev.notify.testkit.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PropertyTest {
  private static PropertyFailure failureOf(Runnable run) {
    return catchThrowableOfType(PropertyFailure.class, run::run);
  }

  @Test
  void aPropertyThatHolds_runsEveryTry() {
    AtomicInteger runs = new AtomicInteger();
    Property.forAll(Gen.ints(0, 10)).tries(321).check(i -> runs.incrementAndGet());
    assertThat(runs).hasValue(321);
  }

  @Test
  void edgeCasesComeFirst_theSimplestThenTheLargest() {
    List<List<Integer>> seen = new ArrayList<>();
    Property.forAll(Gen.ints(-5, 7).list(0, 4)).tries(3).check(seen::add);
    assertThat(seen.get(0)).isEmpty();
    assertThat(seen.get(1)).containsExactly(-5, -5, -5, -5);
  }

  @Test
  void shrinking_findsTheSmallestCounterexample() {
    PropertyFailure f =
        failureOf(
            () ->
                Property.forAll(Gen.ints(0, 1000).list(0, 20))
                    .seed(42)
                    .check(l -> assertThat(l).allMatch(i -> i < 100)));
    assertThat(f.shrunk()).isEqualTo(List.of(100));
    assertThat(f.getMessage())
        .contains("seed 42")
        .contains("-Dnotify.testkit.seed=42")
        .contains("shrunk counterexample")
        .contains("[100]");
    assertThat(f.getCause()).isInstanceOf(AssertionError.class);
  }

  @Test
  void shrinking_dropsWhatDoesNotMatter_fromLongLists() {
    PropertyFailure f =
        failureOf(
            () ->
                Property.forAll(Gen.ints(-50, 50).list(0, 60))
                    .seed(7)
                    .check(l -> assertThat(l.stream().mapToInt(i -> i).sum()).isLessThan(100)));
    @SuppressWarnings("unchecked")
    List<Integer> shrunk = (List<Integer>) f.shrunk();
    assertThat(shrunk.stream().mapToInt(i -> i).sum()).isGreaterThanOrEqualTo(100);
    assertThat(shrunk).hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void shrinking_terminates_whenEverythingFails() {
    PropertyFailure f =
        failureOf(
            () ->
                Property.forAll(Gen.anyStrings(0, 500).list(0, 50))
                    .seed(1)
                    .check(
                        l -> {
                          throw new IllegalStateException("always");
                        }));
    assertThat(f.shrunk()).isEqualTo(List.of());
    assertThat(f.getCause()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shrinking_keepsTheKindOfFailure() {
    // Small values fail one way, big ones another: the shrunk case still fails like the original.
    PropertyFailure f =
        failureOf(
            () ->
                Property.forAll(Gen.ints(0, 1000))
                    .seed(3)
                    .check(
                        i -> {
                          if (i > 500) {
                            throw new IllegalStateException("big " + i);
                          }
                          if (i > 0) {
                            throw new IllegalArgumentException("small " + i);
                          }
                        }));
    if ((int) f.original() > 500) {
      assertThat(f.getCause()).isInstanceOf(IllegalStateException.class);
      assertThat(f.shrunk()).isEqualTo(501);
    } else {
      assertThat(f.getCause()).isInstanceOf(IllegalArgumentException.class);
      assertThat(f.shrunk()).isEqualTo(1);
    }
  }

  @Test
  void aSeed_replaysTheSameRunAndFailure() {
    Property<List<Integer>> p = Property.forAll(Gen.ints(0, 1_000_000).list(1, 10)).tries(500);
    PropertyFailure first =
        failureOf(() -> p.seed(99).check(l -> assertThat(l.get(0) % 97).isNotEqualTo(13)));
    PropertyFailure again =
        failureOf(() -> p.seed(99).check(l -> assertThat(l.get(0) % 97).isNotEqualTo(13)));
    assertThat(first).isNotNull();
    assertThat(again.seed()).isEqualTo(99);
    assertThat(again.original()).isEqualTo(first.original());
    assertThat(again.shrunk()).isEqualTo(first.shrunk());
    // Shrunk to one element that still fails (the predicate is not monotone, so not to 13 itself).
    @SuppressWarnings("unchecked")
    List<Integer> shrunk = (List<Integer>) again.shrunk();
    assertThat(shrunk).hasSize(1);
    assertThat(shrunk.get(0) % 97).isEqualTo(13);
    assertThat(shrunk.get(0)).isLessThanOrEqualTo(((List<Integer>) again.original()).get(0));
  }

  @Test
  void theSeedProperty_replaysARandomRun() {
    // Rare failures: which try fails, and with what, depends on the seed.
    Property<List<Long>> p = Property.forAll(Gen.longs(0, Long.MAX_VALUE).list(0, 5)).tries(5000);
    Consumer<List<Long>> check = l -> assertThat(l).noneMatch(x -> x % 1000 == 7);
    PropertyFailure random = failureOf(() -> p.check(check));
    assertThat(random).as("a failure within 5000 tries").isNotNull();
    String previous = System.getProperty(Property.SEED_PROPERTY);
    System.setProperty(Property.SEED_PROPERTY, Long.toString(random.seed()));
    try {
      PropertyFailure replayed =
          failureOf(() -> p.seed(123).check(check)); // the system property wins
      assertThat(replayed.seed()).isEqualTo(random.seed());
      assertThat(replayed.original()).isEqualTo(random.original());
      assertThat(replayed.shrunk()).isEqualTo(random.shrunk());
      assertThat(replayed.getMessage()).isEqualTo(random.getMessage());
    } finally {
      if (previous == null) {
        System.clearProperty(Property.SEED_PROPERTY);
      } else {
        System.setProperty(Property.SEED_PROPERTY, previous);
      }
    }
  }

  @Test
  void theTriesProperty_overridesEveryProperty() {
    AtomicInteger runs = new AtomicInteger();
    System.setProperty(Property.TRIES_PROPERTY, "17");
    try {
      Property.forAll(Gen.booleans()).tries(5).check(b -> runs.incrementAndGet());
    } finally {
      System.clearProperty(Property.TRIES_PROPERTY);
    }
    assertThat(runs).hasValue(17);
  }

  @Test
  void rejectedValues_areDiscarded_andTooManyFailTheRun() {
    AtomicInteger kept = new AtomicInteger();
    Property.forAll(Gen.ints(0, 100).filter(i -> i % 2 == 0))
        .tries(200)
        .check(i -> assertThat(i % 2).isZero());
    Property.forAll(Gen.ints(0, 3)).tries(100).check(i -> kept.incrementAndGet());
    assertThat(kept).hasValue(100);
    assertThatThrownBy(
            () -> Property.forAll(Gen.ints(0, 100).filter(i -> i > 1000)).tries(10).check(i -> {}))
        .isInstanceOf(PropertyFailure.class)
        .hasMessageContaining("rejected");
  }

  @Test
  void asADynamicTest_theNameIsTheProperty() {
    assertThat(Property.forAll(Gen.booleans()).named("a name").test(b -> {}).getDisplayName())
        .isEqualTo("a name");
  }

  @Test
  void badArguments_areRefused() {
    assertThatThrownBy(() -> Gen.ints(3, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gen.booleans().list(3, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Property.forAll(Gen.booleans()).tries(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0");
    assertThatThrownBy(() -> Property.forAll(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void generators_stayInTheirRanges() {
    Property.forAll(Gen.ints(-3, 9).zip(Gen.longs(Long.MIN_VALUE / 2, -10), Property.Pair::new))
        .check(
            p -> {
              assertThat(p.first()).isBetween(-3, 9);
              assertThat(p.second()).isBetween(Long.MIN_VALUE / 2, -10L);
            });
    Property.forAll(Gen.strings("abc", 2, 5))
        .check(s -> assertThat(s).hasSizeBetween(2, 5).matches("[abc]+"));
    Property.forAll(Gen.ints(0, 9).set(3, 3)).check(s -> assertThat(s).hasSize(3));
    Property.forAll(Gen.shuffled(List.of(1, 2, 3, 4)))
        .check(l -> assertThat(l).containsExactlyInAnyOrder(1, 2, 3, 4));
  }
}
