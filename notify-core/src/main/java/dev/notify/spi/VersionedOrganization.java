package dev.notify.spi;

import dev.notify.settings.OrganizationSettings;
import org.jspecify.annotations.Nullable;

/**
 * An organisation's settings as stored, with the version a save must name.
 *
 * @param settings the settings, or {@code null} when never saved (version 0)
 * @param version 0 when never saved, then 1, 2, … one per save
 * @since 0.3.0
 */
public record VersionedOrganization(@Nullable OrganizationSettings settings, long version) {
  /** Nothing saved yet. */
  public static final VersionedOrganization NEVER_SAVED = new VersionedOrganization(null, 0);
}
