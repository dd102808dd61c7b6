/**
 * What every layer shares: {@link dev.notify.NotifyException}, the one library exception, with the
 * path of the bad field. Uses only {@code dev.notify.internal}.
 */
@NullMarked
package dev.notify;

import org.jspecify.annotations.NullMarked;
