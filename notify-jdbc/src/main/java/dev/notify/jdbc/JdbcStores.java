package dev.notify.jdbc;

import dev.notify.catalog.Catalog;
import dev.notify.spi.ActionLog;
import dev.notify.spi.DigestBook;
import dev.notify.spi.InboxStore;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.PushSubscriptions;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.Stores;
import dev.notify.spi.TimingStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * notify's stores on a relational database (PostgreSQL 15+ or H2 2.x) through the host's {@link
 * DataSource}: settings with optimistic versions, the inbox, the outbox with dead letters, the
 * action log, the digest book, and presence shared by every instance.
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.builder(dataSource).build(); // migrates the schema
 * Notifier notifier = Notifier.builder()
 *     .directory(directory)
 *     .stores(stores) // every store at once
 *     .build();
 * }</pre>
 *
 * <p><b>Connections:</b> each operation takes a connection from the data source and gives it back
 * (bring a pool); inside {@link #inTransaction} the stores use the host's connection instead and
 * the host commits. <b>Time:</b> instants are stored as nanoseconds since the epoch, so session
 * time zones never matter. Thread-safe.
 *
 * @since 0.2.0
 */
public final class JdbcStores implements Stores {
  private final Sql sql;
  private final Dialect dialect;
  private final String prefix;
  private final JdbcSettingsStore settings;
  private final JdbcOrganizationStore organizations;
  private final JdbcInboxStore inbox;
  private final JdbcOutbox outbox;
  private final JdbcPresence presence;
  private final JdbcActionLog actions;
  private final JdbcDigestBook digests;
  private final JdbcTimingStore timings;
  private final JdbcPushSubscriptions pushSubscriptions;
  private final Catalog catalog;

  private JdbcStores(Builder b, Dialect dialect) {
    this.sql = new Sql(b.dataSource, (int) b.queryTimeout.toSeconds(), b.joined);
    this.dialect = dialect;
    this.prefix = b.prefix;
    this.catalog = b.catalog;
    this.settings = new JdbcSettingsStore(sql, dialect, prefix, b.catalog);
    this.organizations = new JdbcOrganizationStore(sql, dialect, prefix);
    this.inbox = new JdbcInboxStore(sql, dialect, prefix);
    this.outbox = new JdbcOutbox(sql, dialect, prefix, b.catalog, b.history, b.distributed);
    this.presence = new JdbcPresence(sql, dialect, prefix, b.clock, b.sessionTimeout);
    this.actions = new JdbcActionLog(sql, dialect, prefix);
    this.digests = new JdbcDigestBook(sql, dialect, prefix, b.catalog);
    this.timings = new JdbcTimingStore(sql, dialect, prefix);
    this.pushSubscriptions = new JdbcPushSubscriptions(sql, dialect, prefix);
  }

  /** A builder over {@code dataSource}; see its javadoc for the defaults. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The settings store. */
  @Override
  public SettingsStore settings() {
    return settings;
  }

  /**
   * Organisations' default tables and locks (give it to {@code NotifierBuilder.organization}).
   *
   * @since 0.3.0
   */
  public OrganizationStore organizations() {
    return organizations;
  }

  /**
   * Users' Web Push subscriptions, for notify-webpush's transport.
   *
   * @since 0.3.0
   */
  public PushSubscriptions pushSubscriptions() {
    return pushSubscriptions;
  }

  /**
   * Users' timings, kept by notify (read when the notifier is given no {@code TimingProvider}).
   *
   * @since 0.3.0
   */
  @Override
  public TimingStore timings() {
    return timings;
  }

  /** The inbox store. */
  @Override
  public InboxStore inbox() {
    return inbox;
  }

  /** The outbox, shared by every instance's workers. */
  @Override
  public Outbox outbox() {
    return outbox;
  }

  /** Presence shared by every instance: sessions with heartbeats and an inactivity time-out. */
  @Override
  public JdbcPresence presence() {
    return presence;
  }

  /**
   * Which action each action id stood for, shared by every instance (give it to {@code
   * NotifierBuilder.actions}).
   *
   * @since 0.2.0
   */
  @Override
  public ActionLog actions() {
    return actions;
  }

  /**
   * The digest book (give it to {@code NotifierBuilder.digests}): the emails the workers combine
   * into digests wait here, shared by every instance.
   *
   * @since 0.2.0
   */
  @Override
  public DigestBook digests() {
    return digests;
  }

  /** The catalog these stores read settings and deliveries against (the engine's must be it). */
  @Override
  public Optional<Catalog> catalog() {
    return Optional.of(catalog);
  }

  /**
   * Runs {@code work} — one publish — on one connection in one transaction, committed when it
   * returns and rolled back when it throws; inside the host's transaction ({@link #inTransaction}
   * or a framework's, {@link Builder#hostTransactions}) it joins that one and commits nothing. A
   * publish on PostgreSQL then takes one commit and about half the round trips of a transaction per
   * store call.
   *
   * @throws JdbcStoreException when the connection cannot be had or the commit fails (nothing of
   *     {@code work} was kept)
   */
  @Override
  public <T> T atomically(Supplier<T> work) {
    Objects.requireNonNull(work, "work cannot be null");
    for (int attempt = 1; ; attempt++) {
      try {
        return sql.unit("publish", work);
      } catch (JdbcStoreException e) {
        // H2: a row another publish of the same action inserted meanwhile fails the statement;
        // once that publish committed, the same work finds its rows and adds the rest (PostgreSQL
        // skips such rows in the statement itself). In the host's transaction the host retries.
        if (attempt == 5
            || dialect.takesArrays()
            || Sql.host() != null
            || !Dialect.duplicateKey(e)) {
          throw e;
        }
      }
    }
  }

  /** The database's dialect. */
  public Dialect dialect() {
    return dialect;
  }

  /** The migrations of this schema (for {@link Migrations#script()}). */
  public Migrations migrations() {
    return Migrations.of(dialect, prefix);
  }

  /**
   * Runs {@code work} — a publish, say — with every store on the host's {@code connection}, inside
   * the host's transaction: the notifications commit or roll back with the host's own writes, and
   * workers never see an entry of a transaction that rolled back. The host commits; the stores
   * never commit, roll back or close this connection.
   */
  public static <T> T inTransaction(Connection connection, Supplier<T> work) {
    Objects.requireNonNull(connection, "connection cannot be null");
    Objects.requireNonNull(work, "work cannot be null");
    Connection previous = Sql.host();
    Sql.bind(connection);
    try {
      return work.get();
    } finally {
      Sql.bind(previous);
    }
  }

  /**
   * Builds {@link JdbcStores}. Defaults: the standard catalog (to read stored settings and
   * deliveries back), table prefix {@code notify_}, the schema migrated on {@link #build()}, the
   * UTC system clock and a 30-minute session time-out for presence. Not thread-safe.
   */
  public static final class Builder {
    private final DataSource dataSource;
    private Catalog catalog = Catalog.standard();
    private String prefix = "notify_";
    private boolean migrate = true;
    private boolean history = true;
    private boolean distributed;
    private Duration queryTimeout = Duration.ofSeconds(10);
    private Clock clock = Clock.systemUTC();
    private Duration sessionTimeout = Duration.ofMinutes(30);
    private HostTransactions joined = HostTransactions.NONE;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
    }

    /** The catalog stored settings and deliveries are read against (the engine's). */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog cannot be null");
      return this;
    }

    /** The prefix of every table name: lower-case letters, digits and {@code _}. */
    public Builder tablePrefix(String prefix) {
      Migrations.of(Dialect.H2, prefix); // validates
      this.prefix = prefix;
      return this;
    }

    /** Whether {@link #build()} migrates the schema; {@code false} for hosts that migrate it. */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Whether the outbox keeps the delivery history (on by default): each change of an entry also
     * writes a row of table {@code history} in its transaction. Off, {@code Outbox.history()} is
     * {@code DeliveryHistory.NONE} and a publish writes half the rows (measured on PostgreSQL: a
     * 5,000-email fan-out took 145 ms before the history existed, 214 ms with it).
     *
     * @since 0.3.0
     */
    public Builder history(boolean keep) {
      this.history = keep;
      return this;
    }

    /**
     * Whether the tables are distributed across nodes by their keys (Citus, see {@code
     * docs/scaling.md}); off by default. Distributed, every statement of a claim or a completion
     * names one bucket of the outbox, so that it runs on one shard: a claim first reads which
     * buckets hold due entries, then claims in them one at a time. In one database (the default) a
     * worker claims its batch, and completes it, in one statement each, across buckets. Either way
     * the rows and their meaning are the same: the setting can change between two starts.
     *
     * @since 0.3.0
     */
    public Builder distributed(boolean distributed) {
      this.distributed = distributed;
      return this;
    }

    /** The clock of presence heartbeats. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock cannot be null");
      return this;
    }

    /** How long a session lives without a heartbeat before its user counts as timed out. */
    public Builder sessionTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout cannot be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, got " + timeout);
      }
      this.sessionTimeout = timeout;
      return this;
    }

    /**
     * How long one statement may run before the driver cancels it and the call fails with a {@link
     * JdbcStoreException} saying it timed out: a frozen database holds a publish or a worker this
     * long at most. 10 s by default; whole seconds (JDBC's unit), 1 s to 10 minutes.
     */
    public Builder queryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout cannot be null");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0
          || timeout.compareTo(Duration.ofMinutes(10)) > 0
          || timeout.toNanos() % 1_000_000_000L != 0) {
        throw new IllegalArgumentException(
            "queryTimeout must be whole seconds from 1 s to 10 minutes, got " + timeout);
      }
      this.queryTimeout = timeout;
      return this;
    }

    /**
     * The transactions of the host's framework that the stores join by themselves (a Spring
     * {@code @Transactional} publish); {@link HostTransactions#NONE} by default: only {@link
     * JdbcStores#inTransaction} is joined.
     *
     * @since 0.3.0
     */
    public Builder hostTransactions(HostTransactions transactions) {
      this.joined = Objects.requireNonNull(transactions, "transactions cannot be null");
      return this;
    }

    /**
     * Detects the dialect, migrates the schema unless told not to, and builds the stores.
     *
     * <p>On an H2 database kept in files, it sets {@code WRITE_DELAY 0}: by default H2 acknowledges
     * a commit up to half a second before it writes it, so a process killed then loses publishes
     * that had returned. The setting lasts while the database is open; put {@code ;WRITE_DELAY=0}
     * in the URL as well so that it holds whenever H2 opens the files.
     *
     * @throws JdbcStoreException when the database cannot be reached, is not supported, or its
     *     schema is newer than this library; with migrations off, when the schema is missing or
     *     older than this library's
     */
    public JdbcStores build() {
      try (Connection c = dataSource.getConnection()) {
        Dialect dialect = Dialect.of(c);
        if (dialect == Dialect.H2) {
          durable(c);
        }
        Migrations m = Migrations.of(dialect, prefix);
        if (migrate) {
          m.migrate(c);
        } else {
          m.verify(c); // migrated by the host (Flyway, Liquibase): refuse a schema that is not
        }
        return new JdbcStores(this, dialect);
      } catch (SQLException e) {
        throw new JdbcStoreException("open the stores", e);
      }
    }

    /** Makes an H2 database in files write each commit before acknowledging it. */
    private static void durable(Connection c) throws SQLException {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT DATABASE_PATH()")) {
        rs.next();
        if (rs.getString(1) == null) {
          return; // in memory: nothing survives the process anyway
        }
      }
      try (Statement st = c.createStatement()) {
        st.execute("SET WRITE_DELAY 0");
      } catch (SQLException e) {
        throw new JdbcStoreException(
            "make H2 keep what it acknowledged: SET WRITE_DELAY 0 was refused ("
                + e.getMessage()
                + "); connect as an admin, or add ;WRITE_DELAY=0 to the database URL (without"
                + " it H2 acknowledges commits up to 500 ms before writing them, and a crash loses"
                + " publishes that had returned)");
      }
    }
  }
}
