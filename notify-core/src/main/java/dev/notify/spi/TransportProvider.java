package dev.notify.spi;

import dev.notify.catalog.Medium;
import java.util.Map;

/**
 * Makes a {@link Transport} from configuration properties; found through {@link
 * java.util.ServiceLoader} (a module's {@code provides} clause, or a {@code
 * META-INF/services/dev.notify.spi.TransportProvider} file on the class path). Explicit wiring
 * through {@code Notifier.builder().transport(...)} stays the main path.
 *
 * <p>Implementations need a public no-argument constructor. <b>Threading:</b> {@link #create} is
 * called once per discovery, on the caller's thread. <b>Blocking:</b> it should not block (a
 * transport opens its connections on first use); it may read files named by the properties.
 * <b>Failures:</b> throw {@link IllegalArgumentException} naming the bad or missing property.
 *
 * @since 0.1.0
 */
public interface TransportProvider {
  /** A short name for logs and error messages, for example {@code "email"}. */
  String name();

  /** The medium the created transport delivers. */
  Medium medium();

  /**
   * Whether {@code properties} configure this provider; providers not configured are skipped by
   * discovery rather than failing it.
   */
  boolean isConfigured(Map<String, String> properties);

  /** Creates the transport. */
  Transport create(Map<String, String> properties);
}
