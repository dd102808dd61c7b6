package dev.notify.spring;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Directory;
import dev.notify.testing.RecordingTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Instant;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** A small help desk for the starter's tests: its own table, a service that publishes in it. */
@SpringBootConfiguration
@EnableAutoConfiguration
class HelpDeskApp {
  @Bean
  Directory directory() {
    return NotifyAutoConfigurationTest.directory();
  }

  @Bean
  RecordingTransport email() {
    return new RecordingTransport(Medium.EMAIL);
  }

  @Bean
  MeterRegistry meters() {
    return new SimpleMeterRegistry();
  }

  @Bean
  TestObservationRegistry observations(MeterRegistry meters) {
    TestObservationRegistry r = TestObservationRegistry.create();
    r.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return r;
  }

  @Bean
  Desk desk(JdbcTemplate jdbc, Notifier notifier) {
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS tickets (id VARCHAR(64) PRIMARY KEY, assignee VARCHAR(64))");
    return new Desk(jdbc, notifier);
  }

  /** Assigns tickets: its own row and the notification in one transaction. */
  static class Desk {
    private final JdbcTemplate jdbc;
    private final Notifier notifier;

    Desk(JdbcTemplate jdbc, Notifier notifier) {
      this.jdbc = jdbc;
      this.notifier = notifier;
    }

    @Transactional
    public void assign(String ticket, String to, boolean thenFail) {
      jdbc.update("INSERT INTO tickets (id, assignee) VALUES (?, ?)", ticket, to);
      notifier.publish(
          new ConversationAssigned(ticket, Instant.now(), "bob", ticket, "cust-1", to));
      if (thenFail) {
        throw new IllegalStateException("the ticket could not be saved after all");
      }
    }
  }
}
