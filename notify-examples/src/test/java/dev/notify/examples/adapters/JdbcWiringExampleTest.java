package dev.notify.examples.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.examples.UrlDataSource;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Delivery;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcWiringExampleTest {
  @Test
  void wiresTheStoresOnADatabase_andReadmeShowsTheCode() throws Exception {
    RecordingTransport email = new RecordingTransport(Medium.EMAIL);
    LocalDate d = LocalDate.of(2023, 1, 1);
    Notifier n =
        JdbcWiringExample.wire(
            new UrlDataSource("jdbc:h2:mem:wiring-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
            new InMemoryDirectory()
                .organizationCreatedOn(d)
                .putUser(new UserAccount("alice", d, "alice@example.test")),
            email);
    n.publish(new ConversationAssigned("a1", Instant.now(), "bob", "k1", "c1", "alice"));
    n.deliverDue();
    assertThat(email.delivered()).extracting(Delivery::id).containsExactly("a1/alice/email");
    assertThat(n.inbox().unreadCount("alice")).isEqualTo(1);

    String source =
        Files.readString(
            Path.of("src/main/java/dev/notify/examples/adapters/JdbcWiringExample.java"));
    String begin = "// README:jdbc:begin";
    String snippet =
        source.substring(
            source.indexOf(begin) + begin.length(), source.indexOf("    // README:jdbc:end"));
    assertThat(Files.readString(Path.of("../README.md")))
        .contains(snippet.stripTrailing().stripIndent().strip());
  }
}
