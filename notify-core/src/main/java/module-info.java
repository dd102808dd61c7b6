/**
 * notify-core: the catalog, settings, default tables, the pure decision engine, the delivery
 * pipeline, the inbox, the SPIs and their in-memory implementations. JDK only.
 */
module dev.notify.core {
  requires static org.jspecify;
  requires java.net.http; // webhooks

  exports dev.notify;
  exports dev.notify.pipeline;
  exports dev.notify.action;
  exports dev.notify.catalog;
  exports dev.notify.engine;
  exports dev.notify.settings;
  exports dev.notify.spi;
  exports dev.notify.memory;
  exports dev.notify.timeline;

  uses dev.notify.spi.TransportProvider;
}
