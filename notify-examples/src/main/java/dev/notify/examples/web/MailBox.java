package dev.notify.examples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.notify.email.SmtpConfig;
import dev.notify.email.SmtpSender;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Digest;
import dev.notify.spi.TransportException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jspecify.annotations.Nullable;

/**
 * Where the web example's email goes and what the Mail page shows: an embedded GreenMail server (or
 * the host's SMTP server), the sender to it, and what the workers told of each email — a {@link
 * DeliveryObserver} keeping the latest 200 outcomes. Thread-safe.
 */
final class MailBox implements DeliveryObserver, AutoCloseable {
  private static final int KEPT = 200;

  private final @Nullable GreenMail mail;
  private final SmtpSender smtp;
  private final Clock clock;

  /** What became of the latest email, newest first. */
  private final Deque<String[]> outcomes = new ConcurrentLinkedDeque<>();

  /** Email to {@code host}:{@code port}, or to an embedded server when {@code host} is null. */
  MailBox(@Nullable String host, int port, Clock clock) {
    this.clock = clock;
    if (host == null) {
      GreenMail embedded =
          new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
      embedded.start();
      this.mail = embedded;
      this.smtp = new SmtpSender(SmtpConfig.plain("127.0.0.1", embedded.getSmtp().getPort()));
    } else {
      this.mail = null;
      this.smtp = new SmtpSender(SmtpConfig.plain(host, port));
    }
  }

  /** The sender the email transport uses. */
  SmtpSender sender() {
    return smtp;
  }

  /** The embedded server, or null when email goes to the host's. */
  @Nullable GreenMail server() {
    return mail;
  }

  private void add(String to, String what) {
    outcomes.addFirst(new String[] {clock.instant().toString(), to, what});
    while (outcomes.size() > KEPT) {
      outcomes.pollLast();
    }
  }

  @Override
  public void sent(Delivery d) {
    add(d.recipient().id(), "sent: \u201c" + d.option().label() + "\u201d");
  }

  @Override
  public void digestSent(Digest d) {
    add(d.userId(), "sent a digest of " + d.size());
  }

  @Override
  public void readInTime(Delivery d) {
    add(
        d.recipient().id(),
        "not sent: \u201c" + d.option().label() + "\u201d was read in the app in time");
  }

  @Override
  public void retried(Delivery d, int attempt, Instant next, String error) {
    add(d.recipient().id(), "attempt " + attempt + " failed, tried again: " + error);
  }

  @Override
  public void deadLettered(Delivery d, TransportException.Kind kind, String message, int attempts) {
    add(d.recipient().id(), "gave up (" + kind + "): " + message);
  }

  /** The Mail page: the outcomes, newest first, and what the embedded server received. */
  ObjectNode page(ObjectMapper json) throws MessagingException {
    ObjectNode out = json.createObjectNode();
    out.put("embedded", mail != null);
    ArrayNode told = out.putArray("outcomes");
    for (String[] o : outcomes) {
      ObjectNode n = told.addObject();
      n.put("at", o[0]);
      n.put("agent", o[1]);
      n.put("what", o[2]);
    }
    ArrayNode list = out.putArray("messages");
    if (mail != null) {
      // GreenMail lists by mailbox: newest first across mailboxes is the page's own sort.
      List<MimeMessage> received = new ArrayList<>(List.of(mail.getReceivedMessages()));
      Collections.reverse(received); // within a mailbox, the newest last: keep ties newest first
      List<Instant> at = new ArrayList<>();
      for (MimeMessage m : received) {
        at.add(m.getReceivedDate() == null ? Instant.EPOCH : m.getReceivedDate().toInstant());
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < received.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparing((Integer i) -> at.get(i)).reversed());
      for (int i : order) {
        MimeMessage m = received.get(i);
        ObjectNode n = list.addObject();
        n.put("to", m.getRecipients(Message.RecipientType.TO)[0].toString());
        n.put("subject", m.getSubject());
        n.put("receivedAt", m.getReceivedDate() == null ? "" : at.get(i).toString());
      }
    }
    return out;
  }

  @Override
  public void close() {
    smtp.close();
    if (mail != null) {
      mail.stop();
    }
  }
}
