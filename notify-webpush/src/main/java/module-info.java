/**
 * notify-webpush: Web Push with the JDK alone — RFC 8291 message encryption (aes128gcm), RFC 8292
 * VAPID, and a transport for browsers whose tab is closed.
 */
module dev.notify.webpush {
  requires transitive dev.notify.core;
  requires static org.jspecify;
  requires java.net.http;

  exports dev.notify.webpush;
}
