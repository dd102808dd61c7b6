package dev.notify.email;

import dev.notify.NotifyException;
import java.util.Locale;

/**
 * Checks text that ends up in a header (subject, display name, header value): no line breaks in any
 * form, so a customer's text can never start a header of its own.
 */
final class HeaderText {
  private HeaderText() {}

  static String check(String value, String field) {
    if (value == null) {
      throw new NullPointerException(field + " cannot be null");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // CR, LF, NUL, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR and every other control character.
      if (Character.isISOControl(c) && c != '\t' || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException(
            field
                + " must not contain line breaks or control characters, got "
                + NotifyException.quote(value));
      }
      // Bidirectional embeddings, overrides and isolates make a name read other than it is (as
      // core refuses them in ids and names).
      if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
        throw new IllegalArgumentException(
            field
                + " must not contain bidirectional controls, got "
                + NotifyException.quote(value));
      }
    }
    String lower = value.toLowerCase(Locale.ROOT);
    // Encoded line breaks (URL and quoted-printable forms) and MIME encoded words: we encode
    // ourselves, so an already encoded value can only be an attempt to smuggle something in.
    if (lower.contains("%0a")
        || lower.contains("%0d")
        || lower.contains("=0a")
        || lower.contains("=0d")
        || lower.contains("=?")) {
      throw new IllegalArgumentException(
          field
              + " must not contain encoded line breaks or encoded words, got "
              + NotifyException.quote(value));
    }
    return value;
  }
}
