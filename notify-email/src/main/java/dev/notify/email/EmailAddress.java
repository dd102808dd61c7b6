package dev.notify.email;

import dev.notify.NotifyException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An email address, parsed strictly: a dot-atom local part, a domain of letter-digit-hyphen labels,
 * no comments, no quoted strings, no line breaks; and an optional display name that cannot carry a
 * header of its own.
 *
 * @param address the bare address, for example {@code alice@example.test}
 * @param displayName the display name, or {@code null}
 * @since 0.1.0
 */
public record EmailAddress(String address, @Nullable String displayName) {
  private static final Pattern LOCAL =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /** Validates. */
  public EmailAddress {
    if (address == null) {
      throw new NullPointerException("address cannot be null");
    }
    HeaderText.check(address, "address");
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1 || address.length() > 254) {
      throw bad(address);
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    if (local.length() > 64 || !LOCAL.matcher(local).matches() || domain.length() > 253) {
      throw bad(address);
    }
    for (String label : domain.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        throw bad(address);
      }
    }
    if (displayName != null) {
      HeaderText.check(displayName, "displayName");
      if (displayName.isBlank()) {
        throw new IllegalArgumentException(
            "displayName must not be blank, got " + NotifyException.quote(displayName));
      }
    }
  }

  private static IllegalArgumentException bad(String address) {
    return new IllegalArgumentException(
        "address is not a valid email address: " + NotifyException.quote(address));
  }

  /** An address without a display name. */
  public static EmailAddress of(String address) {
    return new EmailAddress(address, null);
  }

  /** An address with a display name. */
  public static EmailAddress of(String address, String displayName) {
    return new EmailAddress(address, displayName);
  }

  /** The domain, lower-cased. */
  public String domain() {
    return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
  }

  /** The address in a comparable form (domain lower-cased), for suppression lists. */
  public String normalized() {
    int at = address.lastIndexOf('@');
    return address.substring(0, at) + "@" + domain();
  }

  @Override
  public String toString() {
    return displayName == null
        ? address
        : "\"" + displayName.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
  }
}
