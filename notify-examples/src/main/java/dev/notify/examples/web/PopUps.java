package dev.notify.examples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.catalog.Catalog;
import dev.notify.examples.demo.HelpDeskDay;
import dev.notify.jdbc.JdbcStores;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private final WhyTable whyTable;
  private final ThreadLocal<@Nullable List<Shown>> capturing = new ThreadLocal<>();

  PopUps(
      ObjectMapper json, Catalog catalog, JdbcStores stores, LiveEvents live, WhyTable whyTable) {
    this.whyTable = whyTable;
    this.json = json;
    this.catalog = catalog;
    this.stores = stores;
    this.live = live;
  }

  @Override
  public void show(InboxItem item, boolean popup, @Nullable String sound) {
    List<Shown> c = capturing.get();
    if (c != null) {
      c.add(new Shown(item, popup, sound)); // sent once publish says why
    } else {
      // Delivered by a worker (a snooze's end, a retried in-app delivery): the page's own why, when
      // a publish of the page kept one.
      WhyTable.Why w = null;
      try {
        w = whyTable.of(List.of(item)).get(item.id());
      } catch (SQLException e) {
        // The pop-up goes all the same, with the item's own why.
      }
      push(
          new Shown(item, popup, sound), w == null ? null : w.why(), w == null ? null : w.target());
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

  /** Sends a notification to every open tab of its agent. */
  void push(Shown s, @Nullable String why, @Nullable String target) {
    ObjectNode e = item(s.item(), why, target);
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
    Map<String, WhyTable.Why> whys;
    try {
      whys = whyTable.of(missed);
    } catch (SQLException e) {
      whys = Map.of(); // the items' own why
    }
    long badge = stores.inbox().unreadCount(agent);
    List<String> events = new ArrayList<>(missed.size());
    for (InboxItem i : missed) {
      WhyTable.Why w = whys.get(i.id());
      ObjectNode e = item(i, w == null ? null : w.why(), w == null ? null : w.target());
      e.put("popup", true);
      e.putNull("sound");
      e.put("badge", badge);
      events.add(e.toString());
    }
    return events;
  }

  /** An inbox item as the panel shows it. */
  ObjectNode item(InboxItem i, @Nullable String why, @Nullable String target) {
    ObjectNode n = json.createObjectNode();
    n.put("id", i.id());
    n.put("option", i.option());
    n.put("label", catalog.option(i.option()).map(o -> o.label()).orElse(i.option()));
    n.put("text", i.text());
    n.put("createdAt", i.createdAt().toString());
    n.put("read", i.read());
    n.put("seen", i.seen());
    n.put("archived", i.archived());
    // The page's own why (with what became of the email) when it has one, else the item's.
    n.put("why", why == null ? i.reason() : why);
    n.put("target", target == null ? "" : target);
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
