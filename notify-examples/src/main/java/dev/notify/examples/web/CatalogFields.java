package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads the catalog's names out of a request — option, channel, medium, frequency — or refuses with
 * a {@link BadRequest} naming the field, for the settings and organisation pages. Immutable.
 */
final class CatalogFields {
  private final Catalog catalog;

  CatalogFields(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The array {@code field} of {@code body}, empty when absent or null. */
  static Iterable<JsonNode> array(JsonNode body, String field) {
    JsonNode a = body.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new BadRequest(field + " must be an array");
    }
    return a;
  }

  /** The known option named by {@code c.option}. */
  String option(JsonNode c) {
    String id = WebJson.text(c, "option");
    if (catalog.option(id).isEmpty()) {
      throw new BadRequest("option: unknown option \"" + id + "\"");
    }
    return id;
  }

  /** The channel named by {@code c.channel}, or null (every channel) when absent. */
  @Nullable Channel channel(JsonNode c, String path) {
    String id = WebJson.optionalText(c, "channel");
    if (id == null) {
      return null;
    }
    for (Channel ch : catalog.channels()) {
      if (ch.id().equals(id)) {
        return ch;
      }
    }
    throw new BadRequest(path + ": unknown channel \"" + id + "\"");
  }

  /** The known medium named by {@code c.medium}. */
  Medium medium(JsonNode c) {
    String id = WebJson.text(c, "medium");
    for (Medium m : catalog.media()) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new BadRequest("medium: unknown medium \"" + id + "\"");
  }

  /** The frequency {@code f} names. */
  static Frequency frequency(String f) {
    try {
      return Frequency.parse(f);
    } catch (IllegalArgumentException ex) {
      throw new BadRequest("frequency: " + ex.getMessage());
    }
  }
}
