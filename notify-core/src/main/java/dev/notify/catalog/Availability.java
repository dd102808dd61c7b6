package dev.notify.catalog;

import dev.notify.internal.Checks;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * Who may use an option. Most options are available to everyone; a legacy option is unavailable to
 * a user created on or after its cut-off, and to every user of an organisation created on or after
 * it (a missing date counts as new, so as after the cut-off).
 *
 * @param cutoff the first day the option is unavailable from, or {@code null} for "always
 *     available"
 * @since 0.1.0
 */
public record Availability(@Nullable LocalDate cutoff) {
  /** Available to everyone. */
  public static final Availability EVERYONE = new Availability(null);

  /** The cut-off of the product's legacy message options: 2021-01-13. */
  public static final LocalDate LEGACY_CUTOFF = LocalDate.of(2021, 1, 13);

  /** The product's legacy options, unavailable from 2021-01-13. */
  public static final Availability LEGACY = new Availability(LEGACY_CUTOFF);

  /** Unavailable to users and organisations created on or after {@code cutoff}. */
  public static Availability before(LocalDate cutoff) {
    return new Availability(Checks.notNull(cutoff, "cutoff"));
  }

  /** Whether this is a legacy option with a cut-off. */
  public boolean isLegacy() {
    return cutoff != null;
  }

  /**
   * Whether some user of an organisation created on {@code orgCreatedOn} ({@code null} for a new
   * organisation) may use the option: if not, nobody there can.
   */
  public boolean isAvailableToOrganization(@Nullable LocalDate orgCreatedOn) {
    return cutoff == null || (orgCreatedOn != null && orgCreatedOn.isBefore(cutoff));
  }

  /** Whether a user with this tenure may use the option. */
  public boolean isAvailableTo(Tenure tenure) {
    Checks.notNull(tenure, "tenure");
    LocalDate org = tenure.orgCreatedOn();
    LocalDate user = tenure.userCreatedOn();
    return cutoff == null
        || (org != null && user != null && org.isBefore(cutoff) && user.isBefore(cutoff));
  }
}
