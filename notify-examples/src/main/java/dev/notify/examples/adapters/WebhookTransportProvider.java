package dev.notify.examples.adapters;

import dev.notify.catalog.Medium;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Makes a {@link WebhookTransport} for {@link java.util.ServiceLoader} discovery, registered in
 * this module's {@code META-INF/services}. Properties: {@code notify.webhook.url} (required),
 * {@code notify.webhook.medium} (default {@code sms}), {@code notify.webhook.timeout-ms} (default
 * 5000).
 */
public final class WebhookTransportProvider implements TransportProvider {
  /** For {@link java.util.ServiceLoader}. */
  public WebhookTransportProvider() {}

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public Medium medium() {
    return Medium.of("sms");
  }

  @Override
  public boolean isConfigured(Map<String, String> properties) {
    return properties.containsKey("notify.webhook.url");
  }

  @Override
  public Transport create(Map<String, String> p) {
    String timeout = p.getOrDefault("notify.webhook.timeout-ms", "5000");
    if (!timeout.matches("\\d{1,7}")) {
      throw new IllegalArgumentException(
          "notify.webhook.timeout-ms must be a number of milliseconds, got \"" + timeout + "\"");
    }
    return new WebhookTransport(
        Medium.of(p.getOrDefault("notify.webhook.medium", "sms")),
        URI.create(p.get("notify.webhook.url")),
        Duration.ofMillis(Long.parseLong(timeout)));
  }
}
