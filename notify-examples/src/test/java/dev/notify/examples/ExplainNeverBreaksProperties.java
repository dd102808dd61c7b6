package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bad input always gets a clear error: valid vectors damaged at random (a field dropped, a value
 * swapped for one of another type, a field added, the text cut) make {@code explain} either succeed
 * or exit with status 2 and exactly one line on stderr — never a crash.
 */
class ExplainNeverBreaksProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode[] ODD_VALUES = {
    JSON.nullNode(), JSON.getNodeFactory().numberNode(42), JSON.getNodeFactory().textNode(""),
    JSON.getNodeFactory().textNode("x\ny"), JSON.getNodeFactory().booleanNode(true),
        JSON.createArrayNode(),
    JSON.createObjectNode(), JSON.getNodeFactory().textNode("ALWAYS"),
        JSON.getNodeFactory().textNode("alice")
  };

  @Test
  void damagedScenarios_failCleanly() {
    Property.forAll(Gen.ints(0, 11), Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE))
        .named("a damaged scenario fails cleanly")
        .tries(400)
        .check(
            p -> {
              try {
                check(p.first(), p.second());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }

  private static void check(int vector, long seed) throws Exception {
    List<Path> scenarios = new ArrayList<>();
    try (var files = Files.list(ConformanceVectorsTest.vectors())) {
      files
          .filter(
              p ->
                  p.toString().endsWith(".scenario.json")
                      && Files.exists(
                          Path.of(p.toString().replace(".scenario.json", ".expected.json"))))
          .sorted()
          .forEach(scenarios::add);
    }
    Random random = new Random(seed);
    String text = Files.readString(scenarios.get(vector % scenarios.size()));
    String damaged;
    if (random.nextInt(5) == 0) {
      damaged = text.substring(0, random.nextInt(text.length()));
    } else {
      JsonNode root = JSON.readTree(text);
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      damage(containers.get(random.nextInt(containers.size())), random);
      damaged = JSON.writeValueAsString(root);
    }
    Path file = Files.createTempFile("damaged", ".json");
    try {
      Files.writeString(file, damaged);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int status =
          Main.run(
              List.of("explain", "--json", file.toString()),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      String stderr = err.toString(StandardCharsets.UTF_8);
      assertThat(status).as("%s%n%s", damaged, stderr).isIn(0, 2);
      if (status == 2) {
        assertThat(stderr.strip().lines()).as(damaged).hasSize(1);
        assertThat(stderr).startsWith("error: ");
      } else {
        assertThat(JSON.readTree(out.toString(StandardCharsets.UTF_8)).has("deliveries")).isTrue();
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.forEach(child -> collect(child, out));
    }
  }

  private static void damage(JsonNode container, Random random) {
    if (container instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        names.add(it.next().getKey());
      }
      int what = random.nextInt(3);
      if (what == 0 || names.isEmpty()) {
        o.set("unexpected" + random.nextInt(3), ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
      } else if (what == 1) {
        o.remove(names.get(random.nextInt(names.size())));
      } else {
        o.set(
            names.get(random.nextInt(names.size())), ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
      }
    } else if (container instanceof ArrayNode a) {
      if (a.isEmpty() || random.nextBoolean()) {
        a.add(ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
      } else {
        a.set(random.nextInt(a.size()), ODD_VALUES[random.nextInt(ODD_VALUES.length)]);
      }
    }
  }
}
