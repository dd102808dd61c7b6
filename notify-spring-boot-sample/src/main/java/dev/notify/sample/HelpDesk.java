package dev.notify.sample;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.Setting;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Directory;
import dev.notify.spi.InboxItem;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small help desk on Spring Boot with notify-spring-boot-starter: agents' settings, tickets
 * assigned in a transaction that also publishes, the context's workers delivering, metrics at
 * {@code /actuator/metrics/notify.*} and health at {@code /actuator/health}. The "email" transport
 * only logs and keeps what it sent ({@code GET /sent}). Run: {@code java -jar
 * notify-spring-boot-sample/target/notify-spring-boot-sample.jar}.
 */
@SpringBootApplication
public class HelpDesk {
  /** Starts the help desk. */
  public static void main(String[] args) {
    SpringApplication.run(HelpDesk.class, args);
  }

  /** The agents. */
  @Bean
  Directory directory() {
    LocalDate joined = LocalDate.of(2024, 1, 8);
    InMemoryDirectory d = new InMemoryDirectory().organizationCreatedOn(joined);
    for (String a : List.of("alice", "bob", "carol")) {
      d.putUser(new UserAccount(a, joined, a + "@helpdesk.example"));
    }
    return d;
  }

  /** Email that only logs: what it sent, for {@code GET /sent}. */
  @Bean
  LoggingEmail email() {
    return new LoggingEmail();
  }

  /** Logs each delivery's fate (every DeliveryObserver bean hears every event). */
  @Bean
  DeliveryObserver log() {
    return new DeliveryObserver() {
      @Override
      public void sent(Delivery d) {
        System.out.println("notify: sent " + d.id());
      }
    };
  }

  @Bean
  Tickets tickets(JdbcTemplate jdbc, Notifier notifier) {
    jdbc.execute(
        "CREATE TABLE IF NOT EXISTS tickets (id VARCHAR(64) PRIMARY KEY, assignee VARCHAR(64))");
    return new Tickets(jdbc, notifier);
  }

  /** An email transport that logs. */
  public static final class LoggingEmail implements Transport {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public Medium medium() {
      return Medium.EMAIL;
    }

    @Override
    public void deliver(Delivery d) {
      sent.add(d.id());
      System.out.println("email to " + d.recipient().id() + ": " + d.action().describe());
    }
  }

  /** Tickets: the row and its notification commit together or not at all. */
  public static class Tickets {
    private final JdbcTemplate jdbc;
    private final Notifier notifier;

    Tickets(JdbcTemplate jdbc, Notifier notifier) {
      this.jdbc = jdbc;
      this.notifier = notifier;
    }

    /** Assigns {@code id} to {@code assignee}; {@code fail} throws after both writes. */
    @Transactional
    public PublishResult assign(String id, String assignee, String by, boolean fail) {
      jdbc.update("INSERT INTO tickets (id, assignee) VALUES (?, ?)", id, assignee);
      PublishResult r =
          notifier.publish(
              new ConversationAssigned(id, Instant.now(), by, id, "customer-1", assignee));
      if (fail) {
        throw new IllegalStateException("ticket " + id + " failed after its writes: rolled back");
      }
      return r;
    }
  }

  /** The HTTP API. */
  @RestController
  static class Api {
    private final Tickets tickets;
    private final Notifier notifier;
    private final LoggingEmail email;

    Api(Tickets tickets, Notifier notifier, LoggingEmail email) {
      this.tickets = tickets;
      this.notifier = notifier;
      this.email = email;
    }

    /** {@code {"id":"t-1","assignee":"carol","by":"bob","fail":false}}. */
    @PostMapping("/tickets")
    Map<String, Object> assign(@RequestBody Map<String, Object> t) {
      PublishResult r =
          tickets.assign(
              String.valueOf(t.get("id")),
              String.valueOf(t.get("assignee")),
              String.valueOf(t.getOrDefault("by", "bob")),
              Boolean.TRUE.equals(t.get("fail")));
      return Map.of(
          "inApp", r.inApp().stream().map(Delivery::id).toList(),
          "queued", r.enqueued().stream().map(Delivery::id).toList());
    }

    @GetMapping("/inbox/{agent}")
    List<Map<String, Object>> inbox(@PathVariable("agent") String agent) {
      return notifier.inbox().page(agent, 0, 50).stream()
          .map(
              (InboxItem i) ->
                  Map.<String, Object>of(
                      "id", i.id(), "text", i.text(), "read", i.read(), "why", i.reason()))
          .toList();
    }

    /** Sets one option's frequency for one medium: {@code ALWAYS}, {@code NEVER}, … */
    @PutMapping("/settings/{agent}/{option}/{medium}")
    Map<String, Object> set(
        @PathVariable("agent") String agent,
        @PathVariable("option") String option,
        @PathVariable("medium") String medium,
        @RequestBody String frequency) {
      notifier.editSettings(
          agent,
          e -> e.set(Setting.of(option, Medium.of(medium), Frequency.valueOf(frequency.trim()))));
      return Map.of(
          "agent", agent, "option", option, "medium", medium, "frequency", frequency.trim());
    }

    @GetMapping("/sent")
    List<String> sent() {
      return email.sent;
    }
  }
}
