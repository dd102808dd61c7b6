package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.LocalDate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A user as the directory knows them.
 *
 * @param id the user id
 * @param createdOn when the account was created, or {@code null} for a new account
 * @param email the email address, or {@code null} when the user has none
 * @since 0.1.0
 */
public record UserAccount(String id, @Nullable LocalDate createdOn, @Nullable String email) {
  /** Validates. */
  public UserAccount {
    Checks.text(id, "id");
    if (email != null) {
      Checks.text(email, "email");
    }
  }

  /** The email address, if any. */
  public Optional<String> emailIfAny() {
    return Optional.ofNullable(email);
  }
}
