package dev.notify.email;

import dev.notify.NotifyException;
import dev.notify.catalog.Medium;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportProvider;
import java.net.URI;
import java.util.Arrays;
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
    // Any notify.email.* key asks for email: a configuration missing its sender is an error at
    // create(), never a silent absence of the transport.
    return p.keySet().stream().anyMatch(k -> k.startsWith("notify.email."));
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
            "notify.email.smtp.port must be a number, got " + NotifyException.quote(port));
      }
      c = c.withSecurity(security(p.getOrDefault("notify.email.smtp.security", "STARTTLS")));
      if (p.containsKey("notify.email.smtp.username")) {
        c =
            c.withCredentials(
                p.get("notify.email.smtp.username"), required(p, "notify.email.smtp.password"));
      }
      sender = new SmtpSender(c);
    }
    return new EmailTransport(composer, sender);
  }

  /** A security mode in any case: {@code starttls}, {@code STARTTLS}… */
  private static SmtpConfig.Security security(String value) {
    for (SmtpConfig.Security s : SmtpConfig.Security.values()) {
      if (s.name().equalsIgnoreCase(value.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "notify.email.smtp.security must be one of "
            + Arrays.toString(SmtpConfig.Security.values())
            + " (any case), got "
            + NotifyException.quote(value));
  }

  private static String required(Map<String, String> p, String key) {
    String v = p.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("property " + key + " is required");
    }
    return v;
  }
}
