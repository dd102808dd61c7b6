package dev.notify.examples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.notify.NotifyException;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Presence;
import dev.notify.email.EmailAddress;
import dev.notify.email.EmailComposer;
import dev.notify.email.EmailTransport;
import dev.notify.email.StandardEmailRenderer;
import dev.notify.examples.demo.HelpDeskDay;
import dev.notify.jdbc.JdbcStores;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.NotifierBuilder;
import dev.notify.webpush.WebPushCatalog;
import dev.notify.webpush.WebPushTransport;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web example: the seed's screens — Settings &gt; Personal &gt; Notifications, the notification
 * panel with its badge, live pop-ups with sounds and browser notifications — for the demo's agents,
 * on the real pipeline: notify-jdbc stores (an H2 file by default), two delivery workers, email to
 * an embedded GreenMail server (or the host's SMTP server).
 *
 * <p>Its jobs each have a file: {@link Http} (plumbing), {@link Sessions} (sessions and CSRF),
 * {@link LiveEvents} (event streams), {@link PopUps} (the in-app listener), {@link MailBox} (email
 * and the Mail page), {@link SimulatePage}, {@link SettingsPage} and {@link TimingPage}; this class
 * wires them and routes.
 *
 * <p>Plain JDK: {@link HttpServer} with an executor, static files from the jar, JSON over fetch and
 * Server-Sent Events. <b>Security</b>, as a real host needs it even without passwords: a session
 * cookie per agent ({@code HttpOnly}, {@code SameSite=Strict}; one browser may be signed in as two
 * agents in two windows); every request goes to {@code /api/agents/{agent}/…} and is refused (403)
 * unless the browser is signed in as that agent; every state-changing request carries the session's
 * CSRF token in {@code X-CSRF-Token}; JSON bodies are limited to {@value Http#MAX_BODY} bytes; the
 * pages render all user-supplied text as text (and a Content Security Policy forbids inline
 * script).
 */
public final class WebHost implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebHost.class);

  /** The largest JSON body accepted, in bytes. */
  public static final int MAX_BODY = Http.MAX_BODY;

  /** The most request threads at once (event streams hold none). */
  static final int MAX_REQUEST_THREADS = 256;

  /**
   * How long the JDK server gives a client to send a whole request before it closes the connection
   * (its {@code sun.net.httpserver.maxReqTime}, read once per JVM when the first server starts; a
   * value the host set is kept).
   */
  static final long MAX_REQUEST_SECONDS = 20;

  static {
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS));
    }
  }

  private static final Pattern AGENT_PATH = Pattern.compile("^/api/agents/([^/]+)(/.*)$");
  private static final Map<String, String> STATIC =
      Map.of(
          "/", "index.html",
          "/app", "app.html",
          "/static/app.js", "app.js",
          "/static/signin.js", "signin.js",
          "/static/app.css", "app.css",
          "/sw.js", "sw.js");

  /**
   * How to run.
   *
   * @param port the port on 127.0.0.1, 0 for any free one
   * @param jdbcUrl where the stores live
   * @param smtpHost the host's SMTP server, or null for an embedded one
   * @param smtpPort its port
   * @param sessionTimeout the inactivity after which an agent counts as timed out
   * @param keepAlive how often open event streams get a keep-alive (and closed tabs are found)
   * @param allowedHosts the {@code Host} headers accepted besides 127.0.0.1, localhost and [::1]
   *     with the bound port ({@code "helpdesk.example:8443"} behind a proxy): any other is refused,
   *     so a DNS-rebinding page cannot reach the host
   * @param sessionIdle how long a browser session lives without a request
   * @param sessionLifetime how long a browser session lives at most
   * @param maxSessions the most browser sessions at once
   * @param webPush whether agents may get desktop pop-ups through their browsers' push services
   *     when no tab is open (the medium {@code web_push}, When logged out by default)
   */
  public record Options(
      int port,
      String jdbcUrl,
      @Nullable String smtpHost,
      int smtpPort,
      Duration sessionTimeout,
      Duration keepAlive,
      List<String> allowedHosts,
      Duration sessionIdle,
      Duration sessionLifetime,
      int maxSessions,
      boolean webPush) {
    /** Validates and copies. */
    public Options {
      allowedHosts = List.copyOf(allowedHosts);
      if (sessionIdle.isNegative() || sessionIdle.isZero()) {
        throw new IllegalArgumentException("sessionIdle must be positive, got " + sessionIdle);
      }
      if (sessionLifetime.compareTo(sessionIdle) < 0) {
        throw new IllegalArgumentException(
            "sessionLifetime must be at least sessionIdle ("
                + sessionIdle
                + "), got "
                + sessionLifetime);
      }
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be positive, got " + maxSessions);
      }
    }

    /** These options without web push. */
    public Options(
        int port,
        String jdbcUrl,
        @Nullable String smtpHost,
        int smtpPort,
        Duration sessionTimeout,
        Duration keepAlive,
        List<String> allowedHosts,
        Duration sessionIdle,
        Duration sessionLifetime,
        int maxSessions) {
      this(
          port,
          jdbcUrl,
          smtpHost,
          smtpPort,
          sessionTimeout,
          keepAlive,
          allowedHosts,
          sessionIdle,
          sessionLifetime,
          maxSessions,
          false);
    }

    /** These options with the defaults: no other host, sessions idle 1 h, 24 h at most, 10,000. */
    public Options(
        int port,
        String jdbcUrl,
        @Nullable String smtpHost,
        int smtpPort,
        Duration sessionTimeout,
        Duration keepAlive) {
      this(
          port,
          jdbcUrl,
          smtpHost,
          smtpPort,
          sessionTimeout,
          keepAlive,
          List.of(),
          Duration.ofHours(1),
          Duration.ofHours(24),
          10_000);
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final Http http = new Http(json);
  private final Catalog catalog = Catalog.standard();
  private final OrganizationPage organizationPage;
  private final SettingsPage settingsPage;
  private final DeliveriesPage deliveriesPage;
  private final InMemoryDirectory directory = HelpDeskDay.organisation(new InMemoryDirectory());
  private final Sessions sessions;
  private final Clock clock = Clock.systemUTC();
  private final Options options;
  private final HikariDataSource dataSource;
  private final JdbcStores stores;
  private final TimingPage timing;
  private final MailBox mailBox;
  private final LiveEvents live;
  private final PopUps popUps;
  private final Notifier notifier;
  private final WebPushPage webPush;
  private final DeliveryWorkers workers;
  private final SimulatePage simulatePage;
  private final AgentApi agentApi;
  private final HttpServer server;
  private final ExecutorService requests;
  private final Set<String> hosts = new HashSet<>();

  private WebHost(Options o) throws IOException {
    this.options = o;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(o.jdbcUrl());
    config.setMaximumPoolSize(8);
    this.dataSource = new HikariDataSource(config);
    // With web push, the stores read and write deliveries of the medium web_push too.
    this.stores =
        JdbcStores.builder(dataSource)
            .catalog(o.webPush() ? WebPushCatalog.standard() : catalog)
            .sessionTimeout(o.sessionTimeout())
            .build();
    this.webPush =
        new WebPushPage(http, json, o.webPush() ? stores.pushSubscriptions() : null, clock);
    this.mailBox = new MailBox(o.smtpHost(), o.smtpPort(), clock);
    EmailComposer composer =
        new EmailComposer(
            EmailAddress.of("notifications@acme-helpdesk.example", "Acme Help Desk"),
            new StandardEmailRenderer("Acme Help Desk"));
    this.live = new LiveEvents(o.keepAlive(), this::tabClosed, this::missedSince, clock);
    this.sessions =
        new Sessions(
            dataSource,
            clock,
            o.sessionIdle(),
            o.sessionLifetime(),
            o.maxSessions(),
            live::closeSession,
            live::sessions);
    this.popUps = new PopUps(json, catalog, stores, live);
    this.organizationPage = new OrganizationPage(catalog, json, stores.organizations());
    NotifierBuilder builder =
        Notifier.builder()
            .directory(directory)
            .stores(stores)
            .organization(OrganizationPage.ORGANIZATION, stores.organizations())
            .transport(new EmailTransport(composer, mailBox.sender()))
            .inAppListener(popUps)
            // Each item says why in the settings page's words and points to its conversation, so
            // the panel needs no table of the page's own.
            .inAppReason(d -> PlainWhy.say(d.reason(), d.medium()))
            .inAppLink(Simulator::target)
            .urgent(SimulatePage.URGENT) // a mention passes quiet hours and digests
            .observer(mailBox)
            .clock(clock);
    WebPushTransport push = webPush.transport(SimulatePage.URGENT);
    if (push != null) {
      builder.engine(WebPushCatalog.standardEngine()).transport(push);
    }
    this.notifier = builder.build();
    this.workers = notifier.startWorkers(2, Duration.ofMillis(100));
    this.timing = new TimingPage(json, notifier);
    organizationPage.notifier(notifier);
    this.deliveriesPage = new DeliveriesPage(json, notifier);
    this.settingsPage =
        new SettingsPage(catalog, json, directory, stores.settings(), organizationPage, notifier);
    this.simulatePage = new SimulatePage(json, catalog, clock, notifier, workers, popUps);
    this.agentApi =
        new AgentApi(http, json, stores, live, popUps, settingsPage, timing, notifier, clock);
    // A thread per request, not a fixed few: a slow client (slowloris) holds only its own, for at
    // most the server's request time (MAX_REQUEST_SECONDS); beyond MAX_REQUEST_THREADS a new
    // connection is closed.
    this.requests =
        new ThreadPoolExecutor(
            0,
            MAX_REQUEST_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "web-request");
              t.setDaemon(true);
              return t;
            });
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), o.port()), 64);
    int port = server.getAddress().getPort();
    for (String h : List.of("127.0.0.1", "localhost", "[::1]")) {
      hosts.add(h + ":" + port);
    }
    o.allowedHosts().forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
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
  public @Nullable GreenMail mailServer() {
    return mailBox.server();
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
    sessions.close();
    server.stop(0);
    live.close();
    requests.shutdownNow();
    workers.close(Duration.ofSeconds(5));
    mailBox.close();
    dataSource.close();
  }

  /** Called by the event streams once the constructor finished: the pop-ups exist by then. */
  private void tabClosed(String agent, String tab) {
    popUps.tabClosed(agent, tab);
  }

  private List<String> missedSince(String agent, Instant since) {
    return popUps.missedSince(agent, since);
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      Http.secure(ex);
      Http.requireHost(ex, hosts);
      route(ex);
    } catch (BadRequest e) {
      http.error(ex, e.status(), e.getMessage());
    } catch (NotifyException | IllegalArgumentException e) {
      http.error(ex, 400, e.getMessage());
    } catch (RuntimeException | SQLException | MessagingException e) {
      LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      http.error(ex, 500, "the server failed: " + e.getClass().getSimpleName());
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
      Http.requireMethod(method, "GET");
      Http.serveStatic(ex, file);
      return;
    }
    if (path.equals("/favicon.ico")) {
      ex.sendResponseHeaders(204, -1); // no icon, and no 404 in the browser's console
      return;
    }
    if (!path.startsWith("/api/")) {
      throw new BadRequest(404, "no page " + path);
    }
    if (path.equals("/api/agents") && method.equals("GET")) {
      ArrayNode a = json.createArrayNode();
      HelpDeskDay.AGENTS.forEach(a::add);
      http.send(ex, 200, a);
      return;
    }
    if (path.equals("/api/webpush")) {
      Http.requireMethod(method, "GET");
      webPush.describe(ex);
      return;
    }
    if (path.equals("/api/signin")) {
      Http.requireMethod(method, "POST");
      signIn(ex);
      return;
    }
    Matcher m = AGENT_PATH.matcher(path);
    if (!m.matches()) {
      throw new BadRequest(404, "no resource " + path);
    }
    Sessions.Session s = sessions.require(ex, m.group(1), method);
    switch (m.group(2)) {
      case "/me" -> {
        Http.requireMethod(method, "GET");
        ObjectNode me = json.createObjectNode();
        me.put("agent", s.agent());
        me.put("csrf", s.csrf());
        me.put("admin", OrganizationPage.ADMINS.contains(s.agent()));
        me.put("organization", OrganizationPage.NAME);
        me.put("timeoutSeconds", options.sessionTimeout().toSeconds());
        ArrayNode agents = me.putArray("agents");
        HelpDeskDay.AGENTS.forEach(agents::add);
        ArrayNode kinds = me.putArray("kinds");
        Simulator.KINDS.forEach(kinds::add);
        ObjectNode channels = me.putObject("channels");
        catalog.channels().forEach(c -> channels.put(c.id(), SettingsPage.channelLabel(c)));
        http.send(ex, 200, me);
      }
      case "/signout" -> {
        Http.requireMethod(method, "POST");
        sessions.signOut(ex, s);
        http.send(ex, 200, json.createObjectNode());
      }
      case "/presence" -> {
        Http.requireMethod(method, "GET");
        http.send(ex, 200, popUps.presences());
      }
      case "/push" -> webPush.subscribe(ex, s.agent(), method, http.body(ex));
      case "/mail" -> {
        Http.requireMethod(method, "GET");
        http.send(ex, 200, mailBox.page(json));
      }
      case "/simulate" -> {
        Http.requireMethod(method, "POST");
        http.send(ex, 200, simulatePage.simulate(s.agent(), http.body(ex)));
      }
      case "/organization" -> {
        OrganizationPage.requireAdmin(s.agent());
        if (method.equals("GET")) {
          http.send(ex, 200, organizationPage.view());
        } else {
          Http.requireMethod(method, "PUT");
          http.send(ex, 200, organizationPage.save(http.body(ex)));
        }
      }
      case "/deliveries" -> {
        Http.requireMethod(method, "GET");
        OrganizationPage.requireAdmin(s.agent());
        http.send(ex, 200, deliveriesPage.search(Http.query(ex)));
      }
      case "/dead-letters" -> {
        Http.requireMethod(method, "GET");
        OrganizationPage.requireAdmin(s.agent());
        http.send(ex, 200, deliveriesPage.deadLetters());
      }
      case "/dead-letters/redrive" -> {
        Http.requireMethod(method, "POST");
        OrganizationPage.requireAdmin(s.agent());
        http.send(ex, 200, deliveriesPage.redrive(s.agent(), http.body(ex)));
      }
      case "/dead-letters/purge" -> {
        Http.requireMethod(method, "POST");
        OrganizationPage.requireAdmin(s.agent());
        http.send(ex, 200, deliveriesPage.purge(s.agent(), http.body(ex)));
      }
      case "/organization/preview" -> {
        Http.requireMethod(method, "POST");
        OrganizationPage.requireAdmin(s.agent());
        http.send(ex, 200, organizationPage.preview(http.body(ex)));
      }
      default -> agentApi.route(ex, s, method, m.group(2));
    }
  }

  private void signIn(HttpExchange ex) throws IOException {
    String agent = WebJson.text(http.body(ex), "agent");
    if (!HelpDeskDay.AGENTS.contains(agent)) {
      throw new BadRequest(
          "agent: unknown agent \"" + agent + "\" (known: " + HelpDeskDay.AGENTS + ")");
    }
    Sessions.Session s = sessions.signIn(ex, agent);
    ObjectNode out = json.createObjectNode();
    out.put("agent", agent);
    out.put("csrf", s.csrf());
    http.send(ex, 200, out);
  }

  /** The event streams, for tests. */
  LiveEvents live() {
    return live;
  }

  /** How many browser sessions live, for tests. */
  int sessionCount() {
    return sessions.size();
  }

  /** Agents' presences, for tests and the command's summary. */
  Map<String, Presence> presence() {
    return stores.presence().presences(HelpDeskDay.AGENTS);
  }
}
