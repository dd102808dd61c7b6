package dev.notify.pipeline;

import dev.notify.engine.DecisionEngine;
import dev.notify.settings.OrganizationSettings;
import dev.notify.spi.OrganizationStore;
import dev.notify.spi.VersionedOrganization;
import org.jspecify.annotations.Nullable;

/**
 * The engine a publish or an edit decides with: the notifier's own, or — for a notifier of an
 * organisation — the organisation's (its table and locks, {@link
 * DecisionEngine#forOrganization(OrganizationSettings)}), built once per stored version. One store
 * read per call; thread-safe (a racing rebuild makes the same engine).
 */
final class OrganizationEngines {
  private record Built(long version, DecisionEngine engine) {}

  private final DecisionEngine base;
  private final @Nullable String organizationId;
  private final @Nullable OrganizationStore store;
  private volatile @Nullable Built built;

  OrganizationEngines(
      DecisionEngine base, @Nullable String organizationId, @Nullable OrganizationStore store) {
    this.base = base;
    this.organizationId = organizationId;
    this.store = store;
  }

  /** The engine to decide with now. */
  DecisionEngine current() {
    OrganizationStore s = store;
    String id = organizationId;
    if (s == null || id == null) {
      return base;
    }
    VersionedOrganization v = s.load(id);
    OrganizationSettings settings = v.settings();
    if (settings == null) {
      return base;
    }
    Built b = built;
    if (b != null && b.version() == v.version()) {
      return b.engine();
    }
    DecisionEngine e = base.forOrganization(settings);
    built = new Built(v.version(), e);
    return e;
  }

  /** The notifier's own engine, without the organisation. */
  DecisionEngine base() {
    return base;
  }
}
