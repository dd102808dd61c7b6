package dev.notify.examples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.catalog.Catalog;
import dev.notify.examples.demo.HelpDeskDay;
import dev.notify.jdbc.JdbcStores;
import dev.notify.spi.InAppListener;
import dev.notify.spi.InboxItem;
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
      c.add(new Shown(item, popup, sound)); // sent once publish says why
    } else {
      push(new Shown(item, popup, sound), null, null);
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
