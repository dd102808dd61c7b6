/**
 * Layer 1, the vocabulary: notification options with their audiences, defaults and availability,
 * channels, media, sound categories, tabs, frequencies, presences, tenures, and the standard
 * catalog of the product. Uses only the packages below it ({@code dev.notify}, {@code
 * dev.notify.internal}).
 */
@NullMarked
package dev.notify.catalog;

import org.jspecify.annotations.NullMarked;
