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
    Checks.idText(id, "id");
    if (email != null) {
      Checks.text(email, "email");
      if (!looksLikeAddress(email)) {
        // Quoted only when it fails: every account is built through here.
        throw new IllegalArgumentException(
            "email must be an address such as \"ann@example.com\", got " + Checks.quote(email));
      }
    }
  }

  /** The email address, if any. */
  public Optional<String> emailIfAny() {
    return Optional.ofNullable(email);
  }

  /**
   * A plain check of an address's shape (one {@code @}, a local part and a dotted or single-label
   * domain, no spaces, at most 254 characters), so that a typo fails where the account is built and
   * not at the mail server; the transport checks the full syntax.
   */
  private static boolean looksLikeAddress(String s) {
    int at = s.lastIndexOf('@');
    if (s.length() > 254 || at <= 0 || at == s.length() - 1 || at > 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || c == '<' || c == '>' || c == ',' || (c == '@' && i != at)) {
        return false;
      }
    }
    String domain = s.substring(at + 1);
    return !domain.startsWith(".") && !domain.endsWith(".") && !domain.contains("..");
  }
}
