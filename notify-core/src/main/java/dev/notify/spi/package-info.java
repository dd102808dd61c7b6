/**
 * Layer 5's contracts: what a host implements or plugs in — directory, presence, settings and inbox
 * stores, the delivery log, transports and their providers — with the threading, blocking and
 * failure contract in each javadoc. Uses the engine and below.
 */
@NullMarked
package dev.notify.spi;

import org.jspecify.annotations.NullMarked;
