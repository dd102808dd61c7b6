package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.notify.action.Action;
import dev.notify.action.AppUpdated;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.ConversationTransferred;
import dev.notify.action.MessageReceived;
import dev.notify.action.NoteAdded;
import dev.notify.action.ObjectCreated;
import dev.notify.action.ObjectUpdated;
import dev.notify.action.SnoozeExpired;
import dev.notify.catalog.Channel;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The simulator panel's actions: a customer writes, a conversation is assigned or transferred, a
 * note with mentions, a snooze expires, an object changes, an app is updated. Every action gets an
 * id of its own (an action id is unique forever).
 */
final class Simulator {
  /** The kinds the panel offers. */
  static final List<String> KINDS =
      List.of(
          "message",
          "assigned",
          "transferred",
          "note",
          "snooze_expired",
          "object_created",
          "object_updated",
          "app_updated");

  private final String instance = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong next = new AtomicLong();

  /** The action a simulator request describes, by {@code actor} unless the request names one. */
  Action action(JsonNode r, String actor, Instant now) {
    String kind = WebJson.text(r, "kind");
    String id = "web-" + instance + "-" + next.incrementAndGet();
    String by = or(WebJson.optionalText(r, "actor"), actor);
    try {
      return switch (kind) {
        case "message" ->
            new MessageReceived(
                id,
                now,
                channel(WebJson.text(r, "channel")),
                WebJson.text(r, "customer"),
                WebJson.text(r, "conversation"),
                blankToNull(WebJson.optionalText(r, "assignee")),
                r.path("newConversation").asBoolean(false),
                blankToNull(WebJson.optionalText(r, "text")));
        case "assigned" ->
            new ConversationAssigned(
                id,
                now,
                by,
                WebJson.text(r, "conversation"),
                WebJson.text(r, "customer"),
                WebJson.text(r, "assignee"));
        case "transferred" ->
            new ConversationTransferred(
                id,
                now,
                by,
                WebJson.text(r, "conversation"),
                WebJson.text(r, "customer"),
                WebJson.text(r, "assignee"));
        case "note" ->
            new NoteAdded(
                id,
                now,
                by,
                WebJson.text(r, "conversation"),
                WebJson.text(r, "customer"),
                blankToNull(WebJson.optionalText(r, "assignee")),
                set(WebJson.texts(r, "mentions")),
                set(WebJson.texts(r, "teams")),
                blankToNull(WebJson.optionalText(r, "text")));
        case "snooze_expired" ->
            new SnoozeExpired(
                id,
                now,
                WebJson.text(r, "conversation"),
                WebJson.text(r, "customer"),
                blankToNull(WebJson.optionalText(r, "assignee")));
        case "object_created" ->
            new ObjectCreated(
                id,
                now,
                by,
                WebJson.text(r, "customer"),
                blankToNull(WebJson.optionalText(r, "object")));
        case "object_updated" ->
            new ObjectUpdated(
                id,
                now,
                by,
                WebJson.text(r, "customer"),
                blankToNull(WebJson.optionalText(r, "object")));
        case "app_updated" -> new AppUpdated(id, now, WebJson.text(r, "app"));
        default ->
            throw new BadRequest("kind: unknown kind \"" + kind + "\" (known: " + KINDS + ")");
      };
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  /** Where an action's notifications point: its conversation, else its customer, else nowhere. */
  static String target(Action a) {
    return a.conversationIfAny()
        .map(c -> "conversation " + c)
        .orElseGet(() -> a.customerIfAny().map(c -> "customer " + c).orElse(""));
  }

  /** What the panel shows as the action's target: a conversation, else a customer. */
  static String target(JsonNode r) {
    String conversation = blankToNull(WebJson.optionalText(r, "conversation"));
    if (conversation != null) {
      return "conversation " + conversation;
    }
    String customer = blankToNull(WebJson.optionalText(r, "customer"));
    return customer == null ? "" : "customer " + customer;
  }

  private static Channel channel(String id) {
    for (String known : SettingsPage.CHANNEL_LABELS.keySet()) {
      if (known.equals(id)) {
        return Channel.of(id);
      }
    }
    throw new BadRequest(
        "channel: unknown channel \""
            + id
            + "\" (known: "
            + SettingsPage.CHANNEL_LABELS.keySet()
            + ")");
  }

  private static Set<String> set(List<String> values) {
    Set<String> s = new LinkedHashSet<>();
    for (String v : values) {
      if (!v.isBlank()) {
        s.add(v.trim());
      }
    }
    return s;
  }

  private static String or(@Nullable String a, String b) {
    return a == null || a.isBlank() ? b : a;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
