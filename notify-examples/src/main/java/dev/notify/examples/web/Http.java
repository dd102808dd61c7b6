package dev.notify.examples.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.notify.NotifyException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The web example's HTTP plumbing on the JDK's server: security headers, JSON bodies bounded to
 * {@link #MAX_BODY} bytes, query numbers in range, static files from the jar, JSON and error
 * responses. Stateless; every method runs on a request thread.
 */
final class Http {
  /** The largest JSON body accepted, in bytes. */
  static final int MAX_BODY = 16 * 1024;

  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";

  private final ObjectMapper json;

  Http(ObjectMapper json) {
    this.json = json;
  }

  /** The headers every response carries. */
  static void secure(HttpExchange ex) {
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
  }

  /** The request's JSON object body: 415 when not JSON, 413 when too large, 400 when not one. */
  JsonNode body(HttpExchange ex) throws IOException {
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

  /**
   * Refuses (421) a request whose {@code Host} is none of {@code hosts} (lower case): a page of
   * another site whose name now points here (DNS rebinding). Before anything else is done.
   */
  static void requireHost(HttpExchange ex, Set<String> hosts) {
    String host = ex.getRequestHeaders().getFirst("Host");
    if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
      throw new BadRequest(
          421, "unknown Host " + (host == null ? "(none)" : NotifyException.quote(host)));
    }
  }

  static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new BadRequest(405, "use " + expected + ", not " + method);
    }
  }

  static Map<String, String> query(HttpExchange ex) {
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

  static int number(Map<String, String> q, String name, int dflt, int min, int max) {
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

  static void serveStatic(HttpExchange ex, String file) throws IOException {
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

  void send(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  void error(HttpExchange ex, int status, @Nullable String message) {
    ObjectNode e = json.createObjectNode();
    e.put("error", message == null ? "" : message);
    try {
      send(ex, status, e);
    } catch (IOException | RuntimeException alreadySent) {
      // headers went out before the failure: the client sees a cut response
    }
  }
}
