package dev.notify.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code notify.*} properties of the starter. Unset durations keep the notifier's own defaults
 * (they fit together: the lease covers two attempts, the attempt the slowest transport). Bound and
 * validated by Spring at start; a bad value fails the context with the property's name.
 *
 * @since 0.3.0
 */
@ConfigurationProperties("notify")
public class NotifyProperties {
  /** Delivery workers: started and stopped with the application context. */
  private final Workers workers = new Workers();

  /** Retries of transient failures. */
  private final Retry retry = new Retry();

  /** How long what is kept is kept. */
  private final Retention retention = new Retention();

  /** The stores on the application's DataSource. */
  private final Jdbc jdbc = new Jdbc();

  /** Email, when notify-email is on the class path. */
  private final Email email = new Email();

  /** The health indicator. */
  private final Health health = new Health();

  /**
   * How long a worker holds what it claimed (at least twice the attempt timeout); unset: three
   * attempt timeouts, at least a minute.
   */
  private @Nullable Duration lease;

  /** How long one delivery attempt may take; unset: the slowest transport's deadline plus 5 s. */
  private @Nullable Duration attemptTimeout;

  /** Options that pass quiet hours and digests (ids of the catalog, e.g. note.mentioned). */
  private List<String> urgent = new ArrayList<>();

  public Workers getWorkers() {
    return workers;
  }

  public Retry getRetry() {
    return retry;
  }

  public Retention getRetention() {
    return retention;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Email getEmail() {
    return email;
  }

  public Health getHealth() {
    return health;
  }

  public @Nullable Duration getLease() {
    return lease;
  }

  public void setLease(@Nullable Duration lease) {
    this.lease = lease;
  }

  public @Nullable Duration getAttemptTimeout() {
    return attemptTimeout;
  }

  public void setAttemptTimeout(@Nullable Duration attemptTimeout) {
    this.attemptTimeout = attemptTimeout;
  }

  public List<String> getUrgent() {
    return urgent;
  }

  public void setUrgent(List<String> urgent) {
    this.urgent = urgent;
  }

  /** {@code notify.workers.*}. */
  public static class Workers {
    /** Whether the context starts delivery workers (false: another process delivers). */
    private boolean enabled = true;

    /** How many worker threads. */
    private int threads = 2;

    /** How long an idle worker waits before it looks for due entries again (publish wakes it). */
    private Duration idle = Duration.ofSeconds(1);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public int getThreads() {
      return threads;
    }

    public void setThreads(int threads) {
      this.threads = threads;
    }

    public Duration getIdle() {
      return idle;
    }

    public void setIdle(Duration idle) {
      this.idle = idle;
    }
  }

  /** {@code notify.retry.*}. */
  public static class Retry {
    /** Attempts in all, the first included; unset: the notifier's default policy. */
    private @Nullable Integer maxAttempts;

    /** The first backoff (doubled each time, jittered); unset: the default policy's. */
    private @Nullable Duration baseDelay;

    /** The longest backoff; unset: the default policy's. */
    private @Nullable Duration maxDelay;

    public @Nullable Integer getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(@Nullable Integer maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public @Nullable Duration getBaseDelay() {
      return baseDelay;
    }

    public void setBaseDelay(@Nullable Duration baseDelay) {
      this.baseDelay = baseDelay;
    }

    public @Nullable Duration getMaxDelay() {
      return maxDelay;
    }

    public void setMaxDelay(@Nullable Duration maxDelay) {
      this.maxDelay = maxDelay;
    }
  }

  /** {@code notify.retention.*}: unset keeps the notifier's defaults. */
  public static class Retention {
    /** In-app notifications. */
    private @Nullable Duration inbox;

    /** Delivered outbox entries. */
    private @Nullable Duration outbox;

    /** Dead letters. */
    private @Nullable Duration deadLetters;

    /** The delivery history. */
    private @Nullable Duration history;

    public @Nullable Duration getInbox() {
      return inbox;
    }

    public void setInbox(@Nullable Duration inbox) {
      this.inbox = inbox;
    }

    public @Nullable Duration getOutbox() {
      return outbox;
    }

    public void setOutbox(@Nullable Duration outbox) {
      this.outbox = outbox;
    }

    public @Nullable Duration getDeadLetters() {
      return deadLetters;
    }

    public void setDeadLetters(@Nullable Duration deadLetters) {
      this.deadLetters = deadLetters;
    }

    public @Nullable Duration getHistory() {
      return history;
    }

    public void setHistory(@Nullable Duration history) {
      this.history = history;
    }
  }

  /** {@code notify.jdbc.*}. */
  public static class Jdbc {
    /** Whether the stores live on the application's DataSource (else in memory). */
    private boolean enabled = true;

    /**
     * Whether the starter brings the schema up to date at start; false when Flyway or Liquibase
     * runs the shipped scripts (classpath:dev/notify/jdbc/sql/{h2,postgresql}).
     */
    private boolean migrate = true;

    /** The prefix of notify's table names. */
    private String tablePrefix = "notify_";

    /** How long one statement may run (whole seconds). */
    private Duration queryTimeout = Duration.ofSeconds(10);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isMigrate() {
      return migrate;
    }

    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    public Duration getQueryTimeout() {
      return queryTimeout;
    }

    public void setQueryTimeout(Duration queryTimeout) {
      this.queryTimeout = queryTimeout;
    }
  }

  /** {@code notify.email.*}: email is configured when {@code from} is set. */
  public static class Email {
    /** The sender's address, e.g. notifications@acme.example. */
    private @Nullable String from;

    /** The product's name in messages. */
    private String product = "notify";

    /** SMTP. */
    private final Smtp smtp = new Smtp();

    /** Or a Postmark-style HTTP API. */
    private final Postmark postmark = new Postmark();

    public @Nullable String getFrom() {
      return from;
    }

    public void setFrom(@Nullable String from) {
      this.from = from;
    }

    public String getProduct() {
      return product;
    }

    public void setProduct(String product) {
      this.product = product;
    }

    public Smtp getSmtp() {
      return smtp;
    }

    public Postmark getPostmark() {
      return postmark;
    }

    /** {@code notify.email.smtp.*}. */
    public static class Smtp {
      /** The server. */
      private @Nullable String host;

      /** Its port. */
      private int port = 587;

      /** NONE, STARTTLS or TLS. */
      private String security = "STARTTLS";

      /** The user name, if the server asks for one. */
      private @Nullable String username;

      /** The password. */
      private @Nullable String password;

      public @Nullable String getHost() {
        return host;
      }

      public void setHost(@Nullable String host) {
        this.host = host;
      }

      public int getPort() {
        return port;
      }

      public void setPort(int port) {
        this.port = port;
      }

      public String getSecurity() {
        return security;
      }

      public void setSecurity(String security) {
        this.security = security;
      }

      public @Nullable String getUsername() {
        return username;
      }

      public void setUsername(@Nullable String username) {
        this.username = username;
      }

      public @Nullable String getPassword() {
        return password;
      }

      public void setPassword(@Nullable String password) {
        this.password = password;
      }
    }

    /** {@code notify.email.postmark.*}. */
    public static class Postmark {
      /** The server token (then SMTP is not used). */
      private @Nullable String token;

      /** The API's base URL. */
      private @Nullable String url;

      public @Nullable String getToken() {
        return token;
      }

      public void setToken(@Nullable String token) {
        this.token = token;
      }

      public @Nullable String getUrl() {
        return url;
      }

      public void setUrl(@Nullable String url) {
        this.url = url;
      }
    }
  }

  /** {@code notify.health.*}. */
  public static class Health {
    /** The oldest due entry may wait this long before the indicator says DOWN. */
    private Duration maxDueAge = Duration.ofMinutes(5);

    public Duration getMaxDueAge() {
      return maxDueAge;
    }

    public void setMaxDueAge(Duration maxDueAge) {
      this.maxDueAge = maxDueAge;
    }
  }
}
