package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Posts the webhook events the outbox holds ({@link Webhooks}): builds each event's JSON from its
 * entry and what the history recorded of the delivery it tells of, signs it and posts it. One per
 * notifier; thread-safe (the HTTP client is).
 */
final class WebhookTransport {
  private final Webhooks webhooks;
  private final HttpClient client;
  private final DeliveryHistory history;
  private final Clock clock;
  private final byte[] secret;

  WebhookTransport(Webhooks webhooks, DeliveryHistory history, Clock clock) {
    this.webhooks = webhooks;
    this.history = history;
    this.clock = clock;
    this.secret = webhooks.secret();
    this.client =
        webhooks
            .client()
            .orElseGet(
                () ->
                    HttpClient.newBuilder()
                        .connectTimeout(webhooks.timeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
  }

  /** The configuration. */
  Webhooks webhooks() {
    return webhooks;
  }

  /** How long a post may take: connecting, sending and the answer together. */
  Duration deadline() {
    return webhooks.timeout().multipliedBy(2);
  }

  /** The transport of one event's entry: each attempt signs and posts it again. */
  Transport of(OutboxEntry entry) {
    return new Transport() {
      @Override
      public Medium medium() {
        return entry.delivery().medium();
      }

      @Override
      public void deliver(Delivery delivery) {
        post(entry);
      }

      @Override
      public Optional<Duration> deadline() {
        return Optional.of(WebhookTransport.this.deadline());
      }

      @Override
      public boolean resendsSafely() {
        return true; // the receiver de-duplicates by the event's id
      }
    };
  }

  /** The event an entry of medium {@code webhook.<medium>.<event>} tells of. */
  record Event(String name, Medium medium, String deliveryId) {
    static Event of(OutboxEntry entry) {
      Delivery d = entry.delivery();
      String id = d.medium().id();
      int dot = id.lastIndexOf('.');
      Medium source = Medium.of(id.substring(Webhooks.MEDIUM_PREFIX.length(), dot));
      return new Event(
          id.substring(dot + 1),
          source,
          Delivery.idOf(d.action().id(), d.recipient().id(), source));
    }

    /** The kind of history event it tells of. */
    HistoryEvent.Kind kind() {
      return "digest_sent".equals(name)
          ? HistoryEvent.Kind.SENT
          : HistoryEvent.Kind.valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** The JSON posted for {@code entry}, which tells of {@code e}. */
  String body(OutboxEntry entry, Event e) {
    Delivery d = entry.delivery();
    String detail = detail(e);
    StringBuilder b = new StringBuilder(256);
    b.append("{\"id\":").append(json(entry.id()));
    b.append(",\"event\":").append(json(e.name()));
    b.append(",\"occurredAt\":").append(json(entry.enqueuedAt().toString()));
    b.append(",\"delivery\":").append(json(e.deliveryId()));
    b.append(",\"action\":").append(json(d.action().id()));
    b.append(",\"user\":").append(json(d.recipient().id()));
    b.append(",\"medium\":").append(json(e.medium().id()));
    b.append(",\"option\":").append(json(d.option().id()));
    b.append(",\"detail\":").append(detail == null ? "null" : json(detail));
    return b.append('}').toString();
  }

  /** What the history recorded with the event: the digest's id, the dead letter's cause. */
  private @Nullable String detail(Event e) {
    if (!history.kept()) {
      return null;
    }
    List<HistoryEvent> events = history.of(e.deliveryId());
    HistoryEvent.Kind kind = e.kind();
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).kind() == kind) {
        return events.get(i).detail();
      }
    }
    return null;
  }

  /** Signs and posts; a failure is a {@link TransportException} of the kind it is. */
  private void post(OutboxEntry entry) {
    Event event = Event.of(entry);
    String body = body(entry, event);
    HttpRequest request =
        HttpRequest.newBuilder(webhooks.endpoint())
            .timeout(webhooks.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "notify-webhooks")
            .header(WebhookSignature.ID_HEADER, entry.id())
            .header(WebhookSignature.EVENT_HEADER, event.name())
            .header(WebhookSignature.HEADER, WebhookSignature.sign(secret, clock.instant(), body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    int status;
    try {
      status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new TransportException(
          TransportException.Kind.TRANSIENT,
          "cannot connect to " + webhooks.endpoint() + ": " + e.getMessage(),
          e);
    } catch (HttpTimeoutException e) {
      throw new TransportException(
          TransportException.Kind.UNKNOWN,
          "no answer from " + webhooks.endpoint() + " within " + webhooks.timeout(),
          e);
    } catch (IOException e) {
      throw new TransportException(
          TransportException.Kind.UNKNOWN,
          "posting to " + webhooks.endpoint() + " failed: " + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(
          TransportException.Kind.UNKNOWN, "interrupted posting to " + webhooks.endpoint(), e);
    }
    if (status >= 200 && status < 300) {
      return;
    }
    // A receiver that is down, overloaded or asks to slow down is tried again; one that refuses
    // the event (a bad signature, an unknown URL) would refuse it again.
    boolean again = status >= 500 || status == 408 || status == 425 || status == 429;
    throw new TransportException(
        again ? TransportException.Kind.TRANSIENT : TransportException.Kind.PERMANENT,
        "HTTP " + status + " from " + webhooks.endpoint());
  }

  /** {@code s} as a JSON string: every escape of {@link Checks#escape} is one of JSON's. */
  static String json(String s) {
    return '"' + Checks.escape(s, s.length()) + '"';
  }
}
