package dev.notify.spring.boot4;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.ConversationAssigned;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Directory;
import dev.notify.spi.UserAccount;
import dev.notify.spring.NotifyAutoConfiguration;
import dev.notify.spring.NotifyWorkers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter, compiled against Spring Boot 3.5, under Spring Boot 4: its auto-configuration is
 * listed where Boot 4 looks, loads, and makes a working notifier on Boot 4's DataSource.
 */
class Boot4LoadsTheStarterTest {
  @Test
  void boot4_findsLoadsAndRunsTheAutoConfiguration() {
    assertThat(SpringBootVersion.getVersion()).startsWith("4.");
    LocalDate old = LocalDate.of(2019, 4, 1);
    Directory directory =
        new InMemoryDirectory()
            .organizationCreatedOn(old)
            .putUser(new UserAccount("carol", old, null));
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(DataSourceAutoConfiguration.class, NotifyAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
        .withBean(Directory.class, () -> directory)
        .run(
            c -> {
              assertThat(c).hasNotFailed().hasSingleBean(JdbcStores.class);
              assertThat(c.getBean(NotifyWorkers.class).isRunning()).isTrue();
              Notifier n = c.getBean(Notifier.class);
              n.publish(new ConversationAssigned("a1", Instant.now(), "bob", "k", "c", "carol"));
              assertThat(c.getBean(JdbcStores.class).inbox().unreadCount("carol")).isEqualTo(1);
            });
  }

  @Test
  void theImportsFile_namesTheAutoConfiguration() throws Exception {
    List<String> lines =
        new String(
                Thread.currentThread()
                    .getContextClassLoader()
                    .getResourceAsStream(
                        "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .lines()
            .toList();
    assertThat(lines).contains(NotifyAutoConfiguration.class.getName());
  }
}
