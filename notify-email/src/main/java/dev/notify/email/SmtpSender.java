package dev.notify.email;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.net.SocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email over SMTP with Eclipse Angus Mail, on a small pool of connections: each call takes a
 * connection of its own (opened lazily, reused across messages and calls, checked before each call,
 * re-opened after a failure), so concurrent attempts never wait behind each other's slow server,
 * and at most {@code maxConnections} are open at once. A call that finds none free within the
 * connect timeout fails as transient (it never reached the server). Explicit connect, read and
 * write timeouts bound every wait, and {@link SmtpConfig#sendTimeout()} bounds each message as a
 * whole: a server that answers one byte at a time never trips a read timeout, so at that deadline
 * the connection is cut from another thread.
 *
 * <p>Outcomes: connection refused, a slow greeting, an SMTP 4xx reply, or a cut before the
 * message's final dot was sent is transient (the server cannot have accepted it); a 5xx reply is
 * permanent; a timeout or broken connection after the final dot was sent is unknown (the server may
 * have accepted it). {@link #deadline()} is the longest one call may take. Thread-safe. Bcc
 * recipients go only in the SMTP envelope, never in a header. Failures are logged at WARN with
 * their reason; each batch at DEBUG.
 *
 * @since 0.1.0
 */
public final class SmtpSender implements EmailSender {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpSender.class);

  /** Connections open at once by default. */
  public static final int DEFAULT_CONNECTIONS = 8;

  private final SmtpConfig config;
  private final String protocol;
  private final Properties properties;
  private final Semaphore slots;
  private final int maxConnections;
  private final Object lock = new Object();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>(); // guarded by lock
  private final AtomicLong connections = new AtomicLong();
  private final ScheduledThreadPoolExecutor deadlines;

  /** Daemon threads named {@code notify-smtp-deadline}. */
  private static final ThreadFactory DEFAULT_TIMER_THREADS =
      r -> {
        Thread t = new Thread(r, "notify-smtp-deadline");
        t.setDaemon(true);
        return t;
      };

  private volatile boolean closed;

  /** A sender for {@code config} with at most {@value #DEFAULT_CONNECTIONS} connections. */
  public SmtpSender(SmtpConfig config) {
    this(config, DEFAULT_CONNECTIONS);
  }

  /**
   * A sender for {@code config} with at most {@code maxConnections} open at once: as many as the
   * attempts that run at once (the notifier's worker threads), so none waits for another.
   *
   * @since 0.3.0
   */
  public SmtpSender(SmtpConfig config, int maxConnections) {
    this(config, maxConnections, DEFAULT_TIMER_THREADS);
  }

  /**
   * A sender whose deadline timer runs on a thread made by {@code timerThreads} (the host's naming,
   * daemon status, class loader); {@link #close()} stops it.
   *
   * @since 0.3.0
   */
  public SmtpSender(SmtpConfig config, int maxConnections, ThreadFactory timerThreads) {
    this.config = Objects.requireNonNull(config, "config cannot be null");
    Objects.requireNonNull(timerThreads, "timerThreads cannot be null");
    if (maxConnections < 1 || maxConnections > 1_000) {
      throw new IllegalArgumentException("maxConnections must be 1 to 1000, got " + maxConnections);
    }
    this.maxConnections = maxConnections;
    // The sender's own timer, not a JVM-wide one: its only work is cutting a socket at a deadline.
    this.deadlines = new ScheduledThreadPoolExecutor(1, timerThreads);
    deadlines.setRemoveOnCancelPolicy(true); // met deadlines leave nothing behind
    this.slots = new Semaphore(maxConnections, true);
    this.protocol = config.security() == SmtpConfig.Security.TLS ? "smtps" : "smtp";
    Properties p = new Properties();
    String k = "mail." + protocol + ".";
    p.put(k + "host", config.host());
    p.put(k + "port", String.valueOf(config.port()));
    p.put(k + "connectiontimeout", String.valueOf(config.connectTimeout().toMillis()));
    p.put(k + "timeout", String.valueOf(config.readTimeout().toMillis()));
    p.put(k + "writetimeout", String.valueOf(config.writeTimeout().toMillis()));
    p.put(k + "auth", String.valueOf(config.username() != null));
    p.put(k + "socketFactory.fallback", "false");
    if (config.security() == SmtpConfig.Security.STARTTLS) {
      p.put(k + "starttls.enable", "true");
      p.put(k + "starttls.required", "true");
    }
    if (config.security() != SmtpConfig.Security.NONE) {
      p.put(k + "ssl.checkserveridentity", "true");
    }
    this.properties = p;
  }

  /** How many connections were opened so far (for tests and benchmarks of connection reuse). */
  public long connectionsOpened() {
    return connections.get();
  }

  /**
   * The longest one call of {@link #send(List)} with one message may take: waiting for a free
   * connection (at most the connect timeout) and the send deadline.
   */
  @Override
  public Optional<Duration> deadline() {
    return Optional.of(config.connectTimeout().plus(config.sendTimeout()));
  }

  @Override
  public List<SendResult> send(List<OutboundEmail> messages) {
    Objects.requireNonNull(messages, "messages cannot be null");
    for (OutboundEmail m : messages) {
      Objects.requireNonNull(m, "message cannot be null");
    }
    List<SendResult> results = new ArrayList<>(messages.size());
    boolean got;
    try {
      got = slots.tryAcquire(config.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = false;
    }
    if (!got || closed) {
      if (got) {
        slots.release();
      }
      String why =
          closed
              ? "the sender is closed"
              : "no SMTP connection free within "
                  + config.connectTimeout()
                  + " ("
                  + maxConnections
                  + " in use)";
      for (OutboundEmail m : messages) {
        results.add(SendResult.failed(m, SendResult.Status.TRANSIENT, 0, why));
      }
      LOG.warn("SMTP send of {} message(s) not started: {}", messages.size(), why);
      return results;
    }
    Connection c;
    synchronized (lock) {
      c = idle.pollFirst();
    }
    if (c == null) {
      c = new Connection();
    }
    try {
      for (OutboundEmail m : messages) {
        results.add(c.sendOne(m));
      }
    } finally {
      boolean keep;
      synchronized (lock) {
        keep = !closed;
        if (keep) {
          idle.addFirst(c); // the most recently used first: the others may time out unused
        }
      }
      if (!keep) {
        c.close();
      }
      slots.release();
    }
    if (LOG.isDebugEnabled()) {
      long sent = results.stream().filter(SendResult::sent).count();
      LOG.debug("SMTP batch: {} sent, {} failed", sent, results.size() - sent);
    }
    return results;
  }

  /** One SMTP connection with the socket factory that lets its deadline cut it. */
  private final class Connection {
    private final TrackingSocketFactory sockets = new TrackingSocketFactory();
    private final Session session;
    private @Nullable Tracking transport;

    Connection() {
      Properties p = new Properties();
      p.putAll(properties);
      // Our factory only remembers the socket it made, so the deadline can close it; Angus layers
      // TLS over it for SMTPS and STARTTLS, and closing the plain socket unblocks the TLS one too.
      p.put("mail." + protocol + ".socketFactory", sockets);
      this.session = Session.getInstance(p);
    }

    SendResult sendOne(OutboundEmail m) {
      MimeMessage mime;
      try {
        mime = toMime(session, m);
      } catch (MessagingException | UnsupportedEncodingException e) {
        return SendResult.failed(
            m, SendResult.Status.PERMANENT, 0, "cannot build the message: " + e.getMessage());
      }
      AtomicBoolean expired = new AtomicBoolean();
      ScheduledFuture<?> deadline;
      try {
        deadline =
            deadlines.schedule(
                () -> {
                  expired.set(true);
                  sockets.closeLast();
                },
                config.sendTimeout().toNanos(),
                TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        // Closed while this call was under way: nothing was sent, so another attempt is safe.
        return SendResult.failed(m, SendResult.Status.TRANSIENT, 0, "the sender is closed");
      }
      try {
        Tracking t;
        try {
          t = connected();
        } catch (MessagingException e) {
          close();
          SendResult r =
              SendResult.failed(
                  m,
                  SendResult.Status.TRANSIENT,
                  0,
                  "cannot connect to "
                      + config.host()
                      + ":"
                      + config.port()
                      + (expired.get()
                          ? " within the send deadline of " + config.sendTimeout()
                          : "")
                      + ": "
                      + rootMessage(e));
          LOG.warn("SMTP send of {} failed: TRANSIENT {}", m.id(), redacted(r.detail()));
          return r;
        }
        t.finishing = false;
        try {
          t.sendMessage(mime, envelope(m));
          return SendResult.sent(m, m.headers().getOrDefault("Message-ID", mime.getMessageID()));
        } catch (MessagingException e) {
          boolean mayBeAccepted = t.finishing; // the final dot went out: the server may have it
          SendResult r;
          if (expired.get()) {
            r =
                SendResult.failed(
                    m,
                    mayBeAccepted ? SendResult.Status.UNKNOWN : SendResult.Status.TRANSIENT,
                    0,
                    "no answer within the send deadline of "
                        + config.sendTimeout()
                        + (mayBeAccepted
                            ? " after the whole message was sent (it may have been accepted)"
                            : " before the whole message was sent (it was not accepted)"));
          } else {
            r = classify(m, e, mayBeAccepted);
          }
          if (r.status() != SendResult.Status.PERMANENT) {
            close(); // the connection is in an unknown state: start afresh next time
          }
          LOG.warn("SMTP send of {} failed: {} {}", m.id(), r.status(), redacted(r.detail()));
          return r;
        }
      } finally {
        deadline.cancel(false);
      }
    }

    private Tracking connected() throws MessagingException {
      // isConnected() probes the server (NOOP), so a connection the server dropped is noticed here.
      if (transport != null && transport.isConnected()) {
        return transport;
      }
      close();
      Tracking t =
          new Tracking(
              session,
              new URLName(protocol, config.host(), config.port(), null, config.username(), null),
              protocol,
              config.security() == SmtpConfig.Security.TLS);
      t.connect(config.host(), config.port(), config.username(), config.password());
      transport = t;
      long n = connections.incrementAndGet();
      LOG.debug("SMTP connection {} opened to {}:{}", n, config.host(), config.port());
      return t;
    }

    void close() {
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

  /**
   * Angus's SMTP transport that says whether the message's final dot was sent: until then the
   * server cannot have accepted the message, so a failure is transient, never unknown.
   */
  private static final class Tracking extends SMTPTransport {
    volatile boolean finishing;

    Tracking(Session session, URLName url, String protocol, boolean ssl) {
      super(session, url, protocol, ssl);
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
      finishing = true;
      super.finishData();
    }

    @Override
    protected void finishBdat() throws IOException, MessagingException {
      finishing = true;
      super.finishBdat();
    }
  }

  private static SendResult classify(OutboundEmail m, MessagingException e, boolean mayBeAccepted) {
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
      if (t instanceof SocketTimeoutException && mayBeAccepted) {
        return SendResult.failed(
            m,
            SendResult.Status.UNKNOWN,
            0,
            "timed out after the whole message was sent: " + rootMessage(e));
      }
      if (t == t.getCause()) {
        break;
      }
    }
    if (!mayBeAccepted) {
      return SendResult.failed(
          m,
          SendResult.Status.TRANSIENT,
          0,
          "connection failed before the whole message was sent: " + rootMessage(e));
    }
    return SendResult.failed(
        m,
        SendResult.Status.UNKNOWN,
        0,
        "connection failed after the whole message was sent (it may have been accepted): "
            + rootMessage(e));
  }

  /** A server's words for a log line: addresses replaced, so logs never hold one. */
  static String redacted(String detail) {
    return ADDRESS.matcher(detail).replaceAll("<address>");
  }

  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>@\"',;:]+@[^\\s<>@\"',;:]+");

  private static SendResult byReply(OutboundEmail m, int code, @Nullable String message) {
    SendResult.Status s =
        code >= 400 && code < 500 ? SendResult.Status.TRANSIENT : SendResult.Status.PERMANENT;
    return SendResult.failed(m, s, code, "server replied " + code + ": " + firstLine(message));
  }

  private static String firstLine(@Nullable String s) {
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

  private static MimeMessage toMime(Session session, OutboundEmail m)
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
    List<Connection> open;
    synchronized (lock) {
      closed = true;
      open = new ArrayList<>(idle);
      idle.clear();
    }
    open.forEach(Connection::close); // those in use close when their call returns
    deadlines.shutdownNow(); // a call still under way is bounded by its socket timeouts
  }

  @Override
  public String toString() {
    return "SmtpSender[" + config + "]";
  }

  /**
   * Makes plain sockets like the JDK's default factory and remembers the last one, which is its
   * connection's current socket (one factory per connection).
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
