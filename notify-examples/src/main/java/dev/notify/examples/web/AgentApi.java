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
import dev.notify.pipeline.Notifier;
import dev.notify.spi.InboxFilter;
import dev.notify.spi.InboxItem;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
  private final Notifier notifier;
  private final Clock clock;
  private final Map<String, InboxFilter> tabs = tabs(Catalog.standard());

  /** The longest snooze the panel offers: a week. */
  static final int MAX_SNOOZE_MINUTES = 7 * 24 * 60;

  AgentApi(
      Http http,
      ObjectMapper json,
      JdbcStores stores,
      LiveEvents live,
      PopUps popUps,
      SettingsPage settingsPage,
      TimingPage timing,
      Notifier notifier,
      Clock clock) {
    this.notifier = notifier;
    this.clock = clock;
    this.http = http;
    this.json = json;
    this.stores = stores;
    this.live = live;
    this.popUps = popUps;
    this.settingsPage = settingsPage;
    this.timing = timing;
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
        List<String> ids = ids(http.body(ex), 1);
        leftThePanel(ex, agent, ids, stores.inbox().markRead(agent, InboxFilter.ofIds(ids)));
      }
      case "/inbox/archive" -> {
        Http.requireMethod(method, "POST");
        List<String> ids = ids(http.body(ex), 1);
        leftThePanel(ex, agent, ids, stores.inbox().archive(agent, InboxFilter.ofIds(ids)));
      }
      case "/inbox/snooze" -> {
        Http.requireMethod(method, "POST");
        JsonNode body = http.body(ex);
        List<String> ids = ids(body, 1);
        JsonNode minutes = body.path("minutes");
        if (!minutes.isInt() || minutes.asInt() < 1 || minutes.asInt() > MAX_SNOOZE_MINUTES) {
          throw new BadRequest(
              "minutes: expected a whole number from 1 to "
                  + MAX_SNOOZE_MINUTES
                  + ", got "
                  + minutes);
        }
        Instant until = clock.instant().plus(Duration.ofMinutes(minutes.asInt()));
        leftThePanel(ex, agent, ids, notifier.snooze(agent, ids, until));
      }
      case "/inbox/snoozed" -> {
        Http.requireMethod(method, "GET");
        sendItems(ex, stores.inbox().snoozedPage(agent, 0, 50));
      }
      case "/inbox/seen" -> {
        Http.requireMethod(method, "POST");
        List<String> ids = ids(http.body(ex), 0);
        ObjectNode e = json.createObjectNode();
        e.put("marked", ids.isEmpty() ? 0 : stores.inbox().markSeen(agent, InboxFilter.ofIds(ids)));
        e.put("unseen", stores.inbox().unseenCount(agent));
        http.send(ex, 200, e);
      }
      case "/inbox/archived" -> {
        Http.requireMethod(method, "GET");
        sendItems(ex, stores.inbox().archivedPage(agent, 0, 50));
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
   * Items {@code ids} left the panel (read, archived or snoozed): every tab of the agent is told,
   * with the badge; the answer says whether any {@code changed}, and how many.
   */
  private void leftThePanel(HttpExchange ex, String agent, List<String> ids, int changed)
      throws IOException {
    ObjectNode e = json.createObjectNode();
    ArrayNode left = e.putArray("ids");
    ids.forEach(left::add);
    e.put("badge", stores.inbox().unreadCount(agent));
    live.send(agent, "read", e.toString());
    e.put("changed", changed > 0);
    e.put("count", changed);
    http.send(ex, 200, e);
  }

  /**
   * The item ids of a request: {@code "id"} for one, or {@code "ids"}, an array of at least {@code
   * min} and at most {@link InboxFilter#MAX_IDS} strings.
   */
  private static List<String> ids(JsonNode body, int min) {
    if (body.has("id")) {
      return List.of(WebJson.text(body, "id"));
    }
    JsonNode given = body.path("ids");
    if (!given.isArray() || given.size() < min || given.size() > InboxFilter.MAX_IDS) {
      throw new BadRequest(
          "ids: expected an array of " + min + " to " + InboxFilter.MAX_IDS + " item ids");
    }
    List<String> ids = new ArrayList<>(given.size());
    for (JsonNode n : given) {
      if (!n.isTextual()) {
        throw new BadRequest("ids: expected item ids (strings), got " + n);
      }
      ids.add(n.asText());
    }
    return ids;
  }

  /** Answers {@code {"items": list}}. */
  private void sendItems(HttpExchange ex, List<InboxItem> list) throws IOException {
    ObjectNode out = json.createObjectNode();
    items(out, list);
    http.send(ex, 200, out);
  }

  /** Puts {@code list} as the answer's {@code items}, each with its why and target. */
  private void items(ObjectNode out, List<InboxItem> list) {
    ArrayNode items = out.putArray("items");
    for (InboxItem i : list) {
      items.add(popUps.item(i, popUps.why(i)));
    }
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
    ObjectNode out = json.createObjectNode();
    out.put("badge", stores.inbox().unreadCount(agent));
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("more", more);
    items(out, shown);
    http.send(ex, 200, out);
  }
}
