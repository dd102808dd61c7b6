package dev.notify.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.Transport;
import dev.notify.testkit.kit.TransportCompatibilityKit;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The email transport over SMTP passes the transport kit against GreenMail. */
class EmailTransportKitTest extends TransportCompatibilityKit {
  private static final EmailComposer COMPOSER =
      new EmailComposer(EmailAddress.of("notify@example.test"), new StandardEmailRenderer("Acme"));
  private GreenMail server;

  @BeforeEach
  void start() {
    server =
        new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Override
  protected Transport createTransport() {
    return new EmailTransport(
        COMPOSER, new SmtpSender(SmtpConfig.plain("127.0.0.1", server.getSmtp().getPort())));
  }

  @Override
  protected Transport createBrokenTransport() {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new EmailTransport(
        COMPOSER,
        new SmtpSender(
            SmtpConfig.plain("127.0.0.1", closed)
                .withTimeouts(
                    Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1))));
  }

  @Override
  protected boolean arrivedDigest(Digest digest) {
    // One message for the whole digest, under the digest's own Message-ID.
    return arrived(digest.id(), digest.deliveries().get(0).recipient().email());
  }

  @Override
  protected boolean arrived(Delivery delivery) {
    return arrived(delivery.id(), delivery.recipient().email());
  }

  private boolean arrived(String messageKey, String address) {
    server.waitForIncomingEmail(5000, 1);
    String id = COMPOSER.messageId(messageKey, EmailAddress.of(address));
    for (MimeMessage m : server.getReceivedMessages()) {
      try {
        if (id.equals(m.getMessageID())) {
          return true;
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return false;
  }
}
