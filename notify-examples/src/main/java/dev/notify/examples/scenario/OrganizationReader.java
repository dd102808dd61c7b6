package dev.notify.examples.scenario;

import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.NotificationOption;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Lock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The organisation's part of a scenario ({@code ORGANIZATIONS.md} and {@code TIMELINE.md}): its
 * urgent options, its locks and its own default table; its creation date stays with the reader of
 * the rest. Each bad value is refused with its path.
 */
final class OrganizationReader {
  /** The fields of {@code "org"}. */
  static final Set<String> FIELDS =
      Set.of("createdAt", "urgent", "locks", "name", "table", "defaults");

  private final Catalog catalog;

  OrganizationReader(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The options that pass quiet hours and digests. */
  Set<String> urgent(Json org) {
    Set<String> urgent = new LinkedHashSet<>();
    List<String> options = org.strings("urgent", false);
    for (int i = 0; i < options.size(); i++) {
      urgent.add(knownOption(options.get(i), org.path("urgent") + "[" + i + "]"));
    }
    return urgent;
  }

  /** The locks: each fits the catalog, none twice. */
  List<Lock> locks(Json org) {
    List<Lock> out = new ArrayList<>();
    Set<String> keys = new LinkedHashSet<>();
    int i = 0;
    for (Json l : org.objects("locks", Set.of("event", "channel", "medium", "frequency"))) {
      String path = org.path("locks") + "[" + i++ + "]";
      SettingValue v = SettingValue.read(l);
      knownOption(v.event(), l.path("event"));
      Lock lock =
          ScenarioReader.parse(
              () ->
                  new Lock(v.event(), v.medium(), v.channel(), v.frequency())
                      .checkedAgainst(catalog),
              path);
      if (!keys.add(lock.key())) {
        throw Json.error(path, "a second lock of the same event, medium and channel");
      }
      out.add(lock);
    }
    return out;
  }

  /**
   * The organisation's own default table: {@code name}, {@code table} (its version) and {@code
   * defaults} (the values that differ from the standard table) go together; null without them.
   */
  Scenario.@Nullable Defaults defaults(Json org) {
    if (!org.has("defaults") && !org.has("table") && !org.has("name")) {
      return null;
    }
    String name = org.requiredString("name");
    if (name.isBlank()) {
      throw Json.error(org.path("name"), "the organisation's name must not be blank");
    }
    String version = org.requiredString("table");
    DefaultTable.Builder table =
        ScenarioReader.parse(() -> DefaultTable.standard().toBuilder(version), org.path("table"));
    int i = 0;
    for (Json d : org.objects("defaults", Set.of("event", "medium", "frequency"))) {
      String path = org.path("defaults") + "[" + i++ + "]";
      SettingValue v = SettingValue.read(d);
      ScenarioReader.parse(() -> table.set(v.event(), v.medium(), v.frequency()), path);
    }
    return new Scenario.Defaults(name, ScenarioReader.parse(table::build, org.path("defaults")));
  }

  private String knownOption(String id, String path) {
    if (catalog.option(id).isEmpty()) {
      throw Json.error(
          path,
          "unknown notification option "
              + Json.quote(id)
              + NotifyException.known(
                  id, catalog.options().stream().map(NotificationOption::id).toList()));
    }
    return id;
  }
}
