package dev.notify.email;

import dev.notify.catalog.Medium;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportProvider;
import java.net.URI;
import java.util.Map;

/**
 * Makes the email transport from properties, for {@link java.util.ServiceLoader} discovery:
 *
 * <ul>
 *   <li>{@code notify.email.from} (required), {@code notify.email.product} (default {@code
 *       notify});
 *   <li>SMTP: {@code notify.email.smtp.host}, {@code notify.email.smtp.port} (default 587), {@code
 *       notify.email.smtp.security} ({@code NONE}, {@code STARTTLS} — the default —, {@code TLS}),
 *       {@code notify.email.smtp.username}, {@code notify.email.smtp.password};
 *   <li>or Postmark: {@code notify.email.postmark.token}, {@code notify.email.postmark.url}.
 * </ul>
 *
 * @since 0.1.0
 */
public final class EmailTransportProvider implements TransportProvider {
  /** For {@link java.util.ServiceLoader}. */
  public EmailTransportProvider() {}

  @Override
  public String name() {
    return "email";
  }

  @Override
  public Medium medium() {
    return Medium.EMAIL;
  }

  @Override
  public boolean isConfigured(Map<String, String> p) {
    return p.containsKey("notify.email.from");
  }

  @Override
  public Transport create(Map<String, String> p) {
    EmailAddress from = EmailAddress.of(required(p, "notify.email.from"));
    EmailComposer composer =
        new EmailComposer(
            from, new StandardEmailRenderer(p.getOrDefault("notify.email.product", "notify")));
    EmailSender sender;
    if (p.containsKey("notify.email.postmark.token")) {
      PostmarkConfig c = PostmarkConfig.of(p.get("notify.email.postmark.token"));
      if (p.containsKey("notify.email.postmark.url")) {
        c = c.withBaseUrl(URI.create(p.get("notify.email.postmark.url")));
      }
      sender = new PostmarkSender(c);
    } else {
      String port = p.getOrDefault("notify.email.smtp.port", "587");
      SmtpConfig c;
      try {
        c = SmtpConfig.plain(required(p, "notify.email.smtp.host"), Integer.parseInt(port));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "notify.email.smtp.port must be a number, got "
                + dev.notify.NotifyException.quote(port));
      }
      c =
          c.withSecurity(
              SmtpConfig.Security.valueOf(
                  p.getOrDefault("notify.email.smtp.security", "STARTTLS")));
      if (p.containsKey("notify.email.smtp.username")) {
        c =
            c.withCredentials(
                p.get("notify.email.smtp.username"), required(p, "notify.email.smtp.password"));
      }
      sender = new SmtpSender(c);
    }
    return new EmailTransport(composer, sender);
  }

  private static String required(Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("property " + key + " is required");
    }
    return v;
  }
}
