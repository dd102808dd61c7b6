package dev.notify.email;

import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Builds the {@link OutboundEmail} of a delivery: one message to the one recipient (agents never
 * see each other's address), rendered by the {@link EmailRenderer}, with a deterministic {@code
 * Message-ID} per (delivery, recipient) and threading headers per conversation so that a mail
 * client groups one conversation's notifications. Thread-safe.
 *
 * @since 0.1.0
 */
public final class EmailComposer {
  private final EmailAddress from;
  private final EmailRenderer renderer;
  private final String idDomain;

  /**
   * A composer.
   *
   * @param from the sender
   * @param renderer the templates
   */
  public EmailComposer(EmailAddress from, EmailRenderer renderer) {
    this.from = Objects.requireNonNull(from, "from cannot be null");
    this.renderer = Objects.requireNonNull(renderer, "renderer cannot be null");
    this.idDomain = from.domain();
  }

  /**
   * Composes the message of one delivery.
   *
   * @throws IllegalArgumentException when the recipient has no email address or an invalid one
   */
  public OutboundEmail compose(Delivery delivery) {
    Objects.requireNonNull(delivery, "delivery cannot be null");
    EmailAddress to = addressOf(delivery);
    RenderedEmail r = renderer.render(delivery);
    OutboundEmail.Builder b =
        OutboundEmail.builder()
            .id(delivery.id())
            .from(from)
            .to(to)
            .subject(r.subject())
            .text(r.text())
            .html(r.html())
            .header("Message-ID", messageId(delivery.id(), to))
            .header("X-Notify-Option", delivery.option().id())
            .header("Auto-Submitted", "auto-generated");
    delivery
        .action()
        .conversationIfAny()
        .ifPresent(
            c -> {
              String root = "<conversation." + hash(c, 24) + "@" + idDomain + ">";
              b.header("In-Reply-To", root).header("References", root);
            });
    return b.build();
  }

  /**
   * Composes the one message of a digest, rendered by {@link EmailRenderer#renderDigest}, to the
   * address of its last delivery's recipient (the newest one known), with a deterministic {@code
   * Message-ID} per (digest, recipient) and no threading headers (it spans conversations).
   *
   * @throws IllegalArgumentException when the recipient has no email address or an invalid one
   * @since 0.2.0
   */
  public OutboundEmail composeDigest(Digest digest) {
    Objects.requireNonNull(digest, "digest cannot be null");
    Delivery last = digest.deliveries().get(digest.size() - 1);
    EmailAddress to = addressOf(last);
    RenderedEmail r = renderer.renderDigest(digest);
    return OutboundEmail.builder()
        .id(digest.id())
        .from(from)
        .to(to)
        .subject(r.subject())
        .text(r.text())
        .html(r.html())
        .header("Message-ID", messageId(digest.id(), to))
        .header("X-Notify-Digest", Integer.toString(digest.size()))
        .header("Auto-Submitted", "auto-generated")
        .build();
  }

  private static EmailAddress addressOf(Delivery delivery) {
    String address =
        delivery
            .recipient()
            .emailIfAny()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "user "
                            + dev.notify.NotifyException.quote(delivery.recipient().id())
                            + " has no email address"));
    return EmailAddress.of(address);
  }

  /**
   * The Message-ID of a delivery's message to {@code to}: the same inputs always give the same id.
   */
  public String messageId(String deliveryId, EmailAddress to) {
    return "<" + hash(deliveryId + "\n" + to.normalized(), 32) + "@" + idDomain + ">";
  }

  private static String hash(String s, int hexChars) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
