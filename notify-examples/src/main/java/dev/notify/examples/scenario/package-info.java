/** dev.notify.examples.scenario. */
@NullMarked
package dev.notify.examples.scenario;

import org.jspecify.annotations.NullMarked;
