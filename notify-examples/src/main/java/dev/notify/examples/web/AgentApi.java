package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Tab;
import dev.notify.jdbc.JdbcStores;
import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one signed-in agent reads and changes: their settings (with optimistic versions), their
 * panel and badge, their live events and presence, their quiet hours and digest. Thread-safe.
 */
final class AgentApi {
  private final Http http;
  private final ObjectMapper json;
  private final JdbcStores stores;
  private final LiveEvents live;
  private final PopUps popUps;
  private final SettingsPage settingsPage;
  private final TimingPage timing;
  private final WhyTable whyTable;
  private final Map<String, InboxFilter> tabs = tabs(Catalog.standard());

  AgentApi(
      Http http,
      ObjectMapper json,
      JdbcStores stores,
      LiveEvents live,
      PopUps popUps,
      SettingsPage settingsPage,
      TimingPage timing,
      WhyTable whyTable) {
    this.http = http;
    this.json = json;
    this.stores = stores;
    this.live = live;
    this.popUps = popUps;
    this.settingsPage = settingsPage;
    this.timing = timing;
    this.whyTable = whyTable;
  }

  /** Serves {@code rest} of {@code /api/agents/{agent}} for the signed-in agent of {@code s}. */
  void route(HttpExchange ex, Sessions.Session s, String method, String rest)
      throws IOException, SQLException {
    String agent = s.agent();
    switch (rest) {
      case "/settings" -> {
        if (method.equals("GET")) {
          http.send(ex, 200, settingsPage.view(agent));
        } else {
          Http.requireMethod(method, "PUT");
          ObjectNode saved = settingsPage.save(agent, http.body(ex));
          ObjectNode e = json.createObjectNode();
          e.put("version", saved.path("version").asLong());
          String tab = ex.getRequestHeaders().getFirst("X-Notify-Tab");
          if (tab != null && tab.matches("[a-z0-9]{1,16}")) {
            e.put("tab", tab); // the saving tab knows already
          }
          live.send(agent, "settings", e.toString()); // the agent's other tabs reload
          http.send(ex, 200, saved);
        }
      }
      case "/inbox" -> {
        Http.requireMethod(method, "GET");
        inbox(ex, agent);
      }
      case "/inbox/read" -> {
        Http.requireMethod(method, "POST");
        String id = WebJson.text(http.body(ex), "id");
        leftThePanel(ex, agent, id, stores.inbox().markRead(agent, id));
      }
      case "/inbox/archive" -> {
        Http.requireMethod(method, "POST");
        String id = WebJson.text(http.body(ex), "id");
        leftThePanel(ex, agent, id, stores.inbox().archive(agent, InboxFilter.ofIds(id)) == 1);
      }
      case "/inbox/seen" -> {
        Http.requireMethod(method, "POST");
        List<String> ids = new ArrayList<>();
        JsonNode given = http.body(ex).path("ids");
        if (!given.isArray() || given.size() > InboxFilter.MAX_IDS) {
          throw new BadRequest("ids: expected an array of at most " + InboxFilter.MAX_IDS);
        }
        given.forEach(n -> ids.add(n.asText()));
        ObjectNode e = json.createObjectNode();
        e.put("marked", ids.isEmpty() ? 0 : stores.inbox().markSeen(agent, InboxFilter.ofIds(ids)));
        e.put("unseen", stores.inbox().unseenCount(agent));
        http.send(ex, 200, e);
      }
      case "/inbox/archived" -> {
        Http.requireMethod(method, "GET");
        ObjectNode out = json.createObjectNode();
        ArrayNode items = out.putArray("items");
        List<InboxItem> archived = stores.inbox().archivedPage(agent, 0, 50);
        Map<String, WhyTable.Why> whys = whyTable.of(archived);
        for (InboxItem i : archived) {
          WhyTable.Why w = whys.get(i.id());
          items.add(popUps.item(i, w == null ? null : w.why(), w == null ? null : w.target()));
        }
        http.send(ex, 200, out);
      }
      case "/inbox/read-all" -> {
        Http.requireMethod(method, "POST");
        String tab = http.body(ex).path("tab").asText("all");
        int n = stores.inbox().markRead(agent, tabFilter(tab)); // "Mark All Read" of one tab
        ObjectNode e = json.createObjectNode();
        e.put("all", true);
        e.put("tab", tab);
        e.put("badge", stores.inbox().unreadCount(agent));
        live.send(agent, "read", e.toString());
        e.put("marked", n);
        http.send(ex, 200, e);
      }
      case "/events" -> {
        Http.requireMethod(method, "GET");
        // A new tab starts with what is there now; a reconnecting one says what it saw last.
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        // Refused (too many tabs) before any side effect; logged in before the tab can drop.
        live.open(
            agent,
            s.id(),
            ex,
            last == null ? null : last.trim(),
            tab -> stores.presence().logIn(agent, tab));
        popUps.broadcastPresence();
      }
      case "/timing" -> {
        if (method.equals("GET")) {
          http.send(ex, 200, timing.view(agent));
        } else {
          Http.requireMethod(method, "PUT");
          timing.save(agent, http.body(ex));
          http.send(ex, 200, timing.view(agent));
        }
      }
      case "/heartbeat" -> {
        Http.requireMethod(method, "POST");
        stores.presence().heartbeat(agent);
        http.send(ex, 200, json.createObjectNode());
      }
      default -> throw new BadRequest(404, "no resource /api/agents/" + agent + rest);
    }
  }

  /**
   * Item {@code id} left the panel (read or archived): every tab of the agent is told, with the
   * badge; the answer says whether it {@code changed}.
   */
  private void leftThePanel(HttpExchange ex, String agent, String id, boolean changed)
      throws IOException {
    ObjectNode e = json.createObjectNode();
    e.putArray("ids").add(id);
    e.put("badge", stores.inbox().unreadCount(agent));
    live.send(agent, "read", e.toString());
    e.put("changed", changed);
    http.send(ex, 200, e);
  }

  /** The panel's tabs: {@code all}, and the options of each of the catalog's tabs. */
  private static Map<String, InboxFilter> tabs(Catalog catalog) {
    Map<String, InboxFilter> tabs = new HashMap<>();
    tabs.put("all", InboxFilter.ALL);
    for (Tab t : Tab.values()) {
      List<String> options = new ArrayList<>();
      for (NotificationOption o : catalog.options()) {
        if (o.tab() == t) {
          options.add(o.id());
        }
      }
      tabs.put(t.name().toLowerCase(Locale.ROOT), InboxFilter.ALL.options(options));
    }
    return Map.copyOf(tabs);
  }

  /** The filter of the panel's tab {@code tab}. */
  private InboxFilter tabFilter(String tab) {
    InboxFilter f = tabs.get(tab);
    if (f == null) {
      throw new BadRequest(
          "tab: expected one of " + new TreeSet<>(tabs.keySet()) + ", got \"" + tab + "\"");
    }
    return f;
  }

  private void inbox(HttpExchange ex, String agent) throws IOException, SQLException {
    Map<String, String> q = Http.query(ex);
    int offset = Http.number(q, "offset", 0, 0, 100_000);
    int limit = Http.number(q, "limit", 20, 1, 100);
    // One more than the page tells whether there is a next one.
    InboxFilter tab = tabFilter(q.getOrDefault("tab", "all"));
    List<InboxItem> unread = stores.inbox().unreadPage(agent, tab, offset, limit + 1);
    boolean more = unread.size() > limit;
    List<InboxItem> shown = more ? unread.subList(0, limit) : unread;
    Map<String, WhyTable.Why> whys = whyTable.of(shown);
    ObjectNode out = json.createObjectNode();
    out.put("badge", stores.inbox().unreadCount(agent));
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("more", more);
    ArrayNode items = out.putArray("items");
    for (InboxItem i : shown) {
      WhyTable.Why w = whys.get(i.id());
      items.add(popUps.item(i, w == null ? null : w.why(), w == null ? null : w.target()));
    }
    http.send(ex, 200, out);
  }
}
