package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.testing.PackageGraph;
import dev.notify.testing.SourceRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Dependencies point down: the email module's packages form no cycle. */
class PackageStructureTest {
  @Test
  void packages_formNoCycle() {
    PackageGraph graph = PackageGraph.read(Path.of("target/classes"), "dev.notify");
    assertThat(graph.edges()).containsKey("dev.notify.email");
    assertThat(graph.cycles()).isEmpty();
  }

  @Test
  void sources_nameTypesByImport() {
    assertThat(SourceRules.inlineQualifiedNames(Path.of("src/main/java"), Path.of("src/test/java")))
        .isEmpty();
  }
}
