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
            .settings(stores.settings())
            .inbox(stores.inbox())
            .outbox(stores.outbox())
            .actions(stores.actions()) // a reused action id is caught across instances
            .digests(stores.digests()) // emails waiting for their digest, safe in the database
            .presence(stores.presence()) // logIn / heartbeat / logOut from your web tier
            .transport(emailTransport)
            .build();
    // README:jdbc:end
    return notifier;
  }
}
