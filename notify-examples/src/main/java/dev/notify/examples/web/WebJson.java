package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reading fields of a JSON request body, refusing what is missing or of the wrong type. */
final class WebJson {
  private WebJson() {}

  /** A required string field. */
  static String text(JsonNode node, String field) {
    String s = optionalText(node, field);
    if (s == null || s.isBlank()) {
      throw new BadRequest(field + " is required");
    }
    return s;
  }

  /** A string field, or null when absent or null. */
  static @Nullable String optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new BadRequest(field + " must be a string, got " + v);
    }
    return v.asText();
  }

  /** A list of strings, empty when absent. */
  static List<String> texts(JsonNode node, String field) {
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new BadRequest(field + " must be an array of strings");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new BadRequest(field + " must be an array of strings, got " + e);
      }
      out.add(e.asText());
    }
    return out;
  }
}
