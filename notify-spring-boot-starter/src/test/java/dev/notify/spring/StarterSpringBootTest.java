package dev.notify.spring;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.jdbc.JdbcStores;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Delivery;
import dev.notify.spi.HistoryEvent;
import dev.notify.testing.RecordingTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter in a Spring Boot application, on H2 and on embedded PostgreSQL: a publish inside
 * {@code @Transactional} commits or rolls back with the application's own row; the context's
 * workers deliver; the health indicator follows the workers; metrics and observations appear.
 */
class StarterSpringBootTest {
  abstract static class Kit {
    @Autowired HelpDeskApp.Desk desk;
    @Autowired Notifier notifier;
    @Autowired JdbcStores stores;
    @Autowired RecordingTransport email;
    @Autowired JdbcTemplate jdbc;
    @Autowired NotifyWorkers workers;
    @Autowired NotifyHealthIndicator health;
    @Autowired MeterRegistry meters;
    @Autowired TestObservationRegistry observations;
    @Autowired DataSourceProperties dataSourceProperties;

    static void await(String what, BooleanSupplier done) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (!done.getAsBoolean()) {
        assertThat(System.nanoTime()).as("not within a minute: %s", what).isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    @Test
    void aRolledBackPublish_leavesNothing_aCommittedOneIsDeliveredByTheWorkers() throws Exception {
      String failed = "t-" + UUID.randomUUID();
      assertThatThrownBy(() -> desk.assign(failed, "carol", true))
          .isInstanceOf(IllegalStateException.class);
      assertThat(
              jdbc.queryForObject(
                  "SELECT COUNT(*) FROM tickets WHERE id = ?", Integer.class, failed))
          .isZero();
      assertThat(stores.inbox().find("carol", failed + "/carol/in_app"))
          .as("no inbox item")
          .isEmpty();
      assertThat(notifier.history().ofAction(failed)).as("no outbox entry").isEmpty();

      String kept = "t-" + UUID.randomUUID();
      desk.assign(kept, "carol", false);
      await(
          "the context's workers deliver it",
          () -> email.delivered().stream().anyMatch(d -> d.id().equals(kept + "/carol/email")));
      assertThat(stores.inbox().find("carol", kept + "/carol/in_app")).isPresent();
      Thread.sleep(300); // long enough for a rolled-back entry to be seen, were there one
      assertThat(email.delivered()).extracting(Delivery::id).noneMatch(id -> id.startsWith(failed));
    }

    @Test
    void theHealthFollowsTheWorkers_andMetricsAndObservationsAppear() throws Exception {
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);
      // The pool dies behind the lifecycle's back: DOWN; a restart brings it back: UP.
      workers.pool().close(Duration.ofMinutes(1));
      assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.health().getDetails()).containsEntry("reason", "the delivery workers died");
      workers.stop();
      workers.start();
      assertThat(health.health().getStatus()).isEqualTo(Status.UP);

      String id = "t-" + UUID.randomUUID();
      desk.assign(id, "carol", false);
      await(
          "delivered",
          () -> email.delivered().stream().anyMatch(d -> d.id().equals(id + "/carol/email")));
      assertThat(meters.get("notify.publish").timer().count()).isPositive();
      await(
          "the attempt's timer",
          () -> meters.find("notify.attempt").tag("outcome", "sent").timer() != null);
      assertThat(observations).hasObservationWithNameEqualTo("notify.publish");
      assertThat(observations)
          .hasObservationWithNameEqualTo("notify.attempt")
          .that()
          .hasLowCardinalityKeyValue("medium", "email");
    }

    @Test
    void closingTheContext_stopsTheWorkersGracefully_losingNothing() throws Exception {
      String url = dataSourceProperties.determineUrl();
      String user = dataSourceProperties.determineUsername();
      String password = dataSourceProperties.determinePassword();
      // A context of its own on the same database, closed here (the test's is Spring's to close).
      ConfigurableApplicationContext app =
          new SpringApplicationBuilder(HelpDeskApp.class)
              .properties(
                  "spring.datasource.url=" + url,
                  "spring.datasource.username=" + user,
                  "spring.datasource.password=" + (password == null ? "" : password),
                  "notify.workers.idle=PT0.1S",
                  "spring.main.banner-mode=off")
              .run();
      NotifyWorkers appWorkers = app.getBean(NotifyWorkers.class);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "c-" + UUID.randomUUID();
        ids.add(id);
        app.getBean(HelpDeskApp.Desk.class).assign(id, "carol", false);
      }
      app.close(); // the workers stop with the context, within its shutdown phase
      assertThat(appWorkers.isRunning()).isFalse();
      // The database as the next start finds it: nothing leased by a stopped worker, and every
      // email either sent or still waiting.
      JdbcStores after =
          JdbcStores.builder(new DriverManagerDataSource(url, user, password))
              .migrate(false)
              .build();
      assertThat(after.outbox().counts(Instant.now()).leased()).isZero();
      for (String id : ids) {
        List<HistoryEvent> events = after.outbox().history().of(id + "/carol/email");
        assertThat(events).as(id).isNotEmpty();
        assertThat(events.get(events.size() - 1).kind())
            .as(id)
            .isIn(HistoryEvent.Kind.SENT, HistoryEvent.Kind.QUEUED);
      }
    }
  }

  @Nested
  @DisplayName("on H2")
  @SpringBootTest(
      classes = HelpDeskApp.class,
      properties = {
        "spring.datasource.url=jdbc:h2:mem:starter;DB_CLOSE_DELAY=-1",
        "notify.workers.idle=PT0.1S"
      })
  class OnH2 extends Kit {}

  @Nested
  @DisplayName("on embedded PostgreSQL")
  @SpringBootTest(classes = HelpDeskApp.class, properties = "notify.workers.idle=PT0.1S")
  class OnPostgreSql extends Kit {
    @DynamicPropertySource
    static void database(DynamicPropertyRegistry r) {
      r.add("spring.datasource.url", () -> Pg.INSTANCE.getJdbcUrl("postgres", "postgres"));
    }
  }

  /** One embedded PostgreSQL for the class, started on first use. */
  static final class Pg {
    static final EmbeddedPostgres INSTANCE = start();

    private static EmbeddedPostgres start() {
      try {
        return EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    // The JVM ends after the tests; closing here keeps no server behind when it does not.
  }
}
