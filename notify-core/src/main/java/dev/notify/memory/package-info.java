/**
 * Thread-safe in-memory implementations of the SPIs: for tests, demos and single-process hosts.
 * Uses the SPIs and below, never the pipeline.
 */
@NullMarked
package dev.notify.memory;

import org.jspecify.annotations.NullMarked;
