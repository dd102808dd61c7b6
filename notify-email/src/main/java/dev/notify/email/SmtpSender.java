package dev.notify.email;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.SocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email over SMTP with Eclipse Angus Mail. One connection is opened lazily, reused across
 * messages and batches, checked before each batch, and re-opened after a failure. Explicit connect,
 * read and write timeouts bound every wait, and {@link SmtpConfig#sendTimeout()} bounds each
 * message as a whole: a server that answers one byte at a time never trips a read timeout, so at
 * that deadline the connection is cut from another thread. A message cut before it was started is
 * transient; one cut after is unknown (the server may have accepted it).
 *
 * <p>Thread-safe: sends are serialised on the one connection. Bcc recipients go only in the SMTP
 * envelope, never in a header. Outcomes: connection refused or an SMTP 4xx reply is transient; a
 * 5xx reply is permanent; a timeout or broken connection after the message started is unknown.
 *
 * @since 0.1.0
 */
public final class SmtpSender implements EmailSender {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);

  private final SmtpConfig config;
  private final Session session;
  private final String protocol;
  private final Object lock = new Object();
  private final TrackingSocketFactory sockets = new TrackingSocketFactory();
  private Transport transport; // guarded by lock
  private long connections; // guarded by lock

  /** A sender for {@code config}. */
  public SmtpSender(SmtpConfig config) {
    this.config = Objects.requireNonNull(config, "config cannot be null");
    this.protocol = config.security() == SmtpConfig.Security.TLS ? "smtps" : "smtp";
    Properties p = new Properties();
    String k = "mail." + protocol + ".";
    p.put(k + "host", config.host());
    p.put(k + "port", String.valueOf(config.port()));
    p.put(k + "connectiontimeout", String.valueOf(config.connectTimeout().toMillis()));
    p.put(k + "timeout", String.valueOf(config.readTimeout().toMillis()));
    p.put(k + "writetimeout", String.valueOf(config.writeTimeout().toMillis()));
    p.put(k + "auth", String.valueOf(config.username() != null));
    // Our factory only remembers the socket it made, so the deadline can close it; Angus layers
    // TLS over it for SMTPS and STARTTLS, and closing the plain socket unblocks the TLS one too.
    p.put(k + "socketFactory", sockets);
    p.put(k + "socketFactory.fallback", "false");
    if (config.security() == SmtpConfig.Security.STARTTLS) {
      p.put(k + "starttls.enable", "true");
      p.put(k + "starttls.required", "true");
    }
    if (config.security() != SmtpConfig.Security.NONE) {
      p.put(k + "ssl.checkserveridentity", "true");
    }
    this.session = Session.getInstance(p);
  }

  /** How many connections were opened so far (for tests and benchmarks of connection reuse). */
  public long connectionsOpened() {
    synchronized (lock) {
      return connections;
    }
  }

  @Override
  public List<SendResult> send(List<OutboundEmail> messages) {
    Objects.requireNonNull(messages, "messages cannot be null");
    List<SendResult> results = new ArrayList<>(messages.size());
    synchronized (lock) {
      for (OutboundEmail m : messages) {
        results.add(sendOne(Objects.requireNonNull(m, "message cannot be null")));
      }
    }
    long sent = results.stream().filter(SendResult::sent).count();
    LOG.info("SMTP batch: {} sent, {} failed", sent, results.size() - sent);
    return results;
  }

  private SendResult sendOne(OutboundEmail m) {
    MimeMessage mime;
    try {
      mime = toMime(m);
    } catch (MessagingException | UnsupportedEncodingException e) {
      return SendResult.failed(
          m, SendResult.Status.PERMANENT, 0, "cannot build the message: " + e.getMessage());
    }
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> deadline =
        Deadlines.TIMER.schedule(
            () -> {
              expired.set(true);
              sockets.closeLast();
            },
            config.sendTimeout().toNanos(),
            TimeUnit.NANOSECONDS);
    try {
      try {
        ensureConnected();
      } catch (MessagingException e) {
        close();
        return SendResult.failed(
            m,
            SendResult.Status.TRANSIENT,
            0,
            "cannot connect to "
                + config.host()
                + ":"
                + config.port()
                + (expired.get() ? " within the send deadline of " + config.sendTimeout() : "")
                + ": "
                + rootMessage(e));
      }
      try {
        transport.sendMessage(mime, envelope(m));
        return SendResult.sent(m, m.headers().getOrDefault("Message-ID", mime.getMessageID()));
      } catch (MessagingException e) {
        SendResult r =
            expired.get()
                ? SendResult.failed(
                    m,
                    SendResult.Status.UNKNOWN,
                    0,
                    "no answer within the send deadline of "
                        + config.sendTimeout()
                        + " after the message was started")
                : classify(m, e);
        if (r.status() != SendResult.Status.PERMANENT) {
          close(); // the connection is in an unknown state: start afresh next time
        }
        LOG.warn("SMTP send of {} failed: {} {}", m.id(), r.status(), r.errorCode());
        return r;
      }
    } finally {
      deadline.cancel(false);
    }
  }

  private void ensureConnected() throws MessagingException {
    // isConnected() probes the server (NOOP), so a connection the server dropped is noticed here.
    if (transport != null && transport.isConnected()) {
      return;
    }
    close();
    Transport t = session.getTransport(protocol);
    t.connect(config.host(), config.port(), config.username(), config.password());
    transport = t;
    connections++;
    LOG.debug("SMTP connection {} opened to {}:{}", connections, config.host(), config.port());
  }

  private static SendResult classify(OutboundEmail m, MessagingException e) {
    for (Throwable t = e;
        t != null;
        t =
            t instanceof MessagingException me && me.getNextException() != null
                ? me.getNextException()
                : t.getCause()) {
      if (t instanceof SMTPSendFailedException s) {
        return byReply(m, s.getReturnCode(), s.getMessage());
      }
      if (t instanceof SMTPAddressFailedException s) {
        return byReply(m, s.getReturnCode(), s.getMessage());
      }
      if (t instanceof MailConnectException) {
        return SendResult.failed(
            m, SendResult.Status.TRANSIENT, 0, "connection failed: " + rootMessage(e));
      }
      if (t instanceof SocketTimeoutException) {
        return SendResult.failed(
            m,
            SendResult.Status.UNKNOWN,
            0,
            "timed out after the message was started: " + rootMessage(e));
      }
      if (t == t.getCause()) {
        break;
      }
    }
    return SendResult.failed(
        m, SendResult.Status.UNKNOWN, 0, "connection failed while sending: " + rootMessage(e));
  }

  private static SendResult byReply(OutboundEmail m, int code, String message) {
    SendResult.Status s =
        code >= 400 && code < 500 ? SendResult.Status.TRANSIENT : SendResult.Status.PERMANENT;
    return SendResult.failed(m, s, code, "server replied " + code + ": " + firstLine(message));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int i = s.indexOf('\n');
    return (i < 0 ? s : s.substring(0, i)).strip();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return firstLine(t.getClass().getSimpleName() + ": " + t.getMessage());
  }

  private static Address[] envelope(OutboundEmail m) throws MessagingException {
    List<EmailAddress> all = m.recipients();
    Address[] out = new Address[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new InternetAddress(all.get(i).address(), true);
    }
    return out;
  }

  private MimeMessage toMime(OutboundEmail m)
      throws MessagingException, UnsupportedEncodingException {
    String messageId = m.headers().get("Message-ID");
    MimeMessage mime =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            // Keep our deterministic Message-ID; Jakarta Mail would otherwise make a random one.
            if (messageId == null) {
              super.updateMessageID();
            } else {
              setHeader("Message-ID", messageId);
            }
          }
        };
    mime.setFrom(internet(m.from()));
    if (!m.to().isEmpty()) {
      mime.setRecipients(Message.RecipientType.TO, internet(m.to()));
    } else if (m.cc().isEmpty()) {
      mime.setHeader("To", "undisclosed-recipients:;");
    }
    if (!m.cc().isEmpty()) {
      mime.setRecipients(Message.RecipientType.CC, internet(m.cc()));
    }
    // Bcc recipients are only in the envelope (see envelope()): no Bcc header is ever written.
    mime.setSubject(m.subject(), StandardCharsets.UTF_8.name());
    for (Map.Entry<String, String> h : m.headers().entrySet()) {
      mime.setHeader(h.getKey(), h.getValue());
    }
    if (m.html().isPresent()) {
      MimeMultipart alt = new MimeMultipart("alternative");
      MimeBodyPart text = new MimeBodyPart();
      text.setText(m.text(), StandardCharsets.UTF_8.name());
      MimeBodyPart html = new MimeBodyPart();
      html.setText(m.html().get(), StandardCharsets.UTF_8.name(), "html");
      alt.addBodyPart(text);
      alt.addBodyPart(html);
      mime.setContent(alt);
    } else {
      mime.setText(m.text(), StandardCharsets.UTF_8.name());
    }
    mime.saveChanges();
    return mime;
  }

  private static InternetAddress internet(EmailAddress a) throws UnsupportedEncodingException {
    return a.displayName() == null
        ? new InternetAddress(a.address(), null, StandardCharsets.UTF_8.name())
        : new InternetAddress(a.address(), a.displayName(), StandardCharsets.UTF_8.name());
  }

  private static InternetAddress[] internet(List<EmailAddress> list)
      throws UnsupportedEncodingException {
    InternetAddress[] out = new InternetAddress[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = internet(list.get(i));
    }
    return out;
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (transport != null) {
        try {
          transport.close();
        } catch (MessagingException e) {
          LOG.debug("closing the SMTP connection failed", e);
        }
        transport = null;
      }
    }
  }

  @Override
  public String toString() {
    return "SmtpSender[" + config + "]";
  }

  /** One daemon timer for every sender: its only work is closing a socket at a deadline. */
  private static final class Deadlines {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor t =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread th = new Thread(r, "notify-smtp-deadline");
                th.setDaemon(true);
                return th;
              });
      t.setRemoveOnCancelPolicy(true); // met deadlines leave nothing behind
      return t;
    }
  }

  /**
   * Makes plain sockets like the JDK's default factory and remembers the last one, which is the
   * current connection's (connections are opened under the sender's lock, one at a time).
   */
  private static final class TrackingSocketFactory extends SocketFactory {
    private volatile @Nullable Socket last;

    private Socket track(Socket s) {
      last = s;
      return s;
    }

    void closeLast() {
      Socket s = last;
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          LOG.debug("closing a socket at its deadline failed", e);
        }
      }
    }

    @Override
    public Socket createSocket() {
      return track(new Socket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return track(new Socket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return track(new Socket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return track(new Socket(address, port, localAddress, localPort));
    }
  }
}
