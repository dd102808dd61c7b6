/**
 * notify-testkit: a property-testing core, notify's domain generators, the engine's laws and the
 * SPI compatibility kits, for hosts' test suites.
 */
module dev.notify.testkit {
  requires transitive dev.notify.core;
  requires transitive org.junit.jupiter.api;
  requires static org.jspecify;

  exports dev.notify.testkit.property;
  exports dev.notify.testkit.gen;
  exports dev.notify.testkit.laws;
  exports dev.notify.testkit.kit;
}
