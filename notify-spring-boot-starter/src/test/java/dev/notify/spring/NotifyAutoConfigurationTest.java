package dev.notify.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.micrometer.NotifierMetrics;
import dev.notify.micrometer.NotifyObservations;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.spi.Delivery;
import dev.notify.spi.Directory;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each condition of the auto-configuration, with Spring Boot's context runner. */
class NotifyAutoConfigurationTest {
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);

  static Directory directory() {
    return new InMemoryDirectory()
        .organizationCreatedOn(OLD)
        .putUser(new UserAccount("carol", OLD, "carol@example.test"))
        .putUser(new UserAccount("bob", OLD, "bob@example.test"));
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(NotifyAutoConfiguration.class))
          .withBean(Directory.class, NotifyAutoConfigurationTest::directory);

  private final ApplicationContextRunner withH2 =
      runner
          .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
          .withPropertyValues(
              "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

  private static PublishResult assign(Notifier n, String id) {
    return n.publish(new ConversationAssigned(id, Instant.now(), "bob", "k", "c", "carol"));
  }

  @Test
  void withNoDataSource_theStoresAreInMemory_andTheWorkersRun() {
    runner.run(
        c -> {
          assertThat(c).hasSingleBean(Notifier.class).doesNotHaveBean(JdbcStores.class);
          assertThat(c.getBean(NotifyWorkers.class).isRunning()).isTrue();
          assertThat(c).hasSingleBean(NotifyHealthIndicator.class);
          assertThat(assign(c.getBean(Notifier.class), "a1").inApp()).hasSize(1);
        });
  }

  @Test
  void withADataSource_theStoresAreOnIt_migrated() {
    withH2.run(
        c -> {
          assertThat(c).hasSingleBean(JdbcStores.class);
          assertThat(tables(c.getBean(DataSource.class))).contains("NOTIFY_OUTBOX");
          assertThat(assign(c.getBean(Notifier.class), "a1").inApp()).hasSize(1);
          assertThat(c.getBean(JdbcStores.class).inbox().unreadCount("carol")).isEqualTo(1);
        });
  }

  @Test
  void theHealthIsDown_whenTheDatabaseCannotBeRead() {
    withH2.run(
        c -> {
          NotifyHealthIndicator health = c.getBean(NotifyHealthIndicator.class);
          assertThat(health.health().getStatus()).isEqualTo(Status.UP);
          try (Connection conn = c.getBean(DataSource.class).getConnection();
              Statement st = conn.createStatement()) {
            st.execute("DROP ALL OBJECTS"); // the database lost notify's tables
          }
          assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
          assertThat(health.health().getDetails()).containsKey("error");
        });
  }

  @Test
  void withMigrationsOff_noTableIsMade_andAMissingSchemaFailsTheStartClearly() {
    withH2
        .withPropertyValues("notify.jdbc.migrate=false", "notify.jdbc.table-prefix=app_")
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("app_");
            });
  }

  @Test
  void jdbcOff_keepsTheStoresInMemory() {
    withH2
        .withPropertyValues("notify.jdbc.enabled=false")
        .run(c -> assertThat(c).doesNotHaveBean(JdbcStores.class).hasSingleBean(Notifier.class));
  }

  @Test
  void workersOff_startsNone() {
    runner
        .withPropertyValues("notify.workers.enabled=false")
        .run(c -> assertThat(c).doesNotHaveBean(NotifyWorkers.class).hasSingleBean(Notifier.class));
  }

  @Test
  void theApplicationsOwnNotifier_winsOverOurs() {
    Notifier own = Notifier.builder().directory(directory()).build();
    runner
        .withBean("myNotifier", Notifier.class, () -> own)
        .run(c -> assertThat(c.getBean(Notifier.class)).isSameAs(own));
  }

  @Test
  void withoutADirectory_theStartFailsNamingIt() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(NotifyAutoConfiguration.class))
        .run(
            c -> {
              assertThat(c).hasFailed();
              assertThat(c.getStartupFailure()).hasStackTraceContaining(Directory.class.getName());
            });
  }

  @Test
  void transportBeansAndEmailProperties_areTheNotifiersTransports() {
    RecordingTransport email = new RecordingTransport(Medium.EMAIL);
    runner
        .withBean(RecordingTransport.class, () -> email)
        .run(
            c -> {
              Notifier n = c.getBean(Notifier.class);
              assertThat(assign(n, "a1").enqueued())
                  .extracting(Delivery::id)
                  .containsExactly("a1/carol/email");
            });
    runner
        .withPropertyValues(
            "notify.email.from=desk@example.test",
            "notify.email.smtp.host=127.0.0.1",
            "notify.email.smtp.port=2525",
            "notify.email.smtp.security=NONE")
        .run(c -> assertThat(assign(c.getBean(Notifier.class), "a1").enqueued()).hasSize(1));
    runner.run(
        c ->
            assertThat(assign(c.getBean(Notifier.class), "a1").enqueued())
                .as("no email")
                .isEmpty());
    runner
        .withPropertyValues("notify.email.from=not an address")
        .run(c -> assertThat(c).hasFailed());
  }

  @Test
  void withAMeterRegistry_publishAndDeliveryAreMeasured() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            c -> {
              assertThat(c)
                  .hasSingleBean(NotifyObservations.class)
                  .hasSingleBean(NotifierMetrics.class);
              MeterRegistry meters = c.getBean(MeterRegistry.class);
              c.getBean(NotifierMetrics.class).bindTo(meters);
              assign(c.getBean(Notifier.class), "a1");
              assertThat(meters.get("notify.publish").timer().count()).isEqualTo(1);
              assertThat(meters.get("notify.outbox.entries").tag("state", "due").gauge())
                  .isNotNull();
            });
    runner.run(c -> assertThat(c).doesNotHaveBean(NotifyObservations.class));
  }

  @Test
  void propertiesReachTheNotifier_andABadOneFailsTheStart() {
    runner
        .withPropertyValues(
            "notify.urgent=note.mentioned",
            "notify.lease=PT10M",
            "notify.attempt-timeout=PT20S",
            "notify.retry.max-attempts=3")
        .run(
            c -> {
              assertThat(c).hasNotFailed();
              Notifier n = c.getBean(Notifier.class);
              assertThat(n.lease()).isEqualTo(Duration.ofMinutes(10));
              assertThat(n.attemptTimeout()).isEqualTo(Duration.ofSeconds(20));
            });
    runner.withPropertyValues("notify.urgent=no.such.option").run(c -> assertThat(c).hasFailed());
    runner.withPropertyValues("notify.lease=PT1S").run(c -> assertThat(c).hasFailed());
  }

  @Test
  void withoutNotifyJdbcOrActuatorOrMicrometer_thoseBeansAreLeftOut() {
    withH2
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(
            new FilteredClassLoader(
                JdbcStores.class, AbstractHealthIndicator.class, NotifyObservations.class))
        .run(
            c -> {
              assertThat(c).hasNotFailed().hasSingleBean(Notifier.class);
              assertThat(c)
                  .doesNotHaveBean(JdbcStores.class)
                  .doesNotHaveBean(NotifyHealthIndicator.class)
                  .doesNotHaveBean(NotifyObservations.class);
            });
  }

  @Test
  void thePropertiesMetadata_isGenerated_forIdeCompletion() throws Exception {
    String json;
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the configuration processor's output").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    JsonNode props = new ObjectMapper().readTree(json).get("properties");
    Map<String, String> described = new HashMap<>();
    props.forEach(p -> described.put(p.get("name").asText(), p.path("description").asText()));
    assertThat(described)
        .containsKeys(
            "notify.jdbc.migrate",
            "notify.jdbc.table-prefix",
            "notify.workers.threads",
            "notify.lease",
            "notify.retry.max-attempts",
            "notify.email.smtp.host",
            "notify.health.max-due-age");
    assertThat(described.get("notify.jdbc.migrate")).contains("Flyway");
  }

  static List<String> tables(DataSource ds) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT));
      }
    }
    return out;
  }
}
