package dev.notify.examples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.examples.demo.HelpDeskDay;
import dev.notify.jdbc.JdbcStores;
import dev.notify.spi.Delivery;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The in-app listener of the web example: each new notification goes to every open tab of its agent
 * as a live event, with its pop-up, sound, badge and why. A publish made by the page captures its
 * notifications first ({@link #capture}), so they are sent once the page knows why; the others
 * (workers, other pages) go at once. Also tells every tab who is logged in. Thread-safe.
 */
final class PopUps implements InAppListener {
  /** A notification shown, before it is sent to the tabs. */
  record Shown(InboxItem item, boolean popup, @Nullable String sound) {}

  private final ObjectMapper json;
  private final Catalog catalog;
  private final JdbcStores stores;
  private final LiveEvents live;
  private final ThreadLocal<@Nullable List<Shown>> capturing = new ThreadLocal<>();

  PopUps(ObjectMapper json, Catalog catalog, JdbcStores stores, LiveEvents live) {
    this.json = json;
    this.catalog = catalog;
    this.stores = stores;
    this.live = live;
  }

  @Override
  public void show(InboxItem item, boolean popup, @Nullable String sound) {
    List<Shown> c = capturing.get();
    if (c != null) {
      c.add(new Shown(item, popup, sound)); // sent once publish says where the email goes
    } else {
      // Delivered by a worker (a snooze's end): the item's why, and where its email went.
      push(new Shown(item, popup, sound), why(item));
    }
  }

  /** Runs {@code publish} on this thread and answers what it showed, not yet sent to the tabs. */
  <T> T capture(Supplier<T> publish, List<Shown> into) {
    capturing.set(into);
    try {
      return publish.get();
    } finally {
      capturing.remove();
    }
  }

  /** Sends a notification to every open tab of its agent, with {@code why}. */
  void push(Shown s, String why) {
    ObjectNode e = item(s.item(), why);
    e.put("popup", s.popup());
    if (s.sound() == null) {
      e.putNull("sound");
    } else {
      e.put("sound", s.sound());
    }
    e.put("badge", stores.inbox().unreadCount(s.item().userId()));
    live.send(s.item().userId(), "notification", e.toString());
  }

  /** The most missed notifications a tab that resumes on another instance is sent. */
  static final int MISSED = 50;

  /**
   * The agent's unread notifications created at or after {@code since}, oldest first (the newest
   * {@value #MISSED} at most), as the events that would have popped them up: what a tab missed
   * while it reconnected to another instance.
   */
  List<String> missedSince(String agent, Instant since) {
    List<InboxItem> missed = new ArrayList<>();
    for (InboxItem i : stores.inbox().unreadPage(agent, 0, MISSED)) {
      if (!i.createdAt().isBefore(since)) {
        missed.add(0, i);
      }
    }
    if (missed.isEmpty()) {
      return List.of();
    }
    long badge = stores.inbox().unreadCount(agent);
    List<String> events = new ArrayList<>(missed.size());
    for (InboxItem i : missed) {
      ObjectNode e = item(i, why(i));
      e.put("popup", true);
      e.putNull("sound");
      e.put("badge", badge);
      events.add(e.toString());
    }
    return events;
  }

  /**
   * Why the agent has {@code i}, in the settings page's words (the item's reason, which the
   * notifier writes with {@link PlainWhy}), and where the email of the same action went, as the
   * delivery history says now: "sent", "waiting until 18:00", "gathered into a digest".
   */
  String why(InboxItem i) {
    String id = Delivery.idOf(i.actionId(), i.userId(), Medium.EMAIL);
    List<HistoryEvent> email = stores.outbox().history().of(id);
    if (email.isEmpty()) {
      return i.reason();
    }
    HistoryEvent last = email.get(email.size() - 1);
    Instant at = last.due();
    String due = at == null ? "" : " until " + DUE.format(at);
    String note =
        switch (last.kind()) {
          case QUEUED -> at == null ? "waiting to be sent" : "waiting" + due;
          case DEFERRED ->
              "held" + due + (last.detail().isEmpty() ? "" : " (" + last.detail() + ")");
          case ATTEMPT_FAILED -> "failed once, trying again" + due;
          case SENT -> last.detail().startsWith("digest") ? "sent in a digest" : "sent as well";
          case GATHERED -> "gathered into a digest";
          case THROTTLED -> "held back: too many at once";
          case READ_IN_TIME -> "not sent: you read it in time";
          case DEAD_LETTER -> "could not be sent";
          case REDRIVEN -> "being sent again";
          case PURGED -> "could not be sent, and was deleted";
        };
    return i.reason() + " \u2014 email: " + note;
  }

  /** How the panel says when a waiting email goes. */
  private static final DateTimeFormatter DUE =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  /** An inbox item as the panel shows it, with {@code why}. */
  ObjectNode item(InboxItem i, String why) {
    ObjectNode n = json.createObjectNode();
    n.put("id", i.id());
    n.put("option", i.option());
    n.put("label", catalog.option(i.option()).map(o -> o.label()).orElse(i.option()));
    n.put("text", i.text());
    n.put("createdAt", i.createdAt().toString());
    n.put("read", i.read());
    n.put("seen", i.seen());
    n.put("archived", i.archived());
    n.put("why", why);
    n.put("target", i.link());
    i.snoozedUntilIfAny().ifPresent(t -> n.put("snoozedUntil", t.toString()));
    return n;
  }

  /**
   * A tab of the agent closed: its presence session ends (the agent is logged out when it was their
   * last tab on any instance), and every tab is told.
   */
  void tabClosed(String agent, String tab) {
    stores.presence().logOut(agent, tab);
    broadcastPresence();
  }

  /** Tells every tab of every agent who is logged in. */
  void broadcastPresence() {
    String p = presences().toString();
    for (String a : HelpDeskDay.AGENTS) {
      live.send(a, "presence", p);
    }
  }

  /** Every agent's presence, by agent. */
  ObjectNode presences() {
    ObjectNode n = json.createObjectNode();
    stores
        .presence()
        .presences(HelpDeskDay.AGENTS)
        .forEach((a, p) -> n.put(a, p.name().toLowerCase(Locale.ROOT)));
    return n;
  }
}
