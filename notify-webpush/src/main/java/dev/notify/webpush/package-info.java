/**
 * Web Push: {@link dev.notify.webpush.WebPushEncryption} (RFC 8291), {@link
 * dev.notify.webpush.Vapid} (RFC 8292) and {@link dev.notify.webpush.WebPushTransport}. JDK only.
 */
@NullMarked
package dev.notify.webpush;

import org.jspecify.annotations.NullMarked;
