package dev.notify.examples.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.notify.spi.PushSubscription;
import dev.notify.spi.PushSubscriptions;
import dev.notify.webpush.Vapid;
import dev.notify.webpush.WebPushEncryption;
import dev.notify.webpush.WebPushTransport;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Desktop pop-ups for agents with no tab open (web push, when the host runs with it): the
 * application server key the page subscribes with, each browser's subscription, and the transport.
 * The key pair is made at start, so browsers subscribe again after a restart (a real host keeps it
 * in its configuration: {@link Vapid#of(String, String, String)}). Thread-safe.
 */
final class WebPushPage {
  private final Http http;
  private final ObjectMapper json;
  private final @Nullable PushSubscriptions subscriptions;
  private final @Nullable Vapid vapid;
  private final Clock clock;

  /** Web push on ({@code subscriptions} given) or off ({@code null}). */
  WebPushPage(
      Http http, ObjectMapper json, @Nullable PushSubscriptions subscriptions, Clock clock) {
    this.http = http;
    this.json = json;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.vapid =
        subscriptions == null
            ? null
            : Vapid.of(WebPushEncryption.newKeyPair(), "mailto:ops@acme-helpdesk.example");
  }

  /** The transport, when web push is on. */
  @Nullable WebPushTransport transport(Set<String> urgent) {
    if (subscriptions == null || vapid == null) {
      return null;
    }
    return WebPushTransport.builder(subscriptions, vapid)
        .urgent(urgent)
        .link(
            d -> "/app" + d.action().conversationIfAny().map(c -> "#conversation=" + c).orElse(""))
        .clock(clock)
        .build();
  }

  /** {@code GET /api/webpush}: whether it is on, and the key to subscribe with. */
  void describe(HttpExchange ex) throws IOException {
    ObjectNode out = json.createObjectNode();
    out.put("enabled", vapid != null);
    if (vapid != null) {
      out.put("applicationServerKey", vapid.publicKey());
    }
    http.send(ex, 200, out);
  }

  /**
   * {@code POST /api/agents/{agent}/push} with the browser's {@code PushSubscription.toJSON()}
   * ({@code endpoint}, {@code keys.p256dh}, {@code keys.auth}); {@code DELETE} with its endpoint.
   */
  void subscribe(HttpExchange ex, String agent, String method, JsonNode body) throws IOException {
    PushSubscriptions s = subscriptions;
    if (s == null) {
      throw new BadRequest(404, "web push is off on this host");
    }
    String endpoint = WebJson.text(body, "endpoint");
    if (method.equals("DELETE")) {
      ObjectNode out = json.createObjectNode();
      out.put("removed", s.unsubscribe(agent, URI.create(endpoint)));
      http.send(ex, 200, out);
      return;
    }
    Http.requireMethod(method, "POST");
    JsonNode keys = body.path("keys");
    PushSubscription sub;
    try {
      sub =
          PushSubscription.of(
              agent,
              endpoint,
              WebJson.text(keys, "p256dh"),
              WebJson.text(keys, "auth"),
              clock.instant());
    } catch (IllegalArgumentException e) {
      throw new BadRequest("subscription: " + e.getMessage());
    }
    s.subscribe(sub);
    ObjectNode out = json.createObjectNode();
    out.put("subscribed", true);
    http.send(ex, 200, out);
  }
}
