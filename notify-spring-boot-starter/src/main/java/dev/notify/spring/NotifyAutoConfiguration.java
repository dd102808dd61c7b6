package dev.notify.spring;

import dev.notify.catalog.Medium;
import dev.notify.jdbc.JdbcStores;
import dev.notify.micrometer.NotifierMetrics;
import dev.notify.micrometer.NotifyObservations;
import dev.notify.pipeline.Instrumentation;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.NotifierBuilder;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.pipeline.Transports;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Directory;
import dev.notify.spi.InAppListener;
import dev.notify.spi.PresenceProvider;
import dev.notify.spi.Stores;
import dev.notify.spi.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * A {@link Notifier} from the context's beans and {@code notify.*} properties, unless the
 * application defines its own.
 *
 * <ul>
 *   <li>The application gives a {@link Directory} bean (required) and may give a {@link
 *       PresenceProvider} (else presence comes from the stores).
 *   <li>With notify-jdbc and a single {@link DataSource}: {@link JdbcStores} on it ({@code
 *       notify.jdbc.*}; migrations on unless {@code notify.jdbc.migrate=false}), joining the
 *       calling thread's Spring transaction. Otherwise the in-memory stores.
 *   <li>Transports: every {@link Transport} bean, and email from {@code notify.email.*} when
 *       notify-email is there. Every {@link DeliveryObserver} bean hears every event; an {@link
 *       InAppListener} bean is told of in-app notifications; {@link NotifierBuilderCustomizer}
 *       beans change the rest.
 *   <li>Workers ({@link NotifyWorkers}) start and stop with the context ({@code notify.workers.*});
 *       a health indicator when Actuator is there; Micrometer metrics and observations when
 *       Micrometer and a {@link MeterRegistry} are.
 * </ul>
 *
 * @since 0.3.0
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"
    })
@ConditionalOnClass(Notifier.class)
@EnableConfigurationProperties(NotifyProperties.class)
public class NotifyAutoConfiguration {
  /** The stores on the application's DataSource. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({JdbcStores.class, DataSourceUtils.class})
  @ConditionalOnSingleCandidate(DataSource.class)
  @ConditionalOnProperty(name = "notify.jdbc.enabled", matchIfMissing = true)
  static class Jdbc {
    @Bean
    @ConditionalOnMissingBean(Stores.class)
    JdbcStores notifyStores(DataSource dataSource, NotifyProperties properties) {
      NotifyProperties.Jdbc p = properties.getJdbc();
      return JdbcStores.builder(dataSource)
          .tablePrefix(p.getTablePrefix())
          .migrate(p.isMigrate())
          .queryTimeout(p.getQueryTimeout())
          .hostTransactions(new SpringTransactions(dataSource))
          .build();
    }
  }

  /** Micrometer's observations and counters around the notifier. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({NotifyObservations.class, MeterRegistry.class})
  static class Metrics {
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    NotifyObservations notifyObservations(
        MeterRegistry meters, ObjectProvider<ObservationRegistry> observations) {
      ObservationRegistry registry = observations.getIfAvailable();
      return registry == null
          ? NotifyObservations.of(meters)
          : new NotifyObservations(meters, registry);
    }

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    NotifierMetrics notifyMetrics(Notifier notifier) {
      return new NotifierMetrics(notifier); // a MeterBinder: Boot binds it to every registry
    }
  }

  /** The notifier. */
  @Bean
  @ConditionalOnMissingBean
  Notifier notifier(
      NotifyProperties properties,
      Directory directory,
      ObjectProvider<Stores> stores,
      ObjectProvider<PresenceProvider> presence,
      ObjectProvider<Transport> transports,
      ObjectProvider<DeliveryObserver> observers,
      ObjectProvider<InAppListener> listener,
      ObjectProvider<Instrumentation> instrumentation,
      ObjectProvider<NotifierBuilderCustomizer> customizers) {
    NotifierBuilder b = Notifier.builder().directory(directory);
    stores.ifAvailable(b::stores);
    presence.ifAvailable(b::presence);
    transports.orderedStream().forEach(b::transport);
    email(properties.getEmail()).ifPresent(b::transport);
    List<DeliveryObserver> all = observers.orderedStream().toList();
    if (!all.isEmpty()) {
      b.observer(all.size() == 1 ? all.get(0) : DeliveryObserver.all(all));
    }
    List<Instrumentation> around = instrumentation.orderedStream().toList();
    if (around.size() > 1) {
      throw new IllegalStateException(
          "notify takes one Instrumentation bean, found " + around.size() + ": " + around);
    }
    around.forEach(b::instrumentation);
    listener.ifAvailable(b::inAppListener);
    NotifyProperties.Retry r = properties.getRetry();
    if (r.getMaxAttempts() != null || r.getBaseDelay() != null || r.getMaxDelay() != null) {
      RetryPolicy d = RetryPolicy.ofDefaults();
      Integer attempts = r.getMaxAttempts();
      Duration base = r.getBaseDelay();
      Duration max = r.getMaxDelay();
      b.retry(
          new RetryPolicy(
              attempts == null ? d.maxAttempts() : attempts,
              base == null ? d.baseDelay() : base,
              max == null ? d.maxDelay() : max));
    }
    Duration lease = properties.getLease();
    if (lease != null) {
      b.lease(lease);
    }
    Duration attempt = properties.getAttemptTimeout();
    if (attempt != null) {
      b.attemptTimeout(attempt);
    }
    if (!properties.getUrgent().isEmpty()) {
      b.urgent(new LinkedHashSet<>(properties.getUrgent()));
    }
    NotifyProperties.Retention keep = properties.getRetention();
    Optional.ofNullable(keep.getInbox()).ifPresent(b::inboxRetention);
    Optional.ofNullable(keep.getOutbox()).ifPresent(b::outboxRetention);
    Optional.ofNullable(keep.getDeadLetters()).ifPresent(b::deadLetterRetention);
    Optional.ofNullable(keep.getHistory()).ifPresent(b::historyRetention);
    customizers.orderedStream().forEach(c -> c.customize(b));
    return b.build();
  }

  /** The email transport of {@code notify.email.*}, through notify-email's provider. */
  private static Optional<Transport> email(NotifyProperties.Email e) {
    String from = e.getFrom();
    if (from == null) {
      return Optional.empty();
    }
    Map<String, String> p = new HashMap<>();
    p.put("notify.email.from", from);
    p.put("notify.email.product", e.getProduct());
    NotifyProperties.Email.Smtp smtp = e.getSmtp();
    putIfSet(p, "notify.email.smtp.host", smtp.getHost());
    p.put("notify.email.smtp.port", String.valueOf(smtp.getPort()));
    p.put("notify.email.smtp.security", smtp.getSecurity());
    putIfSet(p, "notify.email.smtp.username", smtp.getUsername());
    putIfSet(p, "notify.email.smtp.password", smtp.getPassword());
    putIfSet(p, "notify.email.postmark.token", e.getPostmark().getToken());
    putIfSet(p, "notify.email.postmark.url", e.getPostmark().getUrl());
    Transports.Discovery found =
        Transports.discover(p, NotifyAutoConfiguration.class.getClassLoader());
    if (!found.failures().isEmpty()) {
      throw new IllegalStateException("notify.email: " + String.join("; ", found.failures()));
    }
    Transport email =
        found.transports().stream()
            .filter(t -> t.medium().equals(Medium.EMAIL))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "notify.email.from is set but notify-email is not on the class path"));
    return Optional.of(email);
  }

  private static void putIfSet(Map<String, String> p, String key, @Nullable String value) {
    if (value != null) {
      p.put(key, value);
    }
  }

  /** The workers, started and stopped with the context. */
  @Bean
  @ConditionalOnProperty(name = "notify.workers.enabled", matchIfMissing = true)
  @ConditionalOnMissingBean
  NotifyWorkers notifyWorkers(Notifier notifier, NotifyProperties properties, Environment env) {
    Duration phase =
        env.getProperty(
            "spring.lifecycle.timeout-per-shutdown-phase", Duration.class, Duration.ofSeconds(30));
    // A little less than the phase's time, so the workers' own wait ends first and says so.
    Duration shutdown = phase.compareTo(Duration.ofSeconds(2)) > 0 ? phase.minusSeconds(1) : phase;
    return new NotifyWorkers(
        notifier,
        properties.getWorkers().getThreads(),
        properties.getWorkers().getIdle(),
        shutdown);
  }

  /** The health indicator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.health.AbstractHealthIndicator")
  static class HealthConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "notifyHealthIndicator")
    NotifyHealthIndicator notifyHealthIndicator(
        Notifier notifier, ObjectProvider<NotifyWorkers> workers, NotifyProperties properties) {
      return new NotifyHealthIndicator(
          notifier,
          Optional.ofNullable(workers.getIfAvailable()),
          properties.getHealth().getMaxDueAge());
    }
  }
}
