package dev.notify.catalog;

import java.time.LocalDate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a user's organisation and account were created: what decides whether a legacy option is
 * still available to them. A missing date means a new account.
 *
 * @param orgCreatedOn the organisation's creation date, or {@code null} for a new organisation
 * @param userCreatedOn the user's creation date, or {@code null} for a new user
 * @since 0.1.0
 */
public record Tenure(@Nullable LocalDate orgCreatedOn, @Nullable LocalDate userCreatedOn) {
  /** A new user of a new organisation: no legacy option is available. */
  public static final Tenure NEW = new Tenure(null, null);

  /** Returns a tenure; either date may be {@code null} (new). */
  public static Tenure of(@Nullable LocalDate orgCreatedOn, @Nullable LocalDate userCreatedOn) {
    return new Tenure(orgCreatedOn, userCreatedOn);
  }

  /** The organisation's creation date, empty for a new organisation. */
  public Optional<LocalDate> org() {
    return Optional.ofNullable(orgCreatedOn);
  }

  /** The user's creation date, empty for a new user. */
  public Optional<LocalDate> user() {
    return Optional.ofNullable(userCreatedOn);
  }
}
