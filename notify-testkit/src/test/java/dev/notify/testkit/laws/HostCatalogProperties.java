package dev.notify.testkit.laws;

import dev.notify.catalog.Catalog;
import dev.notify.engine.DecisionEngine;
import dev.notify.settings.DefaultTable;
import dev.notify.testkit.gen.NotifyGen;
import dev.notify.testkit.property.Property;
import org.junit.jupiter.api.Test;

/** The laws hold on catalogs a host could make: extra channels, media and options of its own. */
class HostCatalogProperties {
  @Test
  void everyLawHolds_onGeneratedHostCatalogs() {
    Property.forAll(NotifyGen.catalogs())
        .named("the engine laws on a host's catalog")
        .tries(25)
        .check(
            (Catalog catalog) ->
                EngineLaws.of(
                        DecisionEngine.create(catalog, DefaultTable.fromCatalog("host-1", catalog)))
                    .tries(60)
                    .checkAll());
  }
}
