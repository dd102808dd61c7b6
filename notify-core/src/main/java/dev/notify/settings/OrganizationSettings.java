package dev.notify.settings;

import dev.notify.internal.Checks;
import dev.notify.timeline.UserTiming;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an organisation decides for all its users: its own default table — the notifier's table with
 * {@code defaults} replaced, versioned {@code tableVersion} and named after the organisation in
 * every reason — and its {@link Lock locks}. Immutable; stored by an {@code OrganizationStore} and
 * applied by {@code DecisionEngine.forOrganization(settings)}.
 *
 * @param name the organisation's name, as reasons give it ("the default of Acme, table acme-3")
 * @param tableVersion the version of its default table
 * @param defaults the values of its table that differ from the notifier's, for every channel (a
 *     setting without channel), one per (option, medium)
 * @param locks its locks, one per (option, medium, channel)
 * @param timing the timing of its users who saved none (quiet hours, unread delay, digest,
 *     throttle), or {@code null} for {@link UserTiming#DEFAULT}
 * @since 0.3.0
 */
public record OrganizationSettings(
    String name,
    String tableVersion,
    List<Setting> defaults,
    List<Lock> locks,
    @Nullable UserTiming timing) {
  /** Validates and copies; the catalog is checked when an engine applies them. */
  public OrganizationSettings {
    Checks.text(name, "name");
    Checks.text(tableVersion, "tableVersion");
    defaults = List.copyOf(Checks.noNulls(defaults, "defaults"));
    locks = List.copyOf(Checks.noNulls(locks, "locks"));
    Set<String> keys = new HashSet<>();
    for (Setting s : defaults) {
      Checks.argument(
          s.channel() == null,
          "an organisation's default is for every channel, got one for %s",
          s.channel());
      Checks.argument(
          keys.add(s.option() + "/" + s.medium().id()),
          "two defaults of %s by %s",
          Checks.quote(s.option()),
          s.medium().id());
    }
    keys.clear();
    for (Lock l : locks) {
      Checks.argument(keys.add(l.key()), "two locks of %s", Checks.quote(l.key()));
    }
  }

  /** Settings without a default timing. */
  public OrganizationSettings(
      String name, String tableVersion, List<Setting> defaults, List<Lock> locks) {
    this(name, tableVersion, defaults, locks, null);
  }

  /** An organisation that changes nothing yet: the notifier's table under a version of its own. */
  public static OrganizationSettings of(String name, String tableVersion) {
    return new OrganizationSettings(name, tableVersion, List.of(), List.of());
  }

  /** {@code base} with this organisation's defaults, versioned {@link #tableVersion}. */
  public DefaultTable table(DefaultTable base) {
    DefaultTable.Builder b = Checks.notNull(base, "base").toBuilder(tableVersion);
    for (Setting s : defaults) {
      b.set(s.option(), s.medium(), s.frequency());
    }
    return b.build();
  }

  /** These settings with {@code defaults} instead. */
  public OrganizationSettings withDefaults(String newVersion, List<Setting> newDefaults) {
    return new OrganizationSettings(name, newVersion, newDefaults, locks, timing);
  }

  /** These settings with {@code locks} instead. */
  public OrganizationSettings withLocks(List<Lock> newLocks) {
    return new OrganizationSettings(name, tableVersion, defaults, newLocks, timing);
  }

  /** These settings with {@code newTiming} as their users' default ({@code null}: none). */
  public OrganizationSettings withTiming(@Nullable UserTiming newTiming) {
    return new OrganizationSettings(name, tableVersion, defaults, locks, newTiming);
  }
}
