package dev.notify.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Pins the email module: one exported package, the transport provided to ServiceLoader both ways.
 */
class ModuleDescriptorTest {
  @Test
  void exportsOnePackageAndProvidesTheTransport() throws Exception {
    ModuleDescriptor d;
    try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
      d = ModuleDescriptor.read(in);
    }
    assertThat(d.exports())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactly("dev.notify.email");
    assertThat(d.provides())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.service()).isEqualTo("dev.notify.spi.TransportProvider");
              assertThat(p.providers()).containsExactly("dev.notify.email.EmailTransportProvider");
            });
    assertThat(
            Files.readString(
                    Path.of("target/classes/META-INF/services/dev.notify.spi.TransportProvider"))
                .strip())
        .isEqualTo("dev.notify.email.EmailTransportProvider");
  }
}
