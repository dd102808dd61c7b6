package dev.notify.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.settings.DefaultTable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's default table is the code's: rendered here from the catalog and the table. */
class ReadmeDefaultTableTest {
  static String render(Catalog catalog, DefaultTable table) {
    StringBuilder b =
        new StringBuilder(
            "| Setting | Option id | Per channel | In-app | Email | Who has it |\n"
                + "|---|---|---|---|---|---|\n");
    for (NotificationOption o : catalog.options()) {
      b.append("| ")
          .append(o.label())
          .append(" | `")
          .append(o.id())
          .append("` | ")
          .append(o.perChannel() ? "yes" : "no")
          .append(" | ")
          .append(label(table.frequency(o.id(), Medium.IN_APP)))
          .append(" | ")
          .append(label(table.frequency(o.id(), Medium.EMAIL)))
          .append(" | ")
          .append(
              o.availability().isLegacy()
                  ? "legacy: before " + o.availability().cutoff()
                  : "everyone")
          .append(" |\n");
    }
    return b.toString();
  }

  private static String label(Frequency f) {
    return switch (f) {
      case ALWAYS -> "Always";
      case WHEN_LOGGED_OUT -> "When logged out";
      case NEVER -> "Never";
      case IF_UNREAD -> "If still unread";
    };
  }

  @Test
  void readme_showsTheStandardDefaultTable() throws Exception {
    String readme = Files.readString(Path.of("../README.md"));
    String begin = "<!-- default-table:begin " + DefaultTable.STANDARD_VERSION + " -->\n";
    String end = "<!-- default-table:end -->";
    assertThat(readme).contains(begin, end);
    String shown = readme.substring(readme.indexOf(begin) + begin.length(), readme.indexOf(end));
    assertThat(shown).isEqualTo(render(Catalog.standard(), DefaultTable.standard()));
  }
}
