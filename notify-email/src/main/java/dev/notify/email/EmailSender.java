package dev.notify.email;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sends email: over SMTP ({@link SmtpSender}) or a Postmark-compatible HTTP API ({@link
 * PostmarkSender}).
 *
 * <p><b>Threading:</b> implementations are safe for concurrent use. <b>Blocking:</b> {@link #send}
 * blocks on network I/O, bounded by the sender's timeouts. <b>Failures:</b> a failure of one
 * message is its {@link SendResult}, never an exception; {@code send} throws only for a {@code
 * null} argument.
 *
 * @since 0.1.0
 */
public interface EmailSender extends AutoCloseable {
  /**
   * Sends a batch, reusing one connection where the protocol allows.
   *
   * @return one result per message, in the same order
   */
  List<SendResult> send(List<OutboundEmail> messages);

  /** Sends one message. */
  default SendResult send(OutboundEmail message) {
    return send(List.of(message)).get(0);
  }

  /** Releases connections; further sends reconnect. */
  /**
   * The longest one call of {@link #send(List)} with one message may take, when the sender bounds
   * it (its connect, read and send deadlines together); empty when it has no bound. The email
   * transport states it as its {@code Transport.deadline()}, from which the notifier derives its
   * attempt timeout. Empty by default.
   *
   * @since 0.3.0
   */
  default Optional<Duration> deadline() {
    return Optional.empty();
  }

  @Override
  void close();
}
