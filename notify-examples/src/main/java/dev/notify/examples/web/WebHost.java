package dev.notify.examples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.notify.NotifyException;
import dev.notify.action.Action;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.email.EmailAddress;
import dev.notify.email.EmailComposer;
import dev.notify.email.EmailTransport;
import dev.notify.email.SmtpConfig;
import dev.notify.email.SmtpSender;
import dev.notify.email.StandardEmailRenderer;
import dev.notify.engine.Decision;
import dev.notify.engine.MediumDecision;
import dev.notify.engine.Outcome;
import dev.notify.examples.demo.HelpDeskDay;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DefaultTableChange;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.PublishResult;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.UserSettings;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Digest;
import dev.notify.spi.InboxItem;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.spi.VersionedSettings;
import dev.notify.timeline.DigestPolicy;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web example: the seed's screens — Settings &gt; Personal &gt; Notifications, the notification
 * panel with its badge, live pop-ups with sounds and browser notifications — for the demo's agents,
 * on the real pipeline: notify-jdbc stores (an H2 file by default), two delivery workers, email to
 * an embedded GreenMail server (or the host's SMTP server).
 *
 * <p>Plain JDK: {@link HttpServer} with an executor, static files from the jar, JSON over fetch and
 * Server-Sent Events. <b>Security</b>, as a real host needs it even without passwords: a session
 * cookie per agent ({@code HttpOnly}, {@code SameSite=Strict}; one browser may be signed in as two
 * agents in two windows); every request goes to {@code /api/agents/{agent}/…} and is refused (403)
 * unless the browser is signed in as that agent; every state-changing request carries the session's
 * CSRF token in {@code X-CSRF-Token}; JSON bodies are limited to {@value #MAX_BODY} bytes; the
 * pages render all user-supplied text as text (and a Content Security Policy forbids inline
 * script).
 */
public final class WebHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebHost.class);

  /** The largest JSON body accepted, in bytes. */
  public static final int MAX_BODY = 16 * 1024;

  private static final String COOKIE = "notify_sid_";
  private static final Pattern AGENT_PATH = Pattern.compile("^/api/agents/([^/]+)(/.*)$");
  private static final Map<String, String> STATIC =
      Map.of(
          "/", "index.html",
          "/app", "app.html",
          "/static/app.js", "app.js",
          "/static/signin.js", "signin.js",
          "/static/app.css", "app.css");
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";

  /**
   * How to run.
   *
   * @param port the port on 127.0.0.1, 0 for any free one
   * @param jdbcUrl where the stores live
   * @param smtpHost the host's SMTP server, or null for an embedded one
   * @param smtpPort its port
   * @param sessionTimeout the inactivity after which an agent counts as timed out
   * @param keepAlive how often open event streams get a keep-alive (and closed tabs are found)
   */
  public record Options(
      int port,
      String jdbcUrl,
      String smtpHost,
      int smtpPort,
      Duration sessionTimeout,
      Duration keepAlive) {}

  private record Session(String id, String agent, String csrf) {}

  private record Shown(InboxItem item, boolean popup, String sound) {}

  private final ObjectMapper json = new ObjectMapper();
  private final Catalog catalog = Catalog.standard();
  private final SettingsPage settingsPage =
      new SettingsPage(catalog, DefaultTable.standard(), json);
  private final Simulator simulator = new Simulator();
  private final InMemoryDirectory directory = HelpDeskDay.organisation(new InMemoryDirectory());
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<List<Shown>> capturing = new ThreadLocal<>();
  private final Clock clock = Clock.systemUTC();
  private final Options options;
  private final HikariDataSource dataSource;
  private final JdbcStores stores;
  private final TimingPage timing;

  /** What became of the latest email, newest first, for the Mail page: at most 200 lines. */
  private final Deque<String[]> outcomes = new ConcurrentLinkedDeque<>();

  /** Keeps what the workers tell of each email, for the Mail page. */
  private final class Outcomes implements DeliveryObserver {
    private void add(String to, String what) {
      outcomes.addFirst(new String[] {clock.instant().toString(), to, what});
      while (outcomes.size() > 200) {
        outcomes.pollLast();
      }
    }

    @Override
    public void sent(Delivery d) {
      add(d.recipient().id(), "sent: \u201c" + d.option().label() + "\u201d");
    }

    @Override
    public void digestSent(Digest d) {
      add(d.userId(), "sent a digest of " + d.size());
    }

    @Override
    public void readInTime(Delivery d) {
      add(
          d.recipient().id(),
          "not sent: \u201c" + d.option().label() + "\u201d was read in the app in time");
    }

    @Override
    public void retried(Delivery d, int attempt, Instant next, String error) {
      add(d.recipient().id(), "attempt " + attempt + " failed, tried again: " + error);
    }

    @Override
    public void deadLettered(
        Delivery d, TransportException.Kind kind, String message, int attempts) {
      add(d.recipient().id(), "gave up (" + kind + "): " + message);
    }
  }

  /** The options that pass quiet hours and digests. */
  private static final Set<String> URGENT = Set.of("note.mentioned");

  private final GreenMail mail;
  private final SmtpSender smtp;
  private final Notifier notifier;
  private final DeliveryWorkers workers;
  private final LiveEvents live;
  private final HttpServer server;
  private final ExecutorService requests;

  private WebHost(Options o) throws IOException {
    this.options = o;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(o.jdbcUrl());
    config.setMaximumPoolSize(8);
    this.dataSource = new HikariDataSource(config);
    this.stores = JdbcStores.builder(dataSource).sessionTimeout(o.sessionTimeout()).build();
    createWhyTable();
    try {
      this.timing = new TimingPage(dataSource, json);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the web example's timings: " + e, e);
    }
    String host = o.smtpHost();
    int port = o.smtpPort();
    if (host == null) {
      mail =
          new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
      mail.start();
      host = "127.0.0.1";
      port = mail.getSmtp().getPort();
    } else {
      mail = null;
    }
    this.smtp = new SmtpSender(SmtpConfig.plain(host, port));
    EmailComposer composer =
        new EmailComposer(
            EmailAddress.of("notifications@acme-helpdesk.example", "Acme Help Desk"),
            new StandardEmailRenderer("Acme Help Desk"));
    this.live = new LiveEvents(o.keepAlive(), this::lastTabClosed);
    this.notifier =
        Notifier.builder()
            .directory(directory)
            .stores(stores)
            .transport(new EmailTransport(composer, smtp))
            .inAppListener(this::shown)
            .timings(timing)
            .urgent(URGENT) // a mention passes quiet hours and digests
            .observer(new Outcomes())
            .clock(clock)
            .build();
    this.workers = notifier.startWorkers(2, Duration.ofMillis(100));
    this.requests =
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "web-request");
              t.setDaemon(true);
              return t;
            });
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()), 64);
    server.setExecutor(requests);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts the web host; {@link #close()} stops it. */
  public static WebHost start(Options options) throws IOException {
    return new WebHost(options);
  }

  /** The address of the sign-in page. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The embedded SMTP server, or null when email goes to the host's server. */
  public GreenMail mailServer() {
    return mail;
  }

  /** The notifier behind the pages. */
  public Notifier notifier() {
    return notifier;
  }

  /** The stores behind the pages. */
  public JdbcStores stores() {
    return stores;
  }

  @Override
  public void close() {
    server.stop(0);
    live.close();
    requests.shutdownNow();
    workers.close(Duration.ofSeconds(5));
    smtp.close();
    if (mail != null) {
      mail.stop();
    }
    dataSource.close();
  }

  // --- the in-app listener: pop-ups to every open tab of the agent ---

  private void shown(InboxItem item, boolean popup, String sound) {
    List<Shown> c = capturing.get();
    if (c != null) {
      c.add(new Shown(item, popup, sound)); // sent once publish says why
    } else {
      push(new Shown(item, popup, sound), null, null);
    }
  }

  private void push(Shown s, String why, String target) {
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

  private ObjectNode item(InboxItem i, String why, String target) {
    ObjectNode n = json.createObjectNode();
    n.put("id", i.id());
    n.put("option", i.option());
    n.put("label", catalog.option(i.option()).map(o -> o.label()).orElse(i.option()));
    n.put("text", i.text());
    n.put("createdAt", i.createdAt().toString());
    n.put("read", i.read());
    n.put("why", why == null ? "" : why);
    n.put("target", target == null ? "" : target);
    return n;
  }

  private void lastTabClosed(String agent) {
    stores.presence().logOut(agent);
    broadcastPresence();
  }

  private void broadcastPresence() {
    String p = presences().toString();
    for (String a : HelpDeskDay.AGENTS) {
      live.send(a, "presence", p);
    }
  }

  private ObjectNode presences() {
    ObjectNode n = json.createObjectNode();
    stores
        .presence()
        .presences(HelpDeskDay.AGENTS)
        .forEach((a, p) -> n.put(a, p.name().toLowerCase(Locale.ROOT)));
    return n;
  }

  // --- why each notification was delivered: the host keeps it beside the inbox ---

  private void createWhyTable() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS web_why (item_id VARCHAR(2048) PRIMARY KEY,"
              + " why VARCHAR(4000) NOT NULL, target VARCHAR(1000) NOT NULL)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the web example's table: " + e, e);
    }
  }

  private void saveWhys(Map<String, String> whys, String target) throws SQLException {
    if (whys.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO web_why (item_id, why, target) VALUES (?, ?, ?)")) {
      for (Map.Entry<String, String> w : whys.entrySet()) {
        ps.setString(1, w.getKey());
        ps.setString(2, w.getValue());
        ps.setString(3, target);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private Map<String, String[]> whys(List<InboxItem> items) throws SQLException {
    Map<String, String[]> out = new HashMap<>();
    if (items.isEmpty()) {
      return out;
    }
    // One query for the page (at most 100 items).
    String marks = "?" + ", ?".repeat(items.size() - 1);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT item_id, why, target FROM web_why WHERE item_id IN (" + marks + ")")) {
      for (int i = 0; i < items.size(); i++) {
        ps.setString(i + 1, items.get(i).id());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3)});
        }
      }
    }
    return out;
  }

  // --- HTTP ---

  private void handle(HttpExchange ex) throws IOException {
    try {
      ex.getResponseHeaders().set("Content-Security-Policy", CSP);
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      route(ex);
    } catch (BadRequest e) {
      error(ex, e.status(), e.getMessage());
    } catch (NotifyException | IllegalArgumentException e) {
      error(ex, 400, e.getMessage());
    } catch (RuntimeException | SQLException | MessagingException e) {
      LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      error(ex, 500, "the server failed: " + e.getClass().getSimpleName());
    } finally {
      if (!"text/event-stream; charset=utf-8"
          .equals(ex.getResponseHeaders().getFirst("Content-Type"))) {
        ex.close();
      }
    }
  }

  private void route(HttpExchange ex) throws IOException, SQLException, MessagingException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String file = STATIC.get(path);
    if (file != null) {
      requireMethod(method, "GET");
      serveStatic(ex, file);
      return;
    }
    if (!path.startsWith("/api/")) {
      throw new BadRequest(404, "no page " + path);
    }
    if (path.equals("/api/agents") && method.equals("GET")) {
      ArrayNode a = json.createArrayNode();
      HelpDeskDay.AGENTS.forEach(a::add);
      send(ex, 200, a);
      return;
    }
    if (path.equals("/api/signin")) {
      requireMethod(method, "POST");
      signIn(ex);
      return;
    }
    Matcher m = AGENT_PATH.matcher(path);
    if (!m.matches()) {
      throw new BadRequest(404, "no resource " + path);
    }
    String agent = m.group(1);
    Session s = session(ex, agent);
    if (s == null) {
      List<String> others = signedIn(ex);
      if (others.isEmpty()) {
        throw new BadRequest(401, "sign in first");
      }
      throw new BadRequest(
          403, "you are signed in as " + String.join(", ", others) + ", not " + agent);
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      String token = ex.getRequestHeaders().getFirst("X-CSRF-Token");
      if (token == null
          || !MessageDigest.isEqual(
              token.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
        throw new BadRequest(403, "missing or wrong CSRF token");
      }
    }
    switch (m.group(2)) {
      case "/me" -> {
        requireMethod(method, "GET");
        ObjectNode me = json.createObjectNode();
        me.put("agent", s.agent());
        me.put("csrf", s.csrf());
        me.put("timeoutSeconds", options.sessionTimeout().toSeconds());
        ArrayNode agents = me.putArray("agents");
        HelpDeskDay.AGENTS.forEach(agents::add);
        ArrayNode kinds = me.putArray("kinds");
        Simulator.KINDS.forEach(kinds::add);
        ObjectNode channels = me.putObject("channels");
        catalog.channels().forEach(c -> channels.put(c.id(), SettingsPage.channelLabel(c)));
        send(ex, 200, me);
      }
      case "/signout" -> {
        requireMethod(method, "POST");
        sessions.remove(s.id());
        ex.getResponseHeaders()
            .add(
                "Set-Cookie",
                COOKIE + s.agent() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        send(ex, 200, json.createObjectNode());
      }
      case "/presence" -> {
        requireMethod(method, "GET");
        send(ex, 200, presences());
      }
      case "/mail" -> {
        requireMethod(method, "GET");
        send(ex, 200, mailbox());
      }
      case "/simulate" -> {
        requireMethod(method, "POST");
        simulate(ex, s, body(ex));
      }
      case "/preview-table" -> {
        requireMethod(method, "POST");
        send(ex, 200, previewTable(body(ex)));
      }
      default -> agentRoute(ex, s.agent(), method, m.group(2));
    }
  }

  private void agentRoute(HttpExchange ex, String agent, String method, String rest)
      throws IOException, SQLException {
    switch (rest) {
      case "/settings" -> {
        if (method.equals("GET")) {
          send(ex, 200, settings(agent));
        } else {
          requireMethod(method, "PUT");
          saveSettings(ex, agent, body(ex));
        }
      }
      case "/inbox" -> {
        requireMethod(method, "GET");
        inbox(ex, agent);
      }
      case "/inbox/read" -> {
        requireMethod(method, "POST");
        String id = WebJson.text(body(ex), "id");
        boolean changed = stores.inbox().markRead(agent, id);
        long badge = stores.inbox().unreadCount(agent);
        ObjectNode e = json.createObjectNode();
        e.putArray("ids").add(id);
        e.put("badge", badge);
        live.send(agent, "read", e.toString()); // every tab of the agent
        e.put("changed", changed);
        send(ex, 200, e);
      }
      case "/inbox/read-all" -> {
        requireMethod(method, "POST");
        int n = stores.inbox().markAllRead(agent);
        ObjectNode e = json.createObjectNode();
        e.put("all", true);
        e.put("badge", stores.inbox().unreadCount(agent));
        live.send(agent, "read", e.toString());
        e.put("marked", n);
        send(ex, 200, e);
      }
      case "/events" -> {
        requireMethod(method, "GET");
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        long after = live.lastId(agent); // a new tab starts with what is there now
        if (last != null) {
          try {
            after = Long.parseLong(last.trim());
          } catch (NumberFormatException e) {
            throw new BadRequest("Last-Event-ID must be a number, got \"" + last + "\"");
          }
        }
        stores.presence().logIn(agent);
        live.open(agent, ex, after);
        broadcastPresence();
      }
      case "/timing" -> {
        if (method.equals("GET")) {
          send(ex, 200, timing.view(agent));
        } else {
          requireMethod(method, "PUT");
          timing.save(agent, body(ex));
          send(ex, 200, timing.view(agent));
        }
      }
      case "/heartbeat" -> {
        requireMethod(method, "POST");
        stores.presence().heartbeat(agent);
        send(ex, 200, json.createObjectNode());
      }
      default -> throw new BadRequest(404, "no resource /api/agents/" + agent + rest);
    }
  }

  private Tenure tenure(String agent) {
    UserAccount a = directory.user(agent).orElseThrow();
    return Tenure.of(directory.organizationCreatedOn().orElse(null), a.createdOn());
  }

  private ObjectNode settings(String agent) {
    VersionedSettings v = stores.settings().load(agent);
    ObjectNode page = settingsPage.view(v.settings(), v.version(), tenure(agent));
    page.put("agent", agent);
    return page;
  }

  private void saveSettings(HttpExchange ex, String agent, JsonNode body) throws IOException {
    JsonNode version = body.get("version");
    if (version == null || !version.canConvertToLong()) {
      throw new BadRequest("version is required: the version the page was loaded with");
    }
    VersionedSettings current = stores.settings().load(agent);
    UserSettings next = settingsPage.apply(current.settings(), tenure(agent), body);
    try {
      stores.settings().save(agent, next, version.asLong());
    } catch (SettingsConflictException e) {
      ObjectNode conflict = json.createObjectNode();
      conflict.put(
          "error",
          "Your settings were changed elsewhere (another tab or window) since this page loaded;"
              + " nothing was saved. The page now shows the latest settings.");
      send(ex, 409, conflict);
      return;
    }
    send(ex, 200, settings(agent));
  }

  private void inbox(HttpExchange ex, String agent) throws IOException, SQLException {
    Map<String, String> q = query(ex);
    int offset = number(q, "offset", 0, 0, 100_000);
    int limit = number(q, "limit", 20, 1, 100);
    // One more than the page tells whether there is a next one.
    List<InboxItem> unread = stores.inbox().unreadPage(agent, offset, limit + 1);
    boolean more = unread.size() > limit;
    List<InboxItem> shown = more ? unread.subList(0, limit) : unread;
    Map<String, String[]> whys = whys(shown);
    ObjectNode out = json.createObjectNode();
    out.put("badge", stores.inbox().unreadCount(agent));
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("more", more);
    ArrayNode items = out.putArray("items");
    for (InboxItem i : shown) {
      String[] w = whys.get(i.id());
      items.add(item(i, w == null ? null : w[0], w == null ? null : w[1]));
    }
    send(ex, 200, out);
  }

  /**
   * What becomes of each agent's email of a publish, for their panel beside the in-app item: sent
   * as well, waiting (and why), gathered into their digest.
   */
  private Map<String, String> emailNotes(PublishResult r) {
    Map<String, String> notes = new HashMap<>();
    for (PublishResult.Held h : r.held()) {
      notes.put(h.delivery().recipient().id(), h.why());
    }
    for (Delivery e : r.enqueued()) {
      String agent = e.recipient().id();
      String note = notes.getOrDefault(agent, "sent as well");
      DigestPolicy digest = timing.timingOf(agent).digest();
      if (digest != null && !URGENT.contains(e.option().id())) {
        note +=
            "; gathered into your digest (one email per " + digest.window().toMinutes() + " min)";
      }
      notes.put(agent, note);
    }
    return notes;
  }

  /**
   * A dry run of the next default table, the standard one with one value changed: per option and
   * medium, how many agents would follow the change and who. Nothing is written.
   */
  private ObjectNode previewTable(JsonNode body) {
    String option = WebJson.text(body, "option");
    if (catalog.option(option).isEmpty()) {
      throw new BadRequest("option: unknown option \"" + option + "\"");
    }
    String mediumId = WebJson.text(body, "medium");
    Medium medium =
        catalog.media().stream()
            .filter(m -> m.id().equals(mediumId))
            .findFirst()
            .orElseThrow(() -> new BadRequest("medium: unknown medium \"" + mediumId + "\""));
    String f = WebJson.text(body, "frequency");
    Frequency frequency;
    try {
      frequency = Frequency.valueOf(f);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(
          "frequency: expected ALWAYS, WHEN_LOGGED_OUT, NEVER or IF_UNREAD, got \"" + f + "\"");
    }
    DefaultTable next;
    try {
      next = DefaultTable.standard().toBuilder("standard-2").set(option, medium, frequency).build();
    } catch (IllegalArgumentException e) {
      throw new BadRequest("frequency: " + e.getMessage());
    }
    DefaultTableChange c = notifier.previewDefaultTable(next, 5);
    ObjectNode out = json.createObjectNode();
    out.put("from", c.from());
    out.put("to", c.to());
    out.put("agents", c.users());
    ArrayNode lines = out.putArray("changes");
    for (DefaultTableChange.Line l : c.changes()) {
      ObjectNode n = lines.addObject();
      n.put("option", l.option());
      n.put("label", catalog.requireOption(l.option()).label());
      n.put("medium", l.medium().id());
      n.put("before", l.before().name());
      n.put("after", l.after().name());
      n.put("agents", l.users());
      ArrayNode ex = n.putArray("examples");
      l.examples().forEach(ex::add);
    }
    return out;
  }

  private void simulate(HttpExchange ex, Session s, JsonNode body)
      throws IOException, SQLException {
    Action action = simulator.action(body, s.agent(), clock.instant());
    List<Shown> shown = new ArrayList<>();
    PublishResult r;
    capturing.set(shown);
    try {
      r = notifier.publish(action);
    } finally {
      capturing.remove();
    }
    String target = Simulator.target(body);
    Map<String, String> emails = emailNotes(r);
    Map<String, String> whys = new HashMap<>();
    for (Delivery d : r.inApp()) {
      String email = emails.get(d.recipient().id());
      whys.put(d.id(), d.reason().explain() + (email == null ? "" : " — email: " + email));
    }
    saveWhys(whys, target);
    for (Shown sh : shown) {
      push(sh, whys.get(sh.item().id()), target);
    }
    ObjectNode out = json.createObjectNode();
    out.put("action", action.id());
    out.put("text", action.describe());
    ArrayNode decisions = out.putArray("decisions");
    for (Decision d : r.decisions()) {
      for (MediumDecision md : d.media()) {
        if (md.reason().outcome() == Outcome.NOT_IN_AUDIENCE) {
          continue;
        }
        ObjectNode n = decisions.addObject();
        n.put("agent", d.userId());
        n.put("presence", d.presence().name().toLowerCase(Locale.ROOT));
        n.put("medium", md.medium().id());
        n.put("delivered", md.delivered());
        n.put("reason", md.reason().explain());
      }
    }
    ArrayNode held = out.putArray("held");
    for (PublishResult.Held h : r.held()) {
      ObjectNode n = held.addObject();
      n.put("agent", h.delivery().recipient().id());
      n.put("medium", h.delivery().medium().id());
      n.put("due", h.due().toString());
      n.put("why", h.why());
    }
    workers.nudge();
    send(ex, 200, out);
  }

  private ObjectNode mailbox() throws MessagingException {
    ObjectNode out = json.createObjectNode();
    out.put("embedded", mail != null);
    ArrayNode told = out.putArray("outcomes");
    for (String[] o : outcomes) {
      ObjectNode n = told.addObject();
      n.put("at", o[0]);
      n.put("agent", o[1]);
      n.put("what", o[2]);
    }
    ArrayNode list = out.putArray("messages");
    if (mail != null) {
      MimeMessage[] received = mail.getReceivedMessages();
      for (int i = received.length - 1; i >= 0; i--) {
        MimeMessage m = received[i];
        ObjectNode n = list.addObject();
        n.put("to", m.getRecipients(Message.RecipientType.TO)[0].toString());
        n.put("subject", m.getSubject());
        n.put("receivedAt", m.getReceivedDate() == null ? "" : m.getReceivedDate().toString());
      }
    }
    return out;
  }

  private void signIn(HttpExchange ex) throws IOException {
    String agent = WebJson.text(body(ex), "agent");
    if (!HelpDeskDay.AGENTS.contains(agent)) {
      throw new BadRequest(
          "agent: unknown agent \"" + agent + "\" (known: " + HelpDeskDay.AGENTS + ")");
    }
    Session old = session(ex, agent);
    if (old != null) {
      sessions.remove(old.id());
    }
    Session s = new Session(token(), agent, token());
    sessions.put(s.id(), s);
    // One cookie per agent, so one browser can be signed in as two agents in two windows.
    ex.getResponseHeaders()
        .add("Set-Cookie", COOKIE + agent + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
    ObjectNode out = json.createObjectNode();
    out.put("agent", agent);
    out.put("csrf", s.csrf());
    send(ex, 200, out);
  }

  /** The session of {@code agent} this browser holds: each agent has a cookie of their own. */
  private Session session(HttpExchange ex, String agent) {
    String name = COOKIE + agent + "=";
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(name)) {
          Session s = sessions.get(p.substring(name.length()));
          if (s != null && s.agent().equals(agent)) {
            return s;
          }
        }
      }
    }
    return null;
  }

  /** The agents this browser is signed in as. */
  private List<String> signedIn(HttpExchange ex) {
    List<String> agents = new ArrayList<>();
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (p.startsWith(COOKIE) && eq > 0) {
          Session s = sessions.get(p.substring(eq + 1));
          if (s != null && p.substring(COOKIE.length(), eq).equals(s.agent())) {
            agents.add(s.agent());
          }
        }
      }
    }
    return agents;
  }

  private String token() {
    byte[] b = new byte[24];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private JsonNode body(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new BadRequest(415, "send JSON (Content-Type: application/json)");
    }
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new BadRequest(413, "the body is larger than " + MAX_BODY + " bytes");
    }
    JsonNode n;
    try {
      n = json.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new BadRequest("the body must be a JSON object");
    }
    return n;
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new BadRequest(405, "use " + expected + ", not " + method);
    }
  }

  private static Map<String, String> query(HttpExchange ex) {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  private static int number(Map<String, String> q, String name, int dflt, int min, int max) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new BadRequest(name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be a number, got \"" + v + "\"");
    }
  }

  private void serveStatic(HttpExchange ex, String file) throws IOException {
    byte[] bytes;
    try (InputStream in = WebHost.class.getResourceAsStream("static/" + file)) {
      if (in == null) {
        throw new BadRequest(404, "missing " + file);
      }
      bytes = in.readAllBytes();
    }
    String type =
        file.endsWith(".html")
            ? "text/html; charset=utf-8"
            : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  private void error(HttpExchange ex, int status, String message) throws IOException {
    ObjectNode e = json.createObjectNode();
    e.put("error", message == null ? "" : message);
    try {
      send(ex, status, e);
    } catch (IOException | RuntimeException alreadySent) {
      // headers went out before the failure: the client sees a cut response
    }
  }

  /** Agents' presences, for tests and the command's summary. */
  Map<String, Presence> presence() {
    return stores.presence().presences(HelpDeskDay.AGENTS);
  }
}
