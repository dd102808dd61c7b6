package dev.notify.examples.web;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The web example's sessions and CSRF tokens: a session cookie per agent ({@code HttpOnly}, {@code
 * SameSite=Strict}), so one browser may be signed in as two agents in two windows; every
 * state-changing request carries its session's token in {@code X-CSRF-Token}. Thread-safe.
 */
final class Sessions {
  private static final String COOKIE = "notify_sid_";

  /** A signed-in agent's session. */
  record Session(String id, String agent, String csrf) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Signs this browser in as {@code agent}, replacing its earlier session of that agent. */
  Session signIn(HttpExchange ex, String agent) {
    Session old = session(ex, agent);
    if (old != null) {
      sessions.remove(old.id());
    }
    Session s = new Session(token(), agent, token());
    sessions.put(s.id(), s);
    // One cookie per agent, so one browser can be signed in as two agents in two windows.
    ex.getResponseHeaders()
        .add("Set-Cookie", COOKIE + agent + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
    return s;
  }

  /** Ends {@code s} and tells the browser to forget its cookie. */
  void signOut(HttpExchange ex, Session s) {
    sessions.remove(s.id());
    ex.getResponseHeaders()
        .add("Set-Cookie", COOKIE + s.agent() + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
  }

  /**
   * The session of {@code agent} this request holds, its CSRF token checked for a request that
   * changes state: 401 when the browser is signed in as nobody, 403 as someone else or with a wrong
   * token.
   */
  Session require(HttpExchange ex, String agent, String method) {
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
    return s;
  }

  /** The session of {@code agent} this browser holds: each agent has a cookie of their own. */
  private @Nullable Session session(HttpExchange ex, String agent) {
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
}
