package dev.notify.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by every value type, so that all messages follow one convention: {@code
 * NullPointerException("<name> cannot be null")} and {@code IllegalArgumentException} naming the
 * field and quoting the value.
 */
public final class Checks {

  private Checks() {}

  /** The longest id a host gives ({@code dev.notify.Limits.ID}). */
  public static final int MAX_ID = 256;

  /** The longest free text ({@code dev.notify.Limits.TEXT}). */
  public static final int MAX_TEXT = 65_536;

  /** Returns {@code value} or throws {@code NullPointerException("<name> cannot be null")}. */
  @Contract("null, _ -> fail")
  public static <T> T notNull(@Nullable T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " cannot be null");
    }
    return value;
  }

  /**
   * Checks a catalog id: non-null, at most 64 characters, lower-case words joined by '.', '-' or
   * '_'.
   */
  @Contract("null, _ -> fail")
  public static String id(@Nullable String value, String name) {
    notNull(value, name);
    if (value.length() > 64 || !isId(value)) {
      throw new IllegalArgumentException(
          format(
              "%s must be a lower-case id such as \"chat\" or \"note.added\", got %s",
              name, quote(value)));
    }
    return value;
  }

  /**
   * Whether {@code s} matches {@code [a-z][a-z0-9_]*([.-][a-z0-9_]+)*}, without a regex: this runs
   * for every inbox item a publish writes.
   */
  static boolean isId(String s) {
    int n = s.length();
    if (n == 0 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
      return false;
    }
    boolean afterSeparator = false;
    for (int i = 1; i < n; i++) {
      char c = s.charAt(i);
      if (c == '.' || c == '-') {
        if (afterSeparator) {
          return false;
        }
        afterSeparator = true;
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
        afterSeparator = false;
      } else {
        return false;
      }
    }
    return !afterSeparator;
  }

  /**
   * Checks free text that names something (a user id, a tone): non-null, not blank, no control
   * characters.
   */
  @Contract("null, _ -> fail")
  public static String text(@Nullable String value, String name) {
    notNull(value, name);
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          format("%s must be at most %d characters, got %s", name, MAX_TEXT, quote(value)));
    }
    // One pass: blank means no character but whitespace.
    boolean blank = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > ' ' && c < 0x7F) {
        blank = false; // printable ASCII, the common case: no table lookups
        continue;
      }
      refuseUnsafe(value, i, name);
      if (blank && !Character.isWhitespace(c)) {
        blank = false;
      }
    }
    if (blank) {
      throw new IllegalArgumentException(
          format("%s must not be blank, got %s", name, quote(value)));
    }
    return value;
  }

  /**
   * Whether {@code c} can make text look other than it is: a line or paragraph separator (U+2028,
   * U+2029) or a bidirectional embedding, override or isolate control (U+202A–U+202E,
   * U+2066–U+2069).
   */
  /**
   * An id given by a host (user, action, team, customer, conversation): {@link #text} and at most
   * {@link #MAX_ID} characters, so every store holds it.
   */
  @Contract("null, _ -> fail")
  public static String idText(@Nullable String value, String name) {
    text(value, name);
    if (value.length() > MAX_ID) {
      throw new IllegalArgumentException(
          format("%s must be at most %d characters, got %s", name, MAX_ID, quote(value)));
    }
    return value;
  }

  /**
   * Free text that may span lines (a note's excerpt): null or at most {@link #MAX_TEXT} characters,
   * with no control character but tab and line breaks, no bidirectional control or Unicode line
   * separator, and no lone surrogate (it cannot be encoded).
   */
  @Contract("!null, _ -> !null")
  public static @Nullable String freeText(@Nullable String value, String name) {
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          format("%s must be at most %d characters, got %s", name, MAX_TEXT, quote(value)));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < ' ' && (c == '\n' || c == '\r' || c == '\t')) {
        continue; // free text may span lines
      }
      refuseUnsafe(value, i, name);
    }
    return value;
  }

  /**
   * Refuses the character at {@code i} when no text may hold it: a control character, a line
   * separator or bidirectional control, or a lone surrogate. What may stand in text passes.
   */
  private static void refuseUnsafe(String value, int i, String name) {
    char c = value.charAt(i);
    if (c >= ' ' && c < 0x7F) {
      return;
    }
    if (Character.isISOControl(c)) {
      throw new IllegalArgumentException(
          format("%s must not contain control characters, got %s", name, quote(value)));
    }
    if (isSpoofing(c)) {
      throw new IllegalArgumentException(
          format(
              "%s must not contain line separators or bidirectional controls, got %s",
              name, quote(value)));
    }
    if (Character.isSurrogate(c)
        && !(Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1)))
        && !(Character.isLowSurrogate(c)
            && i > 0
            && Character.isHighSurrogate(value.charAt(i - 1)))) {
      throw new IllegalArgumentException(
          format("%s must not contain a lone surrogate, got %s", name, quote(value)));
    }
  }

  public static boolean isSpoofing(char c) {
    return c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }

  /** Checks that no element of a collection is null, naming the collection. */
  @Contract("null, _ -> fail")
  public static <C extends Collection<?>> C noNulls(@Nullable C values, String name) {
    notNull(values, name);
    for (Object v : values) {
      if (v == null) {
        throw new NullPointerException(name + " cannot contain null");
      }
    }
    return values;
  }

  /**
   * Throws {@code IllegalArgumentException} with a formatted message when {@code condition} is
   * false.
   */
  public static void argument(boolean condition, String template, @Nullable Object... args) {
    if (!condition) {
      throw new IllegalArgumentException(format(template, args));
    }
  }

  /**
   * {@link String#format} with {@link Locale#ROOT}, so messages never depend on the host's locale.
   */
  public static String format(String template, @Nullable Object... args) {
    return String.format(Locale.ROOT, template, args);
  }

  /** Quotes a value for an error message, escaping quotes and control characters. */
  public static String quote(@Nullable Object value) {
    if (value == null) {
      return "null";
    }
    String s = String.valueOf(value);
    // A message stays readable: a huge value is shown by its start and its length.
    int shown = s.length() <= MAX_QUOTED ? s.length() : MAX_QUOTED;
    StringBuilder b =
        new StringBuilder(shown + 32).append('"').append(escape(s, shown)).append('"');
    if (shown < s.length()) {
      b.append("… (").append(s.length()).append(" characters)");
    }
    return b.toString();
  }

  /** The longest part of a value a message quotes: {@value} characters. */
  public static final int MAX_QUOTED = 120;

  /**
   * The first {@code max} characters of {@code s} with quotes, backslashes, control characters,
   * line separators, bidirectional controls and lone surrogates escaped, so that one message is one
   * honest line.
   */
  public static String escape(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(max, s.length()) + 8);
    for (int i = 0; i < Math.min(max, s.length()); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          boolean lone =
              Character.isSurrogate(c)
                  && !(Character.isHighSurrogate(c)
                      && i + 1 < s.length()
                      && Character.isLowSurrogate(s.charAt(i + 1)))
                  && !(Character.isLowSurrogate(c)
                      && i > 0
                      && Character.isHighSurrogate(s.charAt(i - 1)));
          if (Character.isISOControl(c) || isSpoofing(c) || lone) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** How many known values an error lists before it stops with "…". */
  private static final int KNOWN_SHOWN = 12;

  /**
   * " (known: a, b, c)" for an error about an unknown {@code given}: the known values closest to it
   * first (by edit distance, ignoring case, then alphabetically), so a typo's fix leads the list;
   * at most 12 are shown. Empty when nothing is known.
   */
  public static String known(String given, Collection<String> candidates) {
    if (candidates.isEmpty()) {
      return " (nothing is known)";
    }
    String g = given == null ? "" : given.toLowerCase(Locale.ROOT);
    List<String> sorted = new ArrayList<>(candidates);
    sorted.sort(
        Comparator.comparingInt((String c) -> distance(g, c.toLowerCase(Locale.ROOT)))
            .thenComparing(Comparator.naturalOrder()));
    StringBuilder b = new StringBuilder(" (known: ");
    for (int i = 0; i < Math.min(KNOWN_SHOWN, sorted.size()); i++) {
      b.append(i == 0 ? "" : ", ").append(sorted.get(i));
    }
    if (sorted.size() > KNOWN_SHOWN) {
      b.append(", … ").append(sorted.size() - KNOWN_SHOWN).append(" more");
    }
    return b.append(')').toString();
  }

  /** Levenshtein distance, two rows; inputs are ids (short), and a given value is cut at 200. */
  static int distance(String a, String b) {
    String x = a.length() > 200 ? a.substring(0, 200) : a;
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = x.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * Whether {@code a} and {@code b} are equal ignoring the case of ASCII letters only: unlike
   * {@link String#equalsIgnoreCase}, a non-ASCII character (such as the long s, whose upper case is
   * S) never matches an ASCII one.
   */
  public static boolean asciiEqualsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && (x > 127 || y > 127 || Character.toUpperCase(x) != Character.toUpperCase(y))) {
        return false;
      }
    }
    return true;
  }
}
