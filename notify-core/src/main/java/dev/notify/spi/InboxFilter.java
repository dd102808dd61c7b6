package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which of a user's inbox items a bulk change means: some items by id, those of some options (a tab
 * of the panel: the options of a category), those created before an instant. Every part left unset
 * matches all. Immutable; validated when made.
 *
 * @param ids the items' ids, at most {@value #MAX_IDS}; empty for every item
 * @param options the options' ids; empty for every option
 * @param before the instant every matched item was created before (exclusive), or {@code null}
 * @since 0.3.0
 */
public record InboxFilter(Set<String> ids, Set<String> options, @Nullable Instant before) {
  /** The most ids one filter names. */
  public static final int MAX_IDS = 1000;

  /** Every item. */
  public static final InboxFilter ALL = new InboxFilter(Set.of(), Set.of(), null);

  /** Validates and copies. */
  public InboxFilter {
    ids = Set.copyOf(Checks.noNulls(ids, "ids"));
    Checks.argument(ids.size() <= MAX_IDS, "ids: at most %s, got %s", MAX_IDS, ids.size());
    options = Set.copyOf(Checks.noNulls(options, "options"));
    for (String o : options) {
      Checks.id(o, "options");
    }
  }

  /** The items {@code itemIds}. */
  public static InboxFilter ofIds(Collection<String> itemIds) {
    return new InboxFilter(Set.copyOf(Checks.noNulls(itemIds, "itemIds")), Set.of(), null);
  }

  /** The items {@code first} and {@code more}. */
  public static InboxFilter ofIds(String first, String... more) {
    List<String> all = new ArrayList<>();
    all.add(Checks.notNull(first, "first"));
    all.addAll(Arrays.asList(Checks.notNull(more, "more")));
    return ofIds(all);
  }

  /** This filter matching only items of the options {@code optionIds}. */
  public InboxFilter options(Collection<String> optionIds) {
    return new InboxFilter(ids, Set.copyOf(Checks.noNulls(optionIds, "optionIds")), before);
  }

  /** This filter matching only items created before {@code instant}. */
  public InboxFilter before(Instant instant) {
    return new InboxFilter(ids, options, Checks.notNull(instant, "instant"));
  }

  /** Whether {@code item} is one of those meant (its owner aside: changes are per user). */
  public boolean matches(InboxItem item) {
    Checks.notNull(item, "item");
    return (ids.isEmpty() || ids.contains(item.id()))
        && (options.isEmpty() || options.contains(item.option()))
        && (before == null || item.createdAt().isBefore(before));
  }
}
