package dev.notify.email;

import java.util.Objects;

/**
 * What a template produced for one delivery.
 *
 * @param subject the subject, one line
 * @param text the plain-text body
 * @param html the HTML body, every interpolated value escaped
 * @since 0.1.0
 */
public record RenderedEmail(String subject, String text, String html) {
  /** Validates. */
  public RenderedEmail {
    Objects.requireNonNull(subject, "subject cannot be null");
    Objects.requireNonNull(text, "text cannot be null");
    Objects.requireNonNull(html, "html cannot be null");
  }
}
