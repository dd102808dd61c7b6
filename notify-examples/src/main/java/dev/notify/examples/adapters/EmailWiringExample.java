package dev.notify.examples.adapters;

import dev.notify.email.EmailAddress;
import dev.notify.email.EmailComposer;
import dev.notify.email.EmailTransport;
import dev.notify.email.PostmarkConfig;
import dev.notify.email.PostmarkSender;
import dev.notify.email.SmtpConfig;
import dev.notify.email.SmtpSender;
import dev.notify.email.StandardEmailRenderer;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Directory;
import java.net.URI;
import java.time.Duration;

/** The email wiring of README's "Email" section; a test runs both against real servers. */
public final class EmailWiringExample {
  private EmailWiringExample() {}

  /** A notifier whose email goes out over SMTP. */
  public static Notifier overSmtp(Directory directory, String host, int port) {
    // README:smtp:begin
    SmtpSender smtp =
        new SmtpSender(
            SmtpConfig.plain(host, port) // .withSecurity(STARTTLS).withCredentials(user, password)
                .withTimeouts(
                    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30))
                .withSendTimeout(
                    Duration.ofSeconds(60))); // one message in all, connecting included
    EmailComposer composer =
        new EmailComposer(
            EmailAddress.of("notifications@example.com", "Acme Help Desk"),
            new StandardEmailRenderer("Acme Help Desk"));
    Notifier notifier =
        Notifier.builder()
            .directory(directory)
            .transport(new EmailTransport(composer, smtp))
            .build();
    // README:smtp:end
    return notifier;
  }

  /** A notifier whose email goes out through a Postmark-compatible API; returns the sender too. */
  public static PostmarkWiring overPostmark(Directory directory, URI baseUrl, String serverToken) {
    // README:postmark:begin
    PostmarkSender postmark =
        new PostmarkSender(
            PostmarkConfig.of(serverToken).withBaseUrl(baseUrl)); // omit for Postmark itself
    EmailComposer composer =
        new EmailComposer(
            EmailAddress.of("notifications@example.com", "Acme Help Desk"),
            new StandardEmailRenderer("Acme Help Desk"));
    Notifier notifier =
        Notifier.builder()
            .directory(directory)
            .transport(new EmailTransport(composer, postmark))
            .build();
    // ... and later, the addresses Postmark reported inactive (error 406):
    var bounced = postmark.suppressions().addresses();
    // README:postmark:end
    return new PostmarkWiring(notifier, postmark, bounced.size());
  }

  /**
   * What {@link #overPostmark} made.
   *
   * @param notifier the notifier
   * @param sender the Postmark sender, whose suppression list the host reads
   * @param suppressedAtStart how many addresses were suppressed when it was made
   */
  public record PostmarkWiring(Notifier notifier, PostmarkSender sender, int suppressedAtStart) {}
}
