package dev.notify.spring;

import dev.notify.pipeline.NotifierBuilder;

/**
 * Changes the auto-configured notifier's builder before it is built: what the properties do not
 * cover (an organisation, webhooks, a catalog's engine, timings). Beans of this type are applied in
 * their order. Called once, on the thread that creates the context.
 *
 * @since 0.3.0
 */
@FunctionalInterface
public interface NotifierBuilderCustomizer {
  /** Changes {@code builder}. */
  void customize(NotifierBuilder builder);
}
