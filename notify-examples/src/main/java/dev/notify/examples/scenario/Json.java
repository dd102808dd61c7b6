package dev.notify.examples.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.NotifyException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A JSON object being read strictly, with the path of every field, so that each error names the bad
 * field ({@code users.bob.settings[0].event}) and quotes the bad value.
 */
final class Json {
  private final JsonNode node;
  private final String path;

  private Json(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Reads {@code node} at {@code path} as an object that may have only {@code allowed} fields. */
  static Json object(JsonNode node, String path, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      throw error(path, "expected an object, got " + describe(node));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw error(
            join(path, f),
            "unknown field "
                + quote(f)
                + " (allowed: "
                + String.join(", ", new TreeSet<>(allowed))
                + ")");
      }
    }
    return new Json(node, path);
  }

  /**
   * Renames the alias fields of {@code node} to their canonical names ({@code aliases} maps alias
   * to name), so a scenario may use the Java API's names; both at once is an error.
   */
  static void aliases(JsonNode node, String path, Map<String, String> aliases) {
    if (!(node instanceof ObjectNode o)) {
      return; // reported as not an object where it is read
    }
    for (Map.Entry<String, String> a : aliases.entrySet()) {
      if (o.has(a.getKey())) {
        if (o.has(a.getValue())) {
          throw error(
              join(path, a.getKey()),
              "give either "
                  + quote(a.getValue())
                  + " or its alias "
                  + quote(a.getKey())
                  + ", not both");
        }
        o.set(a.getValue(), o.remove(a.getKey()));
      }
    }
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  String path() {
    return path;
  }

  String path(String field) {
    return join(path, field);
  }

  boolean has(String field) {
    return node.has(field) && !node.get(field).isNull();
  }

  JsonNode raw(String field) {
    return node.get(field);
  }

  String requiredString(String field) {
    if (!has(field)) {
      throw error(path(field), "required field is missing");
    }
    return string(node.get(field), path(field));
  }

  @Nullable String optionalString(String field) {
    return has(field) ? string(node.get(field), path(field)) : null;
  }

  boolean optionalBoolean(String field, boolean otherwise) {
    if (!has(field)) {
      return otherwise;
    }
    JsonNode v = node.get(field);
    if (!v.isBoolean()) {
      throw error(path(field), "expected true or false, got " + describe(v));
    }
    return v.booleanValue();
  }

  @Nullable LocalDate optionalDate(String field) {
    String s = optionalString(field);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw error(path(field), "expected an ISO-8601 date such as \"2021-01-13\", got " + quote(s));
    }
  }

  /** A whole number from {@code min} to {@code max}, or {@code otherwise} when missing. */
  int optionalInt(String field, int min, int max, int otherwise) {
    if (!has(field)) {
      return otherwise;
    }
    JsonNode v = node.get(field);
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw error(
          path(field),
          "expected a whole number from " + min + " to " + max + ", got " + describe(v));
    }
    return v.intValue();
  }

  /** A required whole number from {@code min} to {@code max}. */
  int requiredInt(String field, int min, int max) {
    if (!has(field)) {
      throw error(path(field), "required field is missing");
    }
    return optionalInt(field, min, max, 0);
  }

  /**
   * An ISO-8601 instant with {@code Z} or an offset, in whole seconds, such as {@code
   * "2026-03-27T18:05:00Z"}; null when missing.
   */
  @Nullable Instant optionalInstant(String field) {
    return has(field) ? instant(node.get(field), path(field)) : null;
  }

  /** {@code v} as an instant in whole seconds with {@code Z} or an offset. */
  static Instant instant(JsonNode v, String path) {
    String s = string(v, path);
    if (!s.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})")) {
      throw error(
          path,
          "expected an instant in whole seconds with Z or an offset, such as"
              + " \"2026-03-27T18:05:00Z\", got "
              + quote(s));
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw error(path, "not a valid instant: " + quote(s));
    }
  }

  /**
   * An array of non-blank strings; {@code required} says whether the field may be missing (then
   * empty).
   */
  List<String> strings(String field, boolean required) {
    if (!has(field)) {
      if (required) {
        throw error(path(field), "required field is missing");
      }
      return List.of();
    }
    JsonNode v = node.get(field);
    if (!v.isArray()) {
      throw error(path(field), "expected an array, got " + describe(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(string(v.get(i), path(field) + "[" + i + "]"));
    }
    return out;
  }

  /** An array of objects, each read with {@code allowed} fields. */
  List<Json> objects(String field, Set<String> allowed) {
    if (!has(field)) {
      return List.of();
    }
    JsonNode v = node.get(field);
    if (!v.isArray()) {
      throw error(path(field), "expected an array, got " + describe(v));
    }
    List<Json> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(object(v.get(i), path(field) + "[" + i + "]", allowed));
    }
    return out;
  }

  /** The members of an object-valued field, in document order; empty when missing. */
  Map<String, JsonNode> members(String field) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (!has(field)) {
      return out;
    }
    JsonNode v = node.get(field);
    if (!v.isObject()) {
      throw error(path(field), "expected an object, got " + describe(v));
    }
    v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static String string(JsonNode v, String path) {
    if (v == null || !v.isTextual()) {
      throw error(path, "expected a string, got " + describe(v));
    }
    String s = v.textValue();
    if (s.isBlank()) {
      throw error(path, "must not be blank, got " + quote(s));
    }
    return s;
  }

  static String describe(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    String text = v.toString();
    return v.getNodeType().name().toLowerCase(Locale.ROOT)
        + " "
        + (text.length() > 60 ? text.substring(0, 60) + "…" : text);
  }

  static String quote(String s) {
    return NotifyException.quote(s);
  }

  static NotifyException error(String path, @Nullable String message) {
    return new NotifyException(path, String.valueOf(message));
  }
}
