/**
 * Layer 3: the pure decision engine — no I/O, no clock, no randomness, no logging — and its
 * explained answers. Its compiled form ({@code PlanTables}) stays package-private here. Uses
 * actions, settings, the catalog and below.
 */
@NullMarked
package dev.notify.engine;

import org.jspecify.annotations.NullMarked;
