package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.NotifyException;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Tenure;
import dev.notify.email.EmailAddress;
import dev.notify.email.EmailTransportProvider;
import dev.notify.email.OutboundEmail;
import dev.notify.examples.scenario.ScenarioReader;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every public entry point that takes outside data, fed hostile values — control characters, line
 * and paragraph separators, bidirectional controls, lone surrogates, huge strings, deep nesting,
 * wrong types: each either refuses with a clear error naming the field, or accepts and reads the
 * value back exactly. Never another exception, never a hang.
 */
@Timeout(120)
class HostileInputProperties {
  private static final Map<String, int[]> TALLY = new TreeMap<>(); // entry point → {inputs, errors}

  /** Hostile strings: the simplest first, then worse. */
  static Gen<String> hostile() {
    Gen<String> piece =
        Gen.oneOf(
            Gen.of("a", "", " ", "\n", "\r\n", "\u0000", "\u0007", "\u0085", "\u2028", "\u2029"),
            Gen.of("\u202E", "\u2066", "\u2069", "\uD800", "\uDFFF", "\uD83D\uDE00", "\"", "\\"),
            Gen.of("%0a", "=0D", "=?utf-8?q?x?=", "<script>", "'; DROP TABLE x; --", "/", "%"),
            Gen.anyStrings(0, 8));
    Gen<String> huge = Gen.ints(1, 3).map(n -> "x".repeat(n * 40_000));
    return Gen.oneOf(piece.list(1, 6).map(l -> String.join("", l)), huge);
  }

  /** Runs {@code input}; a clear error or an exact read-back passes, anything else fails. */
  private static void expectClear(String entry, String field, Supplier<Boolean> input) {
    int[] t = TALLY.computeIfAbsent(entry, k -> new int[2]);
    t[0]++;
    try {
      assertThat(input.get())
          .as("%s accepted a value but did not read it back exactly", entry)
          .isTrue();
    } catch (NotifyException | IllegalArgumentException | NullPointerException e) {
      t[1]++;
      assertThat(e.getMessage())
          .as("%s: an error names the field", entry)
          .containsIgnoringCase(field);
      assertThat(e.getMessage().lines().count()).as("one line").isLessThanOrEqualTo(1);
    }
  }

  @AfterAll
  static void report() {
    StringBuilder b = new StringBuilder("hostile inputs (entry point: given / refused clearly):");
    TALLY.forEach(
        (k, v) -> b.append("\n  ").append(k).append(": ").append(v[0]).append(" / ").append(v[1]));
    System.out.println(b);
  }

  @Test
  void actions() {
    Property.forAll(hostile())
        .tries(300)
        .check(
            s -> {
              expectClear(
                  "ConversationAssigned",
                  "",
                  () ->
                      new ConversationAssigned(s, Instant.EPOCH, "bob", "k", "c", "alice")
                          .id()
                          .equals(s));
              expectClear(
                  "NoteAdded",
                  "",
                  () ->
                      new NoteAdded("n", Instant.EPOCH, "bob", "k", s, null, Set.of(), Set.of(), s)
                          .customer()
                          .equals(s));
            });
  }

  @Test
  void userSettings() {
    Property.forAll(hostile())
        .tries(300)
        .check(
            s -> {
              expectClear(
                  "UserSettings.of",
                  "option",
                  () ->
                      UserSettings.of(
                              Catalog.standard(),
                              Tenure.NEW,
                              List.of(Setting.of(s, Medium.EMAIL, Frequency.ALWAYS)),
                              List.of())
                          .settings()
                          .get(0)
                          .option()
                          .equals(s));
              expectClear("Channel.of", "", () -> Channel.of(s).id().equals(s));
            });
  }

  @Test
  void emailAddressesAndMessages() {
    Property.forAll(hostile())
        .tries(300)
        .check(
            s -> {
              expectClear("EmailAddress.of", "", () -> EmailAddress.of(s).address().equals(s));
              expectClear(
                  "EmailAddress display name",
                  "display",
                  () -> s.equals(EmailAddress.of("a@example.test", s).displayName()));
              expectClear(
                  "OutboundEmail.subject",
                  "subject",
                  () ->
                      OutboundEmail.builder()
                          .id("n1")
                          .from(EmailAddress.of("notify@example.test"))
                          .to(EmailAddress.of("a@example.test"))
                          .subject(s)
                          .text("t")
                          .build()
                          .subject()
                          .equals(s));
            });
  }

  @Test
  void emailConfigurationByProperties() {
    Property.forAll(hostile())
        .tries(200)
        .check(
            s ->
                expectClear(
                    "EmailTransportProvider",
                    "notify.email",
                    () -> {
                      new EmailTransportProvider()
                          .create(
                              Map.of(
                                  "notify.email.from", "notify@example.test",
                                  "notify.email.smtp.host", "localhost",
                                  "notify.email.smtp.port", s));
                      return true;
                    }));
  }

  @Test
  void scenarioDocuments() {
    Gen<String> doc =
        Gen.oneOf(
            hostile().map(s -> "{\"users\": {" + json(s) + ": {}}}"),
            hostile().map(s -> "{\"users\": {\"a\": {}}, \"teams\": {" + json(s) + ": [\"a\"]}}"),
            hostile().map(s -> "{\"users\": {\"a\": {\"email\": " + json(s) + "}}}"),
            Gen.ints(1, 3).map(n -> "[".repeat(n * 3000) + "]".repeat(n * 3000)),
            Gen.of("{\"users\": 7}", "{\"users\": {\"a\": []}}", "{\"actions\": {}}", "null", ""));
    Property.forAll(doc)
        .tries(300)
        .check(
            d ->
                expectClear(
                    "scenario reader",
                    "",
                    () -> {
                      new ScenarioReader().read(d);
                      return true;
                    }));
  }

  /** {@code s} as a JSON string literal (every character escaped as needed). */
  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
