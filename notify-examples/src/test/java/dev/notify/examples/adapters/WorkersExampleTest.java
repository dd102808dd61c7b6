package dev.notify.examples.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryStats;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Delivery;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class WorkersExampleTest {
  @Test
  void workersDeliverTheQueuedEmail_andReadmeShowsTheCode() throws Exception {
    RecordingTransport email = new RecordingTransport(Medium.EMAIL);
    LocalDate d = LocalDate.of(2023, 1, 1);
    Notifier notifier =
        Notifier.builder()
            .directory(
                new InMemoryDirectory()
                    .organizationCreatedOn(d)
                    .putUser(new UserAccount("alice", d, "alice@example.test")))
            .transport(email) // everyone logged out: the assignment is emailed
            .build();
    DeliveryStats after = WorkersExample.run(notifier);
    // close() waited for the workers; anything they had not reached is still queued, not lost.
    assertThat(after.delivered() + after.outbox().due()).isEqualTo(1);
    notifier.deliverDue();
    assertThat(email.delivered()).extracting(Delivery::id).containsExactly("evt-7/alice/email");

    String source =
        Files.readString(Path.of("src/main/java/dev/notify/examples/adapters/WorkersExample.java"));
    String begin = "// README:workers:begin";
    String snippet =
        source.substring(
            source.indexOf(begin) + begin.length(), source.indexOf("    // README:workers:end"));
    assertThat(Files.readString(Path.of("../README.md")))
        .contains(snippet.stripTrailing().stripIndent().strip());
  }
}
