package dev.notify.email;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * For a host that opts into shared messages: one message body to many recipients, split into
 * messages whose recipients all go in Bcc, at most {@code perMessage} each (never more than {@link
 * OutboundEmail#MAX_RECIPIENTS}), so no recipient sees another's address.
 *
 * @since 0.1.0
 */
public final class SharedMessages {
  private SharedMessages() {}

  /**
   * Splits {@code recipients} (duplicates removed, order kept) into Bcc chunks of {@code template}.
   *
   * @param template the message to copy; its own recipients are replaced
   * @param recipients everyone to reach
   * @param perMessage the largest chunk, 1 to {@value OutboundEmail#MAX_RECIPIENTS} (Postmark
   *     counts the To it adds for a Bcc-only message: use 49 there)
   */
  public static List<OutboundEmail> chunk(
      OutboundEmail template, List<EmailAddress> recipients, int perMessage) {
    Objects.requireNonNull(template, "template cannot be null");
    Objects.requireNonNull(recipients, "recipients cannot be null");
    if (perMessage < 1 || perMessage > OutboundEmail.MAX_RECIPIENTS) {
      throw new IllegalArgumentException(
          "perMessage must be between 1 and "
              + OutboundEmail.MAX_RECIPIENTS
              + ", got "
              + perMessage);
    }
    Map<String, EmailAddress> unique = new LinkedHashMap<>();
    for (EmailAddress a : recipients) {
      unique.putIfAbsent(Objects.requireNonNull(a, "recipient cannot be null").normalized(), a);
    }
    List<EmailAddress> all = new ArrayList<>(unique.values());
    List<OutboundEmail> out = new ArrayList<>();
    for (int from = 0, part = 1; from < all.size(); from += perMessage, part++) {
      OutboundEmail.Builder b =
          OutboundEmail.builder()
              .id(template.id() + "#" + part)
              .from(template.from())
              .subject(template.subject())
              .text(template.text())
              .html(template.html().orElse(null));
      template
          .headers()
          .forEach(
              (k, v) -> {
                if (!k.equalsIgnoreCase("Message-ID")) {
                  b.header(k, v);
                }
              });
      out.add(b.bcc(all.subList(from, Math.min(all.size(), from + perMessage))).build());
    }
    return out;
  }
}
