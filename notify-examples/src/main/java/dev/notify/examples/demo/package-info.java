/** dev.notify.examples.demo. */
@NullMarked
package dev.notify.examples.demo;

import org.jspecify.annotations.NullMarked;
