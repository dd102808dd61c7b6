package dev.notify.examples.adapters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A worked example of a custom medium's transport: it posts each delivery as JSON to a webhook (an
 * SMS gateway, a chat incoming-webhook …). Copy it for your own medium.
 *
 * <p>The body is {@code {"delivery", "user", "option", "text"}}. A 2xx answer delivers; 429 and
 * 5xx, a refused connection or a connect timeout are transient (the Notifier retries them); other
 * 4xx are permanent; no answer after the request was sent is unknown (never resent blindly).
 * Thread-safe.
 */
public final class WebhookTransport implements Transport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Medium medium;
  private final URI endpoint;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * A transport for {@code medium} posting to {@code endpoint}.
   *
   * @param timeout bounds both connecting and waiting for the answer
   */
  public WebhookTransport(Medium medium, URI endpoint, Duration timeout) {
    this.medium = Objects.requireNonNull(medium, "medium cannot be null");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint cannot be null");
    this.timeout = Objects.requireNonNull(timeout, "timeout cannot be null");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Medium medium() {
    return medium;
  }

  /** The receiver de-duplicates by the {@code Idempotency-Key} header: resending is harmless. */
  @Override
  public boolean resendsSafely() {
    return true;
  }

  @Override
  public void deliver(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery cannot be null");
    ObjectNode body =
        JSON.createObjectNode()
            .put("delivery", delivery.id())
            .put("user", delivery.recipient().id())
            .put("option", delivery.option().id())
            .put("text", delivery.option().label() + ": " + delivery.action().describe());
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", delivery.id())
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    int status;
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw new TransportException(
          TransportException.Kind.TRANSIENT,
          "webhook unreachable: " + e.getClass().getSimpleName(),
          e);
    } catch (HttpTimeoutException e) {
      throw new TransportException(
          TransportException.Kind.UNKNOWN, "webhook did not answer within " + timeout, e);
    } catch (IOException e) {
      throw new TransportException(
          TransportException.Kind.UNKNOWN,
          "webhook connection failed: " + e.getClass().getSimpleName(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(TransportException.Kind.UNKNOWN, "interrupted", e);
    }
    if (status / 100 == 2) {
      return;
    }
    boolean retry = status == 429 || status >= 500;
    throw new TransportException(
        retry ? TransportException.Kind.TRANSIENT : TransportException.Kind.PERMANENT,
        "webhook answered " + status);
  }
}
