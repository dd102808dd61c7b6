package dev.notify.pipeline;

import dev.notify.internal.Checks;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Discovers transports through {@link ServiceLoader}. One broken provider never hides the others:
 * each failure is reported with the provider that caused it.
 *
 * @since 0.1.0
 */
public final class Transports {
  private Transports() {}

  /** What discovery found: the transports it made and the providers that failed. */
  public record Discovery(List<Transport> transports, List<String> failures) {
    /** Copies. */
    public Discovery {
      transports = List.copyOf(transports);
      failures = List.copyOf(failures);
    }
  }

  /**
   * Loads every {@link TransportProvider} visible to {@code loader} and creates a transport from
   * each one that {@code properties} configure.
   */
  public static Discovery discover(Map<String, String> properties, ClassLoader loader) {
    Checks.notNull(properties, "properties");
    List<Transport> found = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Iterator<TransportProvider> it = ServiceLoader.load(TransportProvider.class, loader).iterator();
    while (true) {
      TransportProvider p;
      try {
        if (!it.hasNext()) {
          break;
        }
        p = it.next();
      } catch (ServiceConfigurationError e) {
        failures.add("a transport provider could not be loaded: " + e.getMessage());
        continue;
      }
      try {
        if (p.isConfigured(properties)) {
          found.add(p.create(properties));
        }
      } catch (RuntimeException e) {
        failures.add(
            "transport provider "
                + Checks.quote(p.name())
                + " ("
                + p.getClass().getName()
                + ") failed: "
                + e.getMessage());
      }
    }
    return new Discovery(found, failures);
  }
}
