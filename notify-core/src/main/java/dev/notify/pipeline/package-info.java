/**
 * Layer 4, the top: the {@link dev.notify.pipeline.Notifier} that resolves an action's audience
 * through the directory, decides with the engine and hands deliveries to transports, with its retry
 * policy and transport discovery. Uses every package below it.
 */
@NullMarked
package dev.notify.pipeline;

import org.jspecify.annotations.NullMarked;
