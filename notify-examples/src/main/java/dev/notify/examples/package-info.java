/** dev.notify.examples. */
@NullMarked
package dev.notify.examples;

import org.jspecify.annotations.NullMarked;
