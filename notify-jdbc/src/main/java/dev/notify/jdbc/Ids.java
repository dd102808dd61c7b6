package dev.notify.jdbc;

import java.util.Objects;

/** Argument checks of the stores: ids fit their columns, or a clear error says why not. */
final class Ids {
  /** The widest user id the tables hold. */
  static final int USER = 512;

  /** The widest delivery id (inbox item, outbox entry) the tables hold. */
  static final int DELIVERY = 2048;

  private Ids() {}

  static String check(String value, String name, int max) {
    Objects.requireNonNull(value, name + " cannot be null");
    if (value.length() > max) {
      throw new IllegalArgumentException(
          name
              + " must be at most "
              + max
              + " characters to be stored, got "
              + value.length()
              + " starting \""
              + value.substring(0, 40)
              + "\"");
    }
    if (value.indexOf('\u0000') >= 0) {
      // PostgreSQL's text cannot hold NUL: refuse it rather than fail in the driver.
      throw new IllegalArgumentException(name + " must not contain NUL characters");
    }
    return value;
  }
}
