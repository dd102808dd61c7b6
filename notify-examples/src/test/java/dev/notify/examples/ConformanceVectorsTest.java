package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every conformance vector (copied from the shared contract into this module's test resources)
 * through the {@code explain} command line: expected deliveries compared as sets, error vectors
 * checked for exit status 2, one line on stderr, and every word of the {@code .error.txt}.
 */
class ConformanceVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Outcome(int status, String out, String err) {}

  static Outcome explain(Path scenario) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of("explain", "--json", scenario.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Path vectors() throws URISyntaxException {
    return folder("/vectors");
  }

  static Path folder(String name) throws URISyntaxException {
    return Path.of(ConformanceVectorsTest.class.getResource(name).toURI());
  }

  static Set<JsonNode> deliveries(String json) throws IOException {
    Set<JsonNode> out = new HashSet<>();
    JSON.readTree(json).get("deliveries").forEach(out::add);
    return out;
  }

  @Test
  void everyVectorIsHere() throws Exception {
    try (Stream<Path> files = Files.list(vectors())) {
      assertThat(files.filter(p -> p.toString().endsWith(".scenario.json")))
          .hasSizeGreaterThanOrEqualTo(26);
    }
  }

  @TestFactory
  List<DynamicTest> vectors_passThroughExplain() throws Exception {
    return run(vectors());
  }

  /** The project's own vectors of ORGANIZATIONS.md (docs/conformance), the same way. */
  @TestFactory
  List<DynamicTest> organizationVectors_passThroughExplain() throws Exception {
    return run(folder("/organizations"));
  }

  /** The project's own vectors of THROTTLES.md (docs/conformance), the same way. */
  @TestFactory
  List<DynamicTest> throttleVectors_passThroughExplain() throws Exception {
    return run(folder("/throttles"));
  }

  private static List<DynamicTest> run(Path folder) throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path scenario :
          files.filter(p -> p.toString().endsWith(".scenario.json")).sorted().toList()) {
        String name = scenario.getFileName().toString().replace(".scenario.json", "");
        Path expected = scenario.resolveSibling(name + ".expected.json");
        Path error = scenario.resolveSibling(name + ".error.txt");
        tests.add(
            DynamicTest.dynamicTest(
                name,
                () -> {
                  Outcome o = explain(scenario);
                  if (Files.exists(expected)) {
                    assertThat(o.status()).as(o.err()).isZero();
                    assertThat(deliveries(o.out()))
                        .isEqualTo(deliveries(Files.readString(expected)));
                  } else {
                    assertThat(o.status()).isEqualTo(2);
                    assertThat(o.err().strip().lines()).hasSize(1);
                    for (String word : Files.readString(error).strip().split("\\s+")) {
                      assertThat(o.err().toLowerCase(Locale.ROOT))
                          .contains(word.toLowerCase(Locale.ROOT));
                    }
                  }
                }));
      }
    }
    return tests;
  }
}
