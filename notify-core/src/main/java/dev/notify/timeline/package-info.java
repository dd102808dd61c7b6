/**
 * Beyond the seed: when a decided delivery is sent. Quiet hours hold external media until a user's
 * quiet time ends; {@code IF_UNREAD} waits for the in-app notification to be read; digests combine
 * a user's emails of a window into one. {@link dev.notify.timeline.Timeline} applies rules 8 to 10
 * of the conformance format's timeline to decided deliveries.
 */
@NullMarked
package dev.notify.timeline;

import org.jspecify.annotations.NullMarked;
