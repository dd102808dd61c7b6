package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** An agent's session with the web host over plain HTTP, as the page's fetch calls make it. */
final class ApiClient {
  record Response(int status, JsonNode body, HttpResponse<String> raw) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager();
  String csrf;

  ApiClient(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Signs in as {@code agent} and keeps the CSRF token. */
  ApiClient signIn(String agent) throws IOException, InterruptedException {
    Response r = send("POST", "/api/signin", "{\"agent\":\"" + agent + "\"}", true);
    if (r.status() != 200) {
      throw new AssertionError("sign-in failed: " + r.status() + " " + r.body());
    }
    csrf = r.body().get("csrf").asText();
    return this;
  }

  Response get(String path) throws IOException, InterruptedException {
    return send("GET", path, null, true);
  }

  Response post(String path, Object body) throws IOException, InterruptedException {
    return send("POST", path, JSON.writeValueAsString(body), true);
  }

  Response put(String path, Object body) throws IOException, InterruptedException {
    return send("PUT", path, JSON.writeValueAsString(body), true);
  }

  /** Sends a request; {@code withCsrf} false leaves the token out. */
  Response send(String method, String path, String body, boolean withCsrf)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (withCsrf && csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String type = r.headers().firstValue("Content-Type").orElse("");
    JsonNode n = type.startsWith("application/json") ? JSON.readTree(r.body()) : null;
    return new Response(r.statusCode(), n, r);
  }

  /**
   * Simulates, as this client's agent {@code from}, a note on {@code conversation} mentioning
   * {@code mentioned}.
   */
  Response mention(String from, String conversation, String... mentioned)
      throws IOException, InterruptedException {
    return post(
        "/api/agents/" + from + "/simulate",
        Map.of(
            "kind",
            "note",
            "conversation",
            conversation,
            "customer",
            "zen",
            "mentions",
            List.of(mentioned)));
  }

  /** This client's {@code Cookie} header for the web host: its sessions, one per agent. */
  String cookieHeader() {
    return cookies.getCookieStore().getCookies().stream()
        .map(c -> c.getName() + "=" + c.getValue())
        .collect(Collectors.joining("; "));
  }

  HttpClient http() {
    return http;
  }
}
