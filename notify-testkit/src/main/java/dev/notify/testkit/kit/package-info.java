/**
 * Compatibility kits: abstract JUnit tests that every implementation of an SPI extends — the
 * in-memory ones, the JDBC ones, a host's own. Uses notify-core's SPIs.
 */
@NullMarked
package dev.notify.testkit.kit;

import org.jspecify.annotations.NullMarked;
