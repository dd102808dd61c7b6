package dev.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins core's module: exactly the API and SPI packages are exported, nothing internal, and nothing
 * is required at run time (JSpecify's annotations only at compile time).
 */
class ModuleDescriptorTest {
  @Test
  void exportsApiPackagesOnly() throws Exception {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertThat(d.name()).isEqualTo("dev.notify.core");
    assertThat(d.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder(
            "dev.notify",
            "dev.notify.action",
            "dev.notify.catalog",
            "dev.notify.engine",
            "dev.notify.settings",
            "dev.notify.spi",
            "dev.notify.memory",
            "dev.notify.pipeline",
            "dev.notify.timeline");
    assertThat(d.requires())
        .filteredOn(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .extracting(ModuleDescriptor.Requires::name)
        .as("the JDK only: java.net.http posts the webhooks")
        .containsExactlyInAnyOrder("java.base", "java.net.http");
    assertThat(d.requires())
        .filteredOn(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .extracting(ModuleDescriptor.Requires::name)
        .containsExactly("org.jspecify");
  }
}
