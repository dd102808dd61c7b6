package dev.notify.examples.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events to every open tab of an agent. Each agent has a numbered stream of events; the
 * last {@value #REPLAY} are kept, so a tab that reconnects with {@code Last-Event-ID} gets what it
 * missed. A comment line every keep-alive period keeps proxies from closing idle streams and finds
 * tabs that went away: a write that fails drops the tab, and {@code onTabClosed} is told (the web
 * host ends the tab's presence session: an agent is logged out when their last tab on any instance
 * is gone).
 *
 * <p><b>Nothing waits for a tab.</b> Each tab has a bounded queue ({@value #QUEUE} events) and a
 * writer thread of its own: sending only offers to the queues, so a client that stops reading (or a
 * sleeping laptop's half-open connection) blocks nobody but its own writer. A tab whose queue is
 * full has fallen behind: it is dropped with the reason logged, and its browser reconnects and
 * catches up from the replay. A writer stuck in a write to a client that never reads stays stuck
 * until the operating system gives up on the connection; {@value #MAX_WRITERS} writers at most
 * exist at once (stuck ones count), and an agent has at most {@value #MAX_TABS_PER_AGENT} tabs.
 *
 * <p>Thread-safe: events are sent from publishing threads, request threads and the keep-alive
 * thread.
 */
final class LiveEvents implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);

  /** How many of an agent's latest events a reconnecting tab can catch up on. */
  static final int REPLAY = 200;

  /** How many events a tab may have waiting before it counts as fallen behind. */
  static final int QUEUE = 256;

  /** The most writer threads at once, stuck ones included: more tabs are refused (503). */
  static final int MAX_WRITERS = 512;

  /** The most open tabs of one agent: more are refused (429). */
  static final int MAX_TABS_PER_AGENT = 16;

  private static final byte[] CLOSE = new byte[0];

  /** An event of an agent's stream: its number, and its text as sent (made once). */
  private record Event(long id, byte[] bytes) {}

  /** An open tab: its queue and the writer that empties it. */
  private final class Tab {
    final String id = UUID.randomUUID().toString();
    final String agent;
    final String session;
    final HttpExchange exchange;
    final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE + 1);
    volatile boolean closed;

    Tab(String agent, String session, HttpExchange exchange) {
      this.agent = agent;
      this.session = session;
      this.exchange = exchange;
    }

    /** Queues {@code bytes} without waiting; false when the tab is closed or fell behind. */
    boolean offer(byte[] bytes) {
      if (closed) {
        return false;
      }
      if (queue.remainingCapacity() <= 1 || !queue.offer(bytes)) {
        LOG.info("dropping a live-events tab of {}: {} events waiting (fell behind)", agent, QUEUE);
        return false;
      }
      return true;
    }

    /** Ends the stream and drops the tab at once (its writer may still be stuck in a write). */
    void end() {
      close();
      drop(this);
    }

    /** Ends the stream: the writer closes the exchange when it gets to it. */
    void close() {
      closed = true;
      queue.clear();
      queue.offer(CLOSE); // room kept for it: the queue holds one more than QUEUE
    }

    /** The writer thread's loop: only it touches the exchange's stream. */
    void write() {
      OutputStream out = exchange.getResponseBody();
      try {
        while (true) {
          byte[] bytes = queue.take();
          if (bytes == CLOSE || closed) {
            break;
          }
          out.write(bytes);
          if (queue.isEmpty()) {
            out.flush();
          }
        }
      } catch (IOException e) {
        // The tab went away.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        drop(this);
        exchange.close();
        writers.decrementAndGet();
      }
    }
  }

  private final Map<String, Deque<Event>> history = new HashMap<>();
  private final Map<String, Long> sequence = new HashMap<>();
  private final List<Tab> tabs = new CopyOnWriteArrayList<>();
  private final AtomicInteger writers = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "web-keep-alive");
            t.setDaemon(true);
            return t;
          });
  private final BiConsumer<String, String> onTabClosed;
  private final BiFunction<String, Instant, List<String>> missedSince;
  private final Clock clock;

  /** This instance, in every event id: a tab that reconnects elsewhere is known by it. */
  private final String instance = UUID.randomUUID().toString().substring(0, 8);

  LiveEvents(
      Duration keepAlivePeriod,
      BiConsumer<String, String> onTabClosed,
      BiFunction<String, Instant, List<String>> missedSince,
      Clock clock) {
    this.onTabClosed = onTabClosed;
    this.missedSince = missedSince;
    this.clock = clock;
    long ms = keepAlivePeriod.toMillis();
    keepAlive.scheduleAtFixedRate(this::ping, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Makes {@code exchange} an event stream of {@code agent} in the browser session {@code session}:
   * sends the headers, then what the tab missed after {@code lastEventId} (the browser's {@code
   * Last-Event-ID}; none when it is null). An id of another instance (the tab reconnected to this
   * one) cannot be replayed here: the tab gets a {@code resync} event and reloads its panel and
   * badge from the stores instead. The exchange stays open until the tab goes away, falls behind,
   * its session ends or the server closes. {@code opened} is given the tab's id (unique across
   * instances) once the tab is accepted and before anything can drop it (the web host opens the
   * tab's presence session there, so a tab that fails at once ends it after, not before).
   *
   * @throws BadRequest 429 when the agent has {@value #MAX_TABS_PER_AGENT} tabs open, 503 when
   *     {@value #MAX_WRITERS} writers exist; nothing is sent then
   */
  void open(
      String agent,
      String session,
      HttpExchange exchange,
      @Nullable String lastEventId,
      Consumer<String> opened)
      throws IOException {
    long after = -1; // -1: from this instance's next event on
    boolean resync = false;
    Instant since = null; // from another instance: the inbox's items after this
    if (lastEventId != null) {
      // <instance>.<number>.<sent, ms since the epoch>; an id of an older version has no time.
      String[] parts = lastEventId.split("\\.", -1);
      try {
        if (parts.length == 3 || parts.length == 2) {
          long number = Long.parseLong(parts[1]);
          if (parts[0].equals(instance)) {
            after = number;
          } else {
            resync = true;
            // Sent in that millisecond: what was created in a later one is new to the tab.
            since = parts.length == 3 ? Instant.ofEpochMilli(Long.parseLong(parts[2]) + 1) : null;
          }
        } else {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException | DateTimeException e) {
        throw new BadRequest("Last-Event-ID: not an event id, got \"" + lastEventId + "\"");
      }
    }
    Tab tab = new Tab(agent, session, exchange);
    List<Event> missed = new ArrayList<>();
    long now;
    synchronized (this) {
      if (tabs.stream().filter(t -> t.agent.equals(agent)).count() >= MAX_TABS_PER_AGENT) {
        throw new BadRequest(429, "too many open tabs: at most " + MAX_TABS_PER_AGENT);
      }
      if (writers.get() >= MAX_WRITERS) {
        throw new BadRequest(503, "too many open event streams; try again later");
      }
      writers.incrementAndGet();
      if (after >= 0) {
        for (Event e : history.getOrDefault(agent, new ArrayDeque<>())) {
          if (e.id() > after) {
            missed.add(e);
          }
        }
      }
      tabs.add(tab);
      now = sequence.getOrDefault(agent, 0L);
    }
    try {
      opened.accept(tab.id);
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, 0);
    } catch (IOException | RuntimeException e) {
      tab.closed = true;
      tabs.remove(tab);
      writers.decrementAndGet();
      throw e;
    }
    // A reconnecting browser waits this long before trying again.
    tab.offer("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
    if (resync) {
      // What was published meanwhile is in the inbox: those items pop up here (the inbox is the
      // cursor every instance shares), then the tab reloads its panel, badge and settings.
      if (since != null) {
        for (String json : missedSince.apply(agent, since)) {
          tab.offer(
              ("event: notification\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      tab.offer("event: resync\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
    }
    for (Event e : missed) {
      tab.offer(e.bytes());
    }
    // Every tab has an id from the start, so it can resume even when nothing happened before it
    // lost its connection.
    tab.offer(("id: " + id(now) + "\nevent: ready\ndata: {}\n\n").getBytes(StandardCharsets.UTF_8));
    Thread writer = new Thread(tab::write, "web-events-" + agent);
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Sends an event to every open tab of {@code agent}, and keeps it for reconnecting tabs. Never
   * waits for a tab: a tab that fell behind is dropped.
   */
  void send(String agent, String name, String json) {
    Event e;
    synchronized (this) {
      long id = sequence.merge(agent, 1L, Long::sum);
      e =
          new Event(
              id,
              ("id: " + id(id) + "\nevent: " + name + "\ndata: " + json + "\n\n")
                  .getBytes(StandardCharsets.UTF_8));
      Deque<Event> h = history.computeIfAbsent(agent, a -> new ArrayDeque<>());
      h.addLast(e);
      if (h.size() > REPLAY) {
        h.removeFirst();
      }
    }
    for (Tab t : tabs) {
      if (t.agent.equals(agent) && !t.offer(e.bytes())) {
        t.end();
      }
    }
  }

  /**
   * The id of this instance's event {@code number}, sent now: {@code <instance>.<number>.<ms>}. The
   * time is the cursor another instance resumes from (it cannot replay this one's events).
   */
  private String id(long number) {
    return instance + "." + number + "." + clock.millis();
  }

  /** Closes every tab of the browser session {@code session} (signed out or expired). */
  void closeSession(String session) {
    for (Tab t : tabs) {
      if (t.session.equals(session)) {
        t.end();
      }
    }
  }

  /** The browser sessions with a tab open here. */
  Set<String> sessions() {
    Set<String> out = new HashSet<>();
    for (Tab t : tabs) {
      out.add(t.session);
    }
    return out;
  }

  /** How many tabs are open (writers that are stuck or closing not counted). */
  int openTabs() {
    return tabs.size();
  }

  /** How many tabs were dropped and their closing told, for tests. */
  int closedTabs() {
    return closed.get();
  }

  private void ping() {
    byte[] comment = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    for (Tab t : tabs) {
      if (!t.offer(comment)) {
        t.end();
      }
    }
  }

  private void drop(Tab t) {
    if (!tabs.remove(t)) {
      return; // dropped already
    }
    try {
      onTabClosed.accept(t.agent, t.id);
    } catch (RuntimeException e) {
      // The tab's presence session times out instead: nothing is lost.
      LOG.warn("could not end the presence of a closed tab of {}", t.agent, e);
    } finally {
      closed.incrementAndGet();
    }
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
    for (Tab t : tabs) {
      t.close();
    }
    tabs.clear();
  }
}
