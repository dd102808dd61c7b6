package dev.notify.pipeline;

import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Tenure;
import dev.notify.engine.DecisionEngine;
import dev.notify.internal.Checks;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Lock;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.Directory;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.UserAccount;
import dev.notify.spi.VersionedOrganization;
import dev.notify.spi.VersionedSettings;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The notifier's settings half: edits a user's settings with optimistic versions, and runs the dry
 * run of a new default table. Thread-safe (it keeps nothing); blocks on the settings store and the
 * directory.
 */
final class SettingsEditor {
  /** Saves in a row that may lose to concurrent ones before an edit gives up. */
  static final int EDIT_ATTEMPTS = 10;

  private final OrganizationEngines engines;
  private final Directory directory;
  private final SettingsStore settings;

  private final @Nullable String organizationId;
  private final @Nullable OrganizationStore organizations;

  SettingsEditor(
      OrganizationEngines engines,
      Directory directory,
      SettingsStore settings,
      @Nullable String organizationId,
      @Nullable OrganizationStore organizations) {
    this.organizationId = organizationId;
    this.organizations = organizations;
    this.engines = engines;
    this.directory = directory;
    this.settings = settings;
  }

  /** See {@link Notifier#editSettings}. */
  UserSettings edit(String userId, Function<UserSettings.Editor, UserSettings.Editor> change) {
    Checks.notNull(userId, "userId");
    Checks.notNull(change, "change");
    UserAccount account =
        directory
            .user(userId)
            .orElseThrow(
                () ->
                    new NotifyException(
                        "userId",
                        Checks.format(
                            "unknown user %s: settings are kept only for users of the directory",
                            Checks.quote(userId))));
    Tenure tenure = Tenure.of(directory.organizationCreatedOn().orElse(null), account.createdOn());
    DecisionEngine engine = engines.current(); // the organisation's locks as stored now
    for (int attempt = 1; ; attempt++) {
      VersionedSettings current = settings.load(userId);
      UserSettings next =
          Checks.notNull(
                  change.apply(current.settings().edit(engine.catalog(), tenure)),
                  "change's editor")
              .build();
      refuseLocked(engine, current.settings(), next);
      try {
        settings.save(userId, next, current.version());
        return next;
      } catch (SettingsConflictException e) {
        if (attempt == EDIT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Refuses an edit that sets or clears a value of a key the organisation locked: the lock decides
   * it, and a user who thinks they changed it would be misled.
   */
  private static void refuseLocked(DecisionEngine engine, UserSettings before, UserSettings after) {
    if (engine.locks().isEmpty()) {
      return;
    }
    Set<Setting> changed = new HashSet<>(before.settings());
    changed.addAll(after.settings());
    Set<Setting> kept = new HashSet<>(before.settings());
    kept.retainAll(after.settings());
    changed.removeAll(kept);
    for (Setting s : changed) {
      for (Lock l : engine.locks()) {
        if (l.covers(s.option(), s.medium(), s.channel())) {
          throw new NotifyException(
              "settings",
              Checks.format(
                  "%s by %s%s is locked by your organisation at %s: it cannot be changed",
                  Checks.quote(s.option()),
                  s.medium().id(),
                  l.channel() == null ? "" : " on " + l.channel().id(),
                  l.frequency()));
        }
      }
    }
  }

  /** See {@link Notifier#editOrganization}. */
  OrganizationSettings editOrganization(
      OrganizationSettings initial, UnaryOperator<OrganizationSettings> change) {
    Checks.notNull(initial, "initial");
    Checks.notNull(change, "change");
    OrganizationStore store = organizations;
    String id = organizationId;
    if (store == null || id == null) {
      throw new IllegalStateException(
          "this notifier has no organisation: build it with organization(id, store)");
    }
    for (int attempt = 1; ; attempt++) {
      VersionedOrganization current = store.load(id);
      OrganizationSettings saved = current.settings();
      OrganizationSettings next =
          Checks.notNull(change.apply(saved == null ? initial : saved), "change's result");
      engines.base().forOrganization(next); // checked against the catalog before it is saved
      try {
        store.save(id, next, current.version());
        return next;
      } catch (SettingsConflictException e) {
        if (attempt == EDIT_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** See {@link Notifier#previewDefaultTable}. */
  DefaultTableChange preview(DefaultTable next, int examples) {
    Checks.notNull(next, "next");
    Checks.argument(examples >= 0, "examples must not be negative, got %s", examples);
    DecisionEngine engine = engines.current(); // the organisation's table, when it has one
    DefaultTable current = engine.defaults();
    Catalog catalog = engine.catalog();
    List<UserAccount> users = directory.allUsers();
    Map<String, VersionedSettings> saved =
        settings.loadAll(users.stream().map(UserAccount::id).toList());
    LocalDate org = directory.organizationCreatedOn().orElse(null);
    List<DefaultTableChange.Line> lines = new ArrayList<>();
    for (NotificationOption o : catalog.options()) {
      for (Medium m : catalog.media()) {
        Frequency before = current.frequency(o.id(), m);
        Frequency after = next.frequency(o.id(), m);
        if (before == after) {
          continue;
        }
        int count = 0;
        List<String> some = new ArrayList<>();
        for (UserAccount u : users) {
          if (!o.availability().isAvailableTo(Tenure.of(org, u.createdOn()))) {
            continue;
          }
          VersionedSettings v = saved.get(u.id());
          UserSettings s = v == null ? UserSettings.none() : v.settings();
          if (followsTheTable(s, o, m, catalog)) {
            count++;
            if (some.size() < examples) {
              some.add(u.id());
            }
          }
        }
        if (count > 0) {
          lines.add(new DefaultTableChange.Line(o.id(), m, before, after, count, some));
        }
      }
    }
    return new DefaultTableChange(current.version(), next.version(), users.size(), lines);
  }

  /**
   * Whether some channel (or the option, when not per channel) of the user takes the table's value.
   */
  private static boolean followsTheTable(
      UserSettings s, NotificationOption o, Medium m, Catalog catalog) {
    if (s.chosen(o.id(), null, m).isPresent()) {
      return false;
    }
    if (!o.perChannel()) {
      return true;
    }
    for (Channel c : catalog.channels()) {
      if (s.chosen(o.id(), c, m).isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
