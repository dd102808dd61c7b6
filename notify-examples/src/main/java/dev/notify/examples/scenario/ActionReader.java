package dev.notify.examples.scenario;

import static dev.notify.examples.scenario.ScenarioReader.SCENARIO_TIME;
import static dev.notify.examples.scenario.ScenarioReader.knownUser;
import static dev.notify.examples.scenario.ScenarioReader.parse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.memory.InMemoryDirectory;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The actions of a scenario: each kind's fields (and {@code "at"}), its users, customer and channel
 * known, every bad field refused with its path. Thread-safe (it keeps only the catalog).
 */
final class ActionReader {
  private static final List<String> KINDS =
      List.of(
          "message.received",
          "conversation.assigned",
          "conversation.transferred",
          "snooze.expired",
          "note.added",
          "object.created",
          "object.updated",
          "app.updated");

  private final Catalog catalog;

  ActionReader(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The action at {@code path}, its users and customer known. */
  Action read(JsonNode node, String path, InMemoryDirectory directory, Set<String> customers) {
    if (node == null || !node.isObject() || !node.has("kind")) {
      Json.object(node, path, withAt("kind", "id")); // reports a non-object
      throw Json.error(path + ".kind", "required field is missing");
    }
    Json.aliases(node, path, ACTION_ALIASES);
    JsonNode kindNode = node.get("kind");
    if (!kindNode.isTextual()) {
      throw Json.error(path + ".kind", "expected a string, got " + Json.describe(kindNode));
    }
    String kind = kindNode.textValue();
    JsonNode atNode = node.get("at");
    Instant at =
        atNode == null || atNode.isNull() ? SCENARIO_TIME : Json.instant(atNode, path + ".at");
    switch (kind) {
      case "message.received" -> {
        Json a =
            Json.object(
                node,
                path,
                withAt(
                    "id",
                    "kind",
                    "channel",
                    "customer",
                    "conversation",
                    "assignee",
                    "newConversation"));
        String channel = a.requiredString("channel");
        Channel c = parse(() -> Channel.of(channel), a.path("channel"));
        if (!catalog.hasChannel(c)) {
          throw Json.error(
              a.path("channel"),
              "unknown channel "
                  + Json.quote(channel)
                  + NotifyException.known(
                      channel, catalog.channels().stream().map(Channel::id).toList()));
        }
        return new MessageReceived(
            a.requiredString("id"),
            at,
            c,
            customer(a, customers),
            a.requiredString("conversation"),
            optionalUser(a, "assignee", directory),
            a.optionalBoolean("newConversation", false),
            null);
      }
      case "conversation.assigned", "conversation.transferred" -> {
        Json a =
            Json.object(
                node, path, withAt("id", "kind", "actor", "conversation", "customer", "assignee"));
        String id = a.requiredString("id");
        String actor = a.requiredString("actor");
        String conversation = a.requiredString("conversation");
        String customer = customer(a, customers);
        String assignee = knownUser(directory, a.requiredString("assignee"), a.path("assignee"));
        return kind.equals("conversation.assigned")
            ? new ConversationAssigned(id, at, actor, conversation, customer, assignee)
            : new ConversationTransferred(id, at, actor, conversation, customer, assignee);
      }
      case "snooze.expired" -> {
        Json a =
            Json.object(node, path, withAt("id", "kind", "conversation", "customer", "assignee"));
        return new SnoozeExpired(
            a.requiredString("id"),
            at,
            a.requiredString("conversation"),
            customer(a, customers),
            optionalUser(a, "assignee", directory));
      }
      case "note.added" -> {
        Json a =
            Json.object(
                node,
                path,
                withAt(
                    "id",
                    "kind",
                    "actor",
                    "conversation",
                    "customer",
                    "assignee",
                    "mentions",
                    "teamMentions"));
        String id = a.requiredString("id");
        String actor = a.requiredString("actor");
        String conversation = a.requiredString("conversation");
        String customer = customer(a, customers);
        String assignee = optionalUser(a, "assignee", directory);
        List<String> mentions = a.strings("mentions", true);
        for (int i = 0; i < mentions.size(); i++) {
          knownUser(directory, mentions.get(i), a.path("mentions") + "[" + i + "]");
        }
        List<String> teams = a.strings("teamMentions", true);
        for (int i = 0; i < teams.size(); i++) {
          if (!directory.hasTeam(teams.get(i))) {
            throw Json.error(
                a.path("teamMentions") + "[" + i + "]",
                "unknown team "
                    + Json.quote(teams.get(i))
                    + NotifyException.known(teams.get(i), directory.teamIds()));
          }
        }
        return new NoteAdded(
            id,
            at,
            actor,
            conversation,
            customer,
            assignee,
            new LinkedHashSet<>(mentions),
            new LinkedHashSet<>(teams),
            null);
      }
      case "object.created", "object.updated" -> {
        Json a = Json.object(node, path, withAt("id", "kind", "actor", "customer", "object"));
        String id = a.requiredString("id");
        String actor = a.requiredString("actor");
        String customer = customer(a, customers);
        String object = a.optionalString("object");
        return kind.equals("object.created")
            ? new ObjectCreated(id, at, actor, customer, object)
            : new ObjectUpdated(id, at, actor, customer, object);
      }
      case "app.updated" -> {
        Json a = Json.object(node, path, withAt("id", "kind", "app"));
        return new AppUpdated(a.requiredString("id"), at, a.requiredString("app"));
      }
      default ->
          throw Json.error(
              path + ".kind",
              "unknown action kind " + Json.quote(kind) + NotifyException.known(kind, KINDS));
    }
  }

  /** The Java API's names of an action's fields, accepted beside the format's. */
  private static final Map<String, String> ACTION_ALIASES =
      Map.of(
          "occurredAt", "at",
          "mentionedUsers", "mentions",
          "mentionedTeams", "teamMentions");

  /** The fields of an action kind, and its instant. */
  private static Set<String> withAt(String... fields) {
    Set<String> all = new HashSet<>(Arrays.asList(fields));
    all.add("at");
    return all;
  }

  private static String customer(Json a, Set<String> customers) {
    String c = a.requiredString("customer");
    if (!customers.contains(c)) {
      throw Json.error(
          a.path("customer"),
          "unknown customer " + Json.quote(c) + NotifyException.known(c, customers));
    }
    return c;
  }

  private static @Nullable String optionalUser(Json a, String field, InMemoryDirectory directory) {
    String u = a.optionalString(field);
    return u == null ? null : knownUser(directory, u, a.path(field));
  }
}
