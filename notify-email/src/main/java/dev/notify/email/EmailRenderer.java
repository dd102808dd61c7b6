package dev.notify.email;

import dev.notify.spi.Delivery;

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
}
