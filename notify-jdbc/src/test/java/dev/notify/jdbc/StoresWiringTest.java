package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.catalog.Catalog;
import dev.notify.engine.DecisionEngine;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryStores;
import dev.notify.pipeline.Notifier;
import dev.notify.settings.DefaultTable;
import org.junit.jupiter.api.Test;

/** The stores are wired in one call, and a durable outbox never sits beside in-memory stores. */
class StoresWiringTest {
  private final InMemoryDirectory directory = new InMemoryDirectory();

  @Test
  void aDurableOutboxBesideInMemoryStores_isRefused_namingThem() {
    JdbcStores db = Databases.stores(Databases.h2());
    assertThatThrownBy(() -> Notifier.builder().directory(directory).outbox(db.outbox()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the outbox is durable but settings, inbox, actions, digests are")
        .hasMessageContaining("stores(jdbcStores)");
    assertThatThrownBy(
            () ->
                Notifier.builder()
                    .directory(directory)
                    .stores(db)
                    .digests(new InMemoryStores().digests())
                    .build())
        .hasMessageContaining("the outbox is durable but digests is in memory");
    Notifier n = Notifier.builder().directory(directory).stores(db).build();
    assertThat(n.outbox()).isSameAs(db.outbox());
    assertThat(n.inbox()).isSameAs(db.inbox());
    assertThat(
            Notifier.builder()
                .directory(directory)
                .outbox(db.outbox())
                .allowMixedDurability()
                .build())
        .isNotNull();
    assertThat(Notifier.builder().directory(directory).stores(new InMemoryStores()).build())
        .isNotNull();
  }

  @Test
  void storesOfAnotherCatalog_areRefused_sayingWhereToGiveIt() {
    Catalog custom = Catalog.standard().toBuilder().build();
    JdbcStores db = JdbcStores.builder(Databases.h2()).tablePrefix(Databases.freshPrefix()).build();
    assertThatThrownBy(
            () ->
                Notifier.builder()
                    .directory(directory)
                    .engine(DecisionEngine.create(custom, DefaultTable.standard()))
                    .stores(db)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(JdbcStores) read settings and deliveries against another catalog")
        .hasMessageContaining("JdbcStores.builder(dataSource).catalog(engine.catalog())");
    JdbcStores same =
        JdbcStores.builder(Databases.h2())
            .tablePrefix(Databases.freshPrefix())
            .catalog(custom)
            .build();
    assertThat(
            Notifier.builder()
                .directory(directory)
                .engine(DecisionEngine.create(custom, DefaultTable.standard()))
                .stores(same)
                .build())
        .isNotNull();
  }
}
