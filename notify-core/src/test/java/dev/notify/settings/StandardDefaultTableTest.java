package dev.notify.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The golden test: the standard default table equals the seed's table, row by row. */
class StandardDefaultTableTest {
  /** The seed's "Default notification settings" table, quoted: option | In-app | Email. */
  private static final String SEED_TABLE =
      """
      A new message arrives in a conversation I'm assigned to | Never | Never |
      A customer I follow sends a message | Never | Never |
      A customer sends any message* | Never | Never |
      A customer starts a new conversation* | Never | Never |
      I'm assigned to a conversation | Always | Logged Out |
      An assistant transfers a conversation to me | Never | Never |
      A conversation snooze expires | Always | Always |
      Someone adds a note to a customer I follow, or a conversation I'm assigned to | Always | Logged Out |
      I'm mentioned in a note | Always | Always |
      A team I'm on is mentioned in a note | Always | Logged Out |
      An object is created on a customer I follow | Always | Logged Out |
      An object is updated on a customer I follow | Always | Logged Out |
      """;

  private static Frequency seedWord(String word) {
    return switch (word.trim()) {
      case "Never" -> Frequency.NEVER;
      case "Always" -> Frequency.ALWAYS;
      case "Logged Out" -> Frequency.WHEN_LOGGED_OUT;
      default -> throw new AssertionError("not a seed frequency: " + word);
    };
  }

  @Test
  void standardTable_equalsTheSeedRowByRow() {
    Map<String, Frequency[]> seed = new LinkedHashMap<>();
    for (String line : SEED_TABLE.strip().split("\n")) {
      String[] cells = line.split("\\|");
      seed.put(
          cells[0].trim().replace("*", ""),
          new Frequency[] {seedWord(cells[1]), seedWord(cells[2])});
    }
    assertThat(seed).hasSize(12);

    Map<String, Frequency[]> ours = new LinkedHashMap<>();
    DefaultTable table = DefaultTable.standard();
    for (NotificationOption o : Catalog.standard().options()) {
      if (o.id().equals("app.updated")) {
        continue; // System Events tab: not in the seed's Timeline table
      }
      ours.put(
          o.label(),
          new Frequency[] {
            table.frequency(o.id(), Medium.IN_APP), table.frequency(o.id(), Medium.EMAIL)
          });
    }
    assertThat(ours.keySet()).containsExactlyElementsOf(seed.keySet());
    seed.forEach((label, row) -> assertThat(ours.get(label)).as(label).containsExactly(row));
  }

  @Test
  void standardTable_appUpdatedIsInAppOnly() {
    assertThat(DefaultTable.standard().frequency("app.updated", Medium.IN_APP))
        .isEqualTo(Frequency.ALWAYS);
    assertThat(DefaultTable.standard().frequency("app.updated", Medium.EMAIL))
        .isEqualTo(Frequency.NEVER);
  }

  @Test
  void standardTable_isVersioned() {
    assertThat(DefaultTable.standard().version()).isEqualTo(DefaultTable.STANDARD_VERSION);
    DefaultTable v2 =
        DefaultTable.standard().toBuilder("standard-2")
            .set("note.added", Medium.EMAIL, Frequency.NEVER)
            .build();
    assertThat(v2.version()).isEqualTo("standard-2");
    assertThat(v2.frequency("note.added", Medium.EMAIL)).isEqualTo(Frequency.NEVER);
    assertThat(DefaultTable.standard().frequency("note.added", Medium.EMAIL))
        .isEqualTo(Frequency.WHEN_LOGGED_OUT);
    assertThat(v2).isNotEqualTo(DefaultTable.standard());
  }

  @Test
  void unlistedPair_isNever() {
    assertThat(DefaultTable.builder("x").build().frequency("note.added", Medium.IN_APP))
        .isEqualTo(Frequency.NEVER);
  }
}
