/**
 * The engine's laws (the invariants of notify's design) and the reference model they are checked
 * against, runnable against a host's own catalog. Uses the generators and below.
 */
@NullMarked
package dev.notify.testkit.laws;

import org.jspecify.annotations.NullMarked;
