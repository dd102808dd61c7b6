/**
 * notify-email: the email transport — rendering, SMTP (Eclipse Angus Mail) and Postmark-style HTTP
 * senders, at most 50 recipients per message, retries, header-injection-proof messages.
 */
module dev.notify.email {
  requires transitive dev.notify.core;
  requires static org.jspecify;
  requires org.slf4j;
  requires jakarta.mail;
  requires org.eclipse.angus.mail;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;

  exports dev.notify.email;

  provides dev.notify.spi.TransportProvider with
      dev.notify.email.EmailTransportProvider;
}
