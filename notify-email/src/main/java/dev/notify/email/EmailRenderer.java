package dev.notify.email;

import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;

/**
 * Turns a delivery into subject, text and HTML. {@link StandardEmailRenderer} covers every option
 * of the standard catalog; a host supplies its own for its own wording, brand or options.
 *
 * <p><b>Threading:</b> called concurrently from publishing threads; implementations must be
 * thread-safe. <b>Blocking:</b> must not block. <b>Failures:</b> an exception fails that one
 * delivery permanently. Implementations must HTML-escape every value they put into the HTML body.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EmailRenderer {
  /** Renders one delivery. */
  RenderedEmail render(Delivery delivery);

  /**
   * Renders a digest: one message listing each delivery with why the user gets it. The default
   * lists the subject {@link #render} gives each delivery and the label of its option; {@link
   * StandardEmailRenderer} adds what happened and signs it.
   *
   * @since 0.2.0
   */
  default RenderedEmail renderDigest(Digest digest) {
    String subject = digest.size() + " new notifications";
    StringBuilder text = new StringBuilder(subject).append("\n\n");
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html><body><h1 style=\"font-size:18px\">")
            .append(StandardEmailRenderer.escape(subject))
            .append("</h1><ul>");
    for (Delivery d : digest.deliveries()) {
      String line = render(d).subject();
      String why = "because of your setting \"" + d.option().label() + "\"";
      text.append("- ").append(line).append(" (").append(why).append(")\n");
      html.append("<li>")
          .append(StandardEmailRenderer.escape(line))
          .append(" <small>(")
          .append(StandardEmailRenderer.escape(why))
          .append(")</small></li>");
    }
    html.append("</ul></body></html>");
    return new RenderedEmail(subject, text.toString(), html.toString());
  }
}
