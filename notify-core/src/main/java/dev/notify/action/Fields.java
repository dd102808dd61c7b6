package dev.notify.action;

import dev.notify.internal.Checks;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Validation shared by the action records. */
final class Fields {
  private Fields() {}

  static @Nullable String optional(@Nullable String value, String name) {
    return value == null ? null : Checks.idText(value, name);
  }

  static Set<String> ids(Set<String> values, String name) {
    Checks.noNulls(values, name);
    for (String v : values) {
      Checks.idText(v, name);
    }
    // Sorted, so iteration order never depends on the caller's set.
    return Collections.unmodifiableSortedSet(new TreeSet<>(values));
  }
}
