/** dev.notify.examples.adapters. */
@NullMarked
package dev.notify.examples.adapters;

import org.jspecify.annotations.NullMarked;
