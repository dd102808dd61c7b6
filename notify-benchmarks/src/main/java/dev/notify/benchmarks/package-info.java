/** dev.notify.benchmarks. */
@NullMarked
package dev.notify.benchmarks;

import org.jspecify.annotations.NullMarked;
