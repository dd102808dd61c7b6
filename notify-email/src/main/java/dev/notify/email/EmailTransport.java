package dev.notify.email;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code email} transport: composes one message per delivery and sends it through an {@link
 * EmailSender}. Send outcomes map to {@link TransportException} kinds, so the {@code Notifier}
 * retries transient failures, keeps the others as dead letters, and never resends a message whose
 * fate is unknown. Thread-safe.
 *
 * @since 0.1.0
 */
public final class EmailTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(EmailTransport.class);

  private final EmailComposer composer;
  private final EmailSender sender;

  /** A transport that composes with {@code composer} and sends with {@code sender}. */
  public EmailTransport(EmailComposer composer, EmailSender sender) {
    this.composer = Objects.requireNonNull(composer, "composer cannot be null");
    this.sender = Objects.requireNonNull(sender, "sender cannot be null");
  }

  /** The sender. */
  public EmailSender sender() {
    return sender;
  }

  @Override
  public Medium medium() {
    return Medium.EMAIL;
  }

  @Override
  public void deliver(Delivery delivery) {
    OutboundEmail message;
    try {
      message = composer.compose(delivery);
    } catch (IllegalArgumentException e) {
      throw new TransportException(
          TransportException.Kind.PERMANENT,
          "cannot compose " + delivery.id() + ": " + e.getMessage(),
          e);
    }
    send(delivery.id(), message);
  }

  /**
   * Sends a digest as one message listing every delivery ({@link EmailRenderer#renderDigest}), with
   * the same outcomes as {@link #deliver}.
   *
   * @since 0.2.0
   */
  @Override
  public void deliverDigest(Digest digest) {
    OutboundEmail message;
    try {
      message = composer.composeDigest(digest);
    } catch (IllegalArgumentException e) {
      throw new TransportException(
          TransportException.Kind.PERMANENT,
          "cannot compose " + digest.id() + ": " + e.getMessage(),
          e);
    }
    send(digest.id(), message);
  }

  /** The sender's {@linkplain EmailSender#deadline() deadline}: the longest one attempt takes. */
  @Override
  public Optional<Duration> deadline() {
    return sender.deadline();
  }

  private void send(String id, OutboundEmail message) {
    SendResult r = sender.send(message);
    LOG.debug("{}: {}", id, r.status());
    switch (r.status()) {
      case SENT -> {}
      case TRANSIENT -> throw new TransportException(TransportException.Kind.TRANSIENT, r.detail());
      case PERMANENT -> throw new TransportException(TransportException.Kind.PERMANENT, r.detail());
      case UNKNOWN -> throw new TransportException(TransportException.Kind.UNKNOWN, r.detail());
      default -> throw new IllegalStateException("unexpected status " + r.status());
    }
  }
}
