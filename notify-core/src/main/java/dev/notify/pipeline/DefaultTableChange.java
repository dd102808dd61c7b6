package dev.notify.pipeline;

import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import java.util.List;

/**
 * What switching to a new default table would do, found by a dry run over the stored users ({@link
 * Notifier#previewDefaultTable}): per option and medium, how many users' values would change and a
 * few of them. Users who set a key keep it; only keys they never set follow the table.
 *
 * @param from the version in use
 * @param to the version previewed
 * @param users how many users the dry run read
 * @param changes one line per (option, medium) whose value changes for at least one user
 * @since 0.2.0
 */
public record DefaultTableChange(String from, String to, int users, List<Line> changes) {
  /** Validates and copies. */
  public DefaultTableChange {
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    changes = List.copyOf(changes);
  }

  /**
   * One (option, medium) whose value changes.
   *
   * @param option the option
   * @param medium the medium
   * @param before the old table's value
   * @param after the new table's value
   * @param users how many users would follow the change (those who may have the option and never
   *     set it, on at least one channel)
   * @param examples a few of them, in the directory's order
   */
  public record Line(
      String option,
      Medium medium,
      Frequency before,
      Frequency after,
      int users,
      List<String> examples) {
    /** Copies. */
    public Line {
      examples = List.copyOf(examples);
    }
  }

  /** Whether switching changes nothing for anybody. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }
}
