package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.testing.PackageGraph;
import dev.notify.testing.SourceRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Dependencies point down: notify-jdbc's packages form no cycle; types are named by import. */
class PackageStructureTest {
  @Test
  void packages_formNoCycle() {
    PackageGraph graph = PackageGraph.read(Path.of("target/classes"), "dev.notify");
    assertThat(graph.edges()).containsKey("dev.notify.jdbc");
    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void sources_nameTypesByImport() {
    assertThat(SourceRules.inlineQualifiedNames(Path.of("src/main/java"), Path.of("src/test/java")))
        .isEmpty();
  }
}
