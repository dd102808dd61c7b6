/** dev.notify.examples.web. */
@NullMarked
package dev.notify.examples.web;

import org.jspecify.annotations.NullMarked;
