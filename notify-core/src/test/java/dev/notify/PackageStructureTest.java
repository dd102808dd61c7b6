package dev.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.testing.PackageGraph;
import dev.notify.testing.SourceRules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point down: core's packages form no cycle, and each layer uses only the layers below
 * it.
 */
class PackageStructureTest {
  /** Core's layers, bottom first; a package may use only packages listed before it. */
  private static final List<String> LAYERS =
      List.of(
          "dev.notify.internal",
          "dev.notify",
          "dev.notify.catalog",
          "dev.notify.timeline", // an organisation's settings hold its default timing
          "dev.notify.action",
          "dev.notify.settings",
          "dev.notify.engine",
          "dev.notify.spi",
          "dev.notify.memory",
          "dev.notify.pipeline");

  private final PackageGraph graph = PackageGraph.read(Path.of("target/classes"), "dev.notify");

  @Test
  void packages_formNoCycle() {
    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void everyPackage_usesOnlyTheLayersBelowIt() {
    assertThat(graph.edges().keySet()).containsExactlyInAnyOrderElementsOf(LAYERS);
    graph
        .edges()
        .forEach(
            (from, to) -> {
              for (String used : to) {
                assertThat(LAYERS.indexOf(used))
                    .as("%s uses %s", from, used)
                    .isLessThan(LAYERS.indexOf(from));
              }
            });
  }

  @Test
  void cycleFinder_findsACycleThroughThreePackages() {
    PackageGraph cyclic =
        PackageGraph.of(Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d")));
    assertThat(cyclic.cycles()).containsExactly(Set.of("a", "b", "c"));
    assertThat(PackageGraph.of(Map.of("a", Set.of("b"), "b", Set.of("c"))).cycles()).isEmpty();
  }

  @Test
  void sources_nameTypesByImport() {
    assertThat(SourceRules.inlineQualifiedNames(Path.of("src/main/java"), Path.of("src/test/java")))
        .isEmpty();
  }
}
