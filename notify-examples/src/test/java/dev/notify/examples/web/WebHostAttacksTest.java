package dev.notify.examples.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Presence;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The web host under the attacks a security tester tries, over real sockets: an event stream that
 * never reads, slow clients (slowloris), a rebinding {@code Host}, sessions that must end, a
 * request refused after it wrote. Waits are bounded at a minute (a loaded machine); the latencies
 * measured are printed, not asserted.
 */
class WebHostAttacksTest {
  /**
   * The last chunk of a chunked response: the event stream ended (an event's own chunks end in
   * "\n\n\r\n", never in this).
   */
  private static final String END_OF_STREAM = "0\r\n\r\n";

  private static WebHost.Options options(Duration idle, int maxSessions, List<String> hosts) {
    return new WebHost.Options(
        0,
        "jdbc:h2:mem:attacks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        null,
        0,
        Duration.ofSeconds(30),
        Duration.ofMillis(200),
        hosts,
        idle,
        Duration.ofHours(24),
        maxSessions);
  }

  private static WebHost.Options options() {
    return options(Duration.ofHours(1), 10_000, List.of());
  }

  /** A raw connection: what a browser would not send, or a client that does not read. */
  static Socket connect(URI uri, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer); // before connecting: the window is set then
    }
    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
    return s;
  }

  private static void write(Socket s, String text) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(text.getBytes(UTF_8));
    out.flush();
  }

  private static String hostHeader(URI uri) {
    return uri.getHost() + ":" + uri.getPort();
  }

  /** Reads until the server closes the connection (within a minute); answers what it read. */
  private static String readToEnd(Socket s) throws IOException {
    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(60));
    StringBuilder text = new StringBuilder();
    byte[] buf = new byte[8192];
    InputStream in = s.getInputStream();
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        text.append(new String(buf, 0, n, UTF_8));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server did not close the connection; read: " + text, e);
    } catch (IOException e) {
      // reset: closed too
    }
    return text.toString();
  }

  /** Asks for {@code agent}'s event stream on {@code s} with {@code client}'s session cookie. */
  static void openStream(Socket s, URI uri, ApiClient client, String agent) throws IOException {
    openStream(s, uri, client, agent, null);
  }

  /** The same, as a tab that reconnects having seen {@code lastEventId} last. */
  static void openStream(
      Socket s, URI uri, ApiClient client, String agent, @Nullable String lastEventId)
      throws IOException {
    write(
        s,
        "GET /api/agents/"
            + agent
            + "/events HTTP/1.1\r\nHost: "
            + hostHeader(uri)
            + "\r\nCookie: "
            + client.cookieHeader()
            + (lastEventId == null ? "" : "\r\nLast-Event-ID: " + lastEventId)
            + "\r\n\r\n");
  }

  /** Whether the server has not closed {@code s} (nothing to read yet, no end of stream). */
  private static boolean stillOpen(Socket s) throws IOException {
    s.setSoTimeout(1);
    try {
      return s.getInputStream().read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads the response's head and what follows it, until {@code marker} appears. */
  static String readUntil(Socket s, String marker) throws IOException {
    // A minute in all: keep-alives would otherwise keep a read waiting for ever.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(60));
    StringBuilder text = new StringBuilder();
    byte[] buf = new byte[8192];
    InputStream in = s.getInputStream();
    while (!text.toString().contains(marker)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + marker.strip() + " within a minute; read: " + text);
      }
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      text.append(new String(buf, 0, n, UTF_8));
    }
    return text.toString();
  }

  @Test
  void anEventStreamThatNeverReads_blocksNobody_andIsDroppedWithItsAgentLoggedOut()
      throws Exception {
    try (WebHost host = WebHost.start(options())) {
      ApiClient dave = new ApiClient(host.uri()).signIn("dave");
      ApiClient erin = new ApiClient(host.uri()).signIn("erin");
      try (Socket stuck = connect(host.uri(), 4096)) {
        openStream(stuck, host.uri(), dave, "dave");
        // dave's one tab is open (he is logged in); from now on it never reads.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (host.presence().get("dave") != Presence.LOGGED_IN && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(host.presence().get("dave")).isEqualTo(Presence.LOGGED_IN);

        // 32 MB of events for dave: far beyond any socket buffer. Sending must not wait for him.
        String big = "\"" + "x".repeat(16 * 1024) + "\"";
        CompletableFuture<Long> flood =
            CompletableFuture.supplyAsync(
                () -> {
                  long t0 = System.nanoTime();
                  for (int i = 0; i < 2_000; i++) {
                    host.live().send("dave", "notification", big);
                  }
                  return System.nanoTime() - t0;
                });
        long floodNanos = flood.get(60, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        assertThat(erin.get("/api/agents/erin/me").status()).isEqualTo(200);
        long servedNanos = System.nanoTime() - t0;
        System.out.printf(
            "never-reading stream: 2,000 sends took %d ms; another agent served in %d ms%n",
            floodNanos / 1_000_000, servedNanos / 1_000_000);

        // His tab fell behind: dropped, and with his last tab gone he is logged out.
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (host.presence().get("dave") == Presence.LOGGED_IN && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(host.presence().get("dave")).isNotEqualTo(Presence.LOGGED_IN);
        assertThat(host.live().openTabs()).isZero();
      }
    }
  }

  @Test
  void sixtyFourSlowClients_starveNobody_andAreCutOff() throws Exception {
    try (WebHost host = WebHost.start(options())) {
      ApiClient erin = new ApiClient(host.uri()).signIn("erin");
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          Socket s = connect(host.uri(), 0);
          // A request's first line and a header that never ends (slowloris).
          write(s, "GET /api/agents HTTP/1.1\r\nHost: " + hostHeader(host.uri()) + "\r\nX-Slow: ");
          slow.add(s);
        }
        CompletableFuture<Void> dribble =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    for (int round = 0; round < 5; round++) {
                      for (Socket s : slow) {
                        try {
                          write(s, "a");
                        } catch (IOException e) {
                          // cut off already
                        }
                      }
                      Thread.sleep(1000);
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        long t0 = System.nanoTime();
        assertThat(erin.get("/api/agents/erin/me").status()).isEqualTo(200);
        assertThat(erin.get("/api/agents").status()).isEqualTo(200);
        System.out.printf(
            "64 slow clients: another agent served twice in %d ms%n",
            (System.nanoTime() - t0) / 1_000_000);
        // Served while the slow clients still hold their connections, not after they were cut.
        for (Socket s : slow) {
          assertThat(stillOpen(s)).as("a slow client still connected").isTrue();
        }
        dribble.get(60, TimeUnit.SECONDS);
        // The server gives a request MAX_REQUEST_SECONDS, then closes the connection.
        for (Socket s : slow) {
          assertThat(readToEnd(s)).doesNotContain("HTTP/1.1 200");
        }
      } finally {
        for (Socket s : slow) {
          s.close();
        }
      }
    }
  }

  @Test
  void aRebindingHost_isRefused_beforeAnySideEffect() throws Exception {
    try (WebHost host =
        WebHost.start(options(Duration.ofHours(1), 10_000, List.of("help.example:8443")))) {
      String body = "{\"agent\":\"dave\"}";
      for (String h :
          List.of("evil.example:" + host.uri().getPort(), "127.0.0.2:" + host.uri().getPort())) {
        try (Socket s = connect(host.uri(), 0)) {
          write(
              s,
              "POST /api/signin HTTP/1.1\r\nHost: "
                  + h
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n"
                  + body);
          String answer = readToEnd(s);
          assertThat(answer).startsWith("HTTP/1.1 421").doesNotContain("Set-Cookie");
        }
      }
      try (Socket s = connect(host.uri(), 0)) {
        write(s, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertThat(readToEnd(s)).as("no Host at all").startsWith("HTTP/1.1 421");
      }
      assertThat(host.sessionCount()).as("no session was made").isZero();
      try (Socket s = connect(host.uri(), 0)) {
        write(s, "GET / HTTP/1.1\r\nHost: HELP.example:8443\r\nConnection: close\r\n\r\n");
        assertThat(readToEnd(s)).as("an allowed host").startsWith("HTTP/1.1 200");
      }
      assertThat(new ApiClient(host.uri()).signIn("dave").get("/api/agents/dave/me").status())
          .as("the bound address")
          .isEqualTo(200);
    }
  }

  @Test
  void signingOut_closesTheSessionsStreams_andLogsTheAgentOut() throws Exception {
    try (WebHost host = WebHost.start(options())) {
      ApiClient erin = new ApiClient(host.uri()).signIn("erin");
      try (Socket tab = connect(host.uri(), 0)) {
        openStream(tab, host.uri(), erin, "erin");
        assertThat(readUntil(tab, "retry: 1000")).startsWith("HTTP/1.1 200");
        WebHostHttpTest.awaitPresence(host, "erin", Presence.LOGGED_IN);
        assertThat(erin.post("/api/agents/erin/signout", Map.of()).status()).isEqualTo(200);
        // The stream's response ends (its last chunk), so the browser's EventSource reconnects.
        assertThat(readUntil(tab, END_OF_STREAM)).contains(END_OF_STREAM);
        assertThat(host.presence().get("erin")).isNotEqualTo(Presence.LOGGED_IN);
        assertThat(erin.get("/api/agents/erin/me").status()).isEqualTo(401);
      }
    }
  }

  @Test
  void sessionsEnd_whenIdle_andAreCapped() throws Exception {
    try (WebHost host = WebHost.start(options(Duration.ofSeconds(2), 3, List.of()))) {
      ApiClient dave = new ApiClient(host.uri()).signIn("dave");
      try (Socket tab = connect(host.uri(), 0)) {
        openStream(tab, host.uri(), dave, "dave");
        assertThat(readUntil(tab, "retry: 1000")).startsWith("HTTP/1.1 200");
        // No request for longer than the idle time: the sweep ends the session and its stream.
        assertThat(readUntil(tab, END_OF_STREAM)).contains(END_OF_STREAM);
      }
      assertThat(dave.get("/api/agents/dave/me").status()).isEqualTo(401);
      assertThat(host.sessionCount()).isZero();

      // At most 3 at once: a 4th sign-in is refused, with nothing made.
      List<ApiClient> three = new ArrayList<>();
      for (String a : List.of("alice", "bob", "carol")) {
        three.add(new ApiClient(host.uri()).signIn(a));
      }
      ApiClient erin = new ApiClient(host.uri());
      assertThat(erin.send("POST", "/api/signin", "{\"agent\":\"erin\"}", false).status())
          .isEqualTo(503);
      assertThat(host.sessionCount()).isEqualTo(3);
      // Signing in again as the same agent replaces the session: no new one is needed.
      assertThat(three.get(0).send("POST", "/api/signin", "{\"agent\":\"alice\"}", false).status())
          .isEqualTo(200);
      assertThat(host.sessionCount()).isEqualTo(3);
    }
  }

  @Test
  void anAgentsSessions_areCappedPerAgent_theOldestEnding() throws Exception {
    try (WebHost host = WebHost.start(options())) {
      ApiClient first = new ApiClient(host.uri()).signIn("bob");
      for (int i = 1; i < Sessions.MAX_PER_AGENT; i++) {
        new ApiClient(host.uri()).signIn("bob");
      }
      assertThat(first.get("/api/agents/bob/me").status()).isEqualTo(200);
      ApiClient last = new ApiClient(host.uri()).signIn("bob");
      assertThat(first.get("/api/agents/bob/me").status()).as("the oldest ended").isEqualTo(401);
      assertThat(last.get("/api/agents/bob/me").status()).isEqualTo(200);
      assertThat(host.sessionCount()).isEqualTo(Sessions.MAX_PER_AGENT);
    }
  }

  @Test
  void aTooLongConversation_isRefused_beforeAnythingIsWritten() throws Exception {
    try (WebHost host = WebHost.start(options())) {
      ApiClient bob = new ApiClient(host.uri()).signIn("bob");
      ApiClient dave = new ApiClient(host.uri()).signIn("dave");
      ApiClient.Response r =
          bob.post(
              "/api/agents/bob/simulate",
              Map.of(
                  "kind",
                  "assigned",
                  "conversation",
                  "c".repeat(1_200),
                  "customer",
                  "zen",
                  "assignee",
                  "dave"));
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.body().get("error").asText()).contains("1213");
      assertThat(dave.get("/api/agents/dave/inbox").body().get("items").size()).isZero();
      assertThat(host.notifier().countsByMedium()).isEmpty();
    }
  }
}
