package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.examples.scenario.ScenarioReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The timeline fields of a scenario (TIMELINE.md): what they do and how bad ones are refused. */
class TimelineScenarioTest {
  private static final String ACTION =
      "{\"id\": \"n1\", \"at\": \"2026-05-04T09:00:00Z\", \"kind\": \"note.added\", \"actor\":"
          + " \"bob\", \"conversation\": \"k1\", \"customer\": \"acme\", \"mentions\": [],"
          + " \"teamMentions\": []}";

  private static String scenario(String ann, String actions, String extra) {
    return "{\"org\": {\"createdAt\": \"2020-01-01\"}, \"customers\": {\"acme\": {\"followers\":"
        + " [\"ann\"]}}, \"users\": {\"ann\": "
        + ann
        + ", \"bob\": {}}, \"actions\": ["
        + actions
        + "]"
        + extra
        + "}";
  }

  private static String explain(String json) {
    return ExplainCommand.toTable(ExplainCommand.run(new ScenarioReader().read(json)));
  }

  @ParameterizedTest(name = "on {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"zone\": \"Mars/Olympus\", \"presence\": \"LOGGED_OUT\"}|users.ann.zone|IANA",
        "{\"zone\": \"+01:00\"}|users.ann.zone|IANA",
        "{\"quietHours\": [{\"days\": [\"MON\", \"MON\"], \"from\": \"19:00\", \"to\": \"08:00\"}]}|days[1]|twice",
        "{\"quietHours\": [{\"days\": [], \"from\": \"19:00\", \"to\": \"08:00\"}]}|days|at least one",
        "{\"quietHours\": [{\"days\": [\"MONDAY\"], \"from\": \"19:00\", \"to\": \"08:00\"}]}|days[0]|known: MON",
        "{\"quietHours\": [{\"days\": [\"MON\"], \"from\": \"7pm\", \"to\": \"08:00\"}]}|from|HH:MM",
        "{\"quietHours\": [{\"days\": [\"MON\",\"TUE\",\"WED\",\"THU\",\"FRI\",\"SAT\",\"SUN\"], \"from\": \"00:00\", \"to\": \"00:00\"}]}|users.ann.quietHours|whole week",
        "{\"unreadDelayMinutes\": 0}|unreadDelayMinutes|1 to 1440",
        "{\"unreadDelayMinutes\": 2.5}|unreadDelayMinutes|whole number",
        "{\"digest\": {\"windowMinutes\": 15, \"max\": 51}}|digest.max|2 to 50",
        "{\"digest\": {\"max\": 5}}|digest.windowMinutes|missing",
      })
  void badTimelineFields_areRefusedWithTheirPath(String ann, String path, String words) {
    assertThatThrownBy(() -> new ScenarioReader().read(scenario(ann, ACTION, "")))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining(path)
        .hasMessageContaining(words);
  }

  @Test
  void timelineFields_needInstants() {
    String untimed = ACTION.replace("\"at\": \"2026-05-04T09:00:00Z\", ", "");
    assertThatThrownBy(
            () -> new ScenarioReader().read(scenario("{\"zone\": \"Europe/Paris\"}", untimed, "")))
        .hasMessageContaining("users.ann.zone")
        .hasMessageContaining("\"at\"");
    assertThatThrownBy(
            () ->
                new ScenarioReader()
                    .read(
                        scenario(
                            "{\"settings\": [{\"event\": \"note.added\", \"medium\": \"email\","
                                + " \"frequency\": \"IF_UNREAD\"}]}",
                            untimed,
                            "")))
        .hasMessageContaining("settings[0].frequency");
    String second = untimed.replace("\"n1\"", "\"n2\"");
    assertThatThrownBy(() -> new ScenarioReader().read(scenario("{}", ACTION + ", " + second, "")))
        .hasMessageContaining("actions[1].at")
        .hasMessageContaining("every action");
    assertThatThrownBy(
            () -> new ScenarioReader().read(scenario("{}", ACTION.replace(":00Z", ":00.5Z"), "")))
        .hasMessageContaining("actions[0].at")
        .hasMessageContaining("whole seconds");
  }

  @Test
  void theJavaApisNames_areAcceptedAsAliases_butNotBesideTheFormatsOwn() {
    String javaNames =
        "{\"org\": {\"createdOn\": \"2020-01-01\"}, \"customers\": {\"acme\": {\"followers\":"
            + " [\"ann\"]}}, \"users\": {\"ann\": {\"createdOn\": \"2020-02-01\", \"presence\":"
            + " \"LOGGED_OUT\", \"settings\": [{\"option\": \"note.added\", \"medium\": \"email\","
            + " \"frequency\": \"NEVER\"}]}, \"bob\": {}}, \"actions\": [{\"id\": \"n1\","
            + " \"occurredAt\": \"2026-05-04T09:00:00Z\", \"kind\": \"note.added\", \"actor\":"
            + " \"bob\", \"conversation\": \"k1\", \"customer\": \"acme\", \"mentionedUsers\": [],"
            + " \"mentionedTeams\": []}]}";
    String table = explain(javaNames);
    assertThat(table).contains("ann        in_app").contains("sent 2026-05-04T09:00:00Z");
    assertThat(table).contains("ann        email   logged_out not told — note.added is NEVER");
    assertThatThrownBy(
            () ->
                new ScenarioReader()
                    .read(
                        javaNames.replace(
                            "\"occurredAt\"", "\"at\": \"2026-05-04T09:00:00Z\", \"occurredAt\"")))
        .hasMessageContaining("actions[0].occurredAt")
        .hasMessageContaining("not both");
  }

  @Test
  void reads_areChecked() {
    String read =
        ", \"reads\": [{\"user\": \"ann\", \"action\": \"n1\", \"at\": \"2026-05-04T09:01:00Z\"}";
    assertThatThrownBy(
            () ->
                new ScenarioReader()
                    .read(scenario("{}", ACTION, read + ", " + read.substring(12) + "]")))
        .hasMessageContaining("reads[1]")
        .hasMessageContaining("twice");
    assertThatThrownBy(
            () -> new ScenarioReader().read(scenario("{}", ACTION, read.replace("n1", "n9") + "]")))
        .hasMessageContaining("reads[0].action")
        .hasMessageContaining("unknown action");
  }

  @Test
  void theTable_saysWhatTheTimelineDid() {
    String ann =
        "{\"zone\": \"Europe/Paris\", \"presence\": \"LOGGED_OUT\", \"quietHours\": [{\"days\":"
            + " [\"MON\"], \"from\": \"10:00\", \"to\": \"12:00\"}]}";
    assertThat(explain(scenario(ann, ACTION, "")))
        .contains("held by quiet hours until Mon 12:00 Europe/Paris")
        .contains("sent 2026-05-04T10:00:00Z");
  }
}
