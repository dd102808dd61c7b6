package dev.notify.examples.adapters;

import dev.notify.jdbc.JdbcStores;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Directory;
import dev.notify.spi.Transport;
import javax.sql.DataSource;

/** README's "Persistence and several instances": the stores on a database; a test runs it on H2. */
public final class JdbcWiringExample {
  private JdbcWiringExample() {}

  /** A notifier whose stores live in the database behind {@code dataSource}. */
  public static Notifier wire(
      DataSource dataSource, Directory directory, Transport emailTransport) {
    // README:jdbc:begin
    JdbcStores stores = JdbcStores.builder(dataSource).build(); // detects the dialect, migrates
    Notifier notifier =
        Notifier.builder()
            .directory(directory)
            .stores(stores) // settings, inbox, outbox, action log, digest book, timings, presence
            .transport(emailTransport)
            .build();
    // README:jdbc:end
    return notifier;
  }
}
