package dev.notify.examples.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Server-Sent Events to every open tab of an agent. Each agent has a numbered stream of events; the
 * last {@value #REPLAY} are kept, so a tab that reconnects with {@code Last-Event-ID} gets what it
 * missed. A comment line every keep-alive period keeps proxies from closing idle streams and finds
 * tabs that went away: a write that fails drops the tab, and when an agent's last tab is gone
 * {@code onLastTabClosed} is told (the web host logs the agent out).
 *
 * <p>Thread-safe: events are sent from publishing threads, request threads and the keep-alive
 * thread; each tab's writes are serialised on the tab.
 */
final class LiveEvents implements AutoCloseable {
  /** How many of an agent's latest events a reconnecting tab can catch up on. */
  static final int REPLAY = 200;

  private record Event(long id, String name, String json) {
    byte[] bytes() {
      return ("id: " + id + "\nevent: " + name + "\ndata: " + json + "\n\n")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private static final class Tab {
    final String agent;
    final HttpExchange exchange;
    final OutputStream out;
    boolean closed;

    Tab(String agent, HttpExchange exchange) {
      this.agent = agent;
      this.exchange = exchange;
      this.out = exchange.getResponseBody();
    }

    /** Writes and flushes; false when the tab went away. */
    synchronized boolean write(byte[] bytes) {
      if (closed) {
        return false;
      }
      try {
        out.write(bytes);
        out.flush();
        return true;
      } catch (IOException e) {
        closed = true;
        exchange.close();
        return false;
      }
    }
  }

  private final Map<String, Deque<Event>> history = new HashMap<>();
  private final Map<String, Long> sequence = new HashMap<>();
  private final List<Tab> tabs = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService keepAlive =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "web-keep-alive");
            t.setDaemon(true);
            return t;
          });
  private final Consumer<String> onLastTabClosed;

  LiveEvents(Duration keepAlivePeriod, Consumer<String> onLastTabClosed) {
    this.onLastTabClosed = onLastTabClosed;
    long ms = keepAlivePeriod.toMillis();
    keepAlive.scheduleAtFixedRate(this::ping, ms, ms, TimeUnit.MILLISECONDS);
  }

  /**
   * Makes {@code exchange} an event stream of {@code agent}: sends the headers, then what the tab
   * missed after {@code lastEventId} (all kept events when it is negative, none when it is absent).
   * The exchange stays open until the tab goes away or the server closes.
   */
  void open(String agent, HttpExchange exchange, long lastEventId) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    Tab tab = new Tab(agent, exchange);
    List<Event> missed = new ArrayList<>();
    synchronized (this) {
      for (Event e : history.getOrDefault(agent, new ArrayDeque<>())) {
        if (e.id() > lastEventId) {
          missed.add(e);
        }
      }
      tabs.add(tab);
    }
    // A reconnecting browser waits this long before trying again.
    tab.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
    for (Event e : missed) {
      tab.write(e.bytes());
    }
  }

  /** The id the next event of {@code agent} will have, less one: a new tab starts after it. */
  synchronized long lastId(String agent) {
    return sequence.getOrDefault(agent, 0L);
  }

  /** Sends an event to every open tab of {@code agent}, and keeps it for reconnecting tabs. */
  void send(String agent, String name, String json) {
    Event e;
    synchronized (this) {
      long id = sequence.merge(agent, 1L, Long::sum);
      e = new Event(id, name, json);
      Deque<Event> h = history.computeIfAbsent(agent, a -> new ArrayDeque<>());
      h.addLast(e);
      if (h.size() > REPLAY) {
        h.removeFirst();
      }
    }
    byte[] bytes = e.bytes();
    for (Tab t : tabs) {
      if (t.agent.equals(agent) && !t.write(bytes)) {
        drop(t);
      }
    }
  }

  private void ping() {
    byte[] comment = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    for (Tab t : tabs) {
      if (!t.write(comment)) {
        drop(t);
      }
    }
  }

  private void drop(Tab t) {
    boolean last;
    synchronized (this) {
      if (!tabs.remove(t)) {
        return; // dropped already
      }
      last = tabs.stream().noneMatch(o -> o.agent.equals(t.agent));
    }
    if (last) {
      try {
        onLastTabClosed.accept(t.agent);
      } catch (RuntimeException e) {
        // The agent stays logged in until their session times out: nothing is lost.
      }
    }
  }

  @Override
  public void close() {
    keepAlive.shutdownNow();
    for (Tab t : tabs) {
      synchronized (t) {
        t.closed = true;
        t.exchange.close();
      }
    }
    tabs.clear();
  }
}
