package dev.notify.email;

import dev.notify.NotifyException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An email ready to send, which cannot be built invalid: a sender, 1 to {@value #MAX_RECIPIENTS}
 * recipients in To, Cc and Bcc together, a subject and body without injected headers, and only
 * allow-listed extra headers.
 *
 * <p>Immutable and thread-safe; made by {@link #builder()}.
 *
 * @since 0.1.0
 */
public final class OutboundEmail {
  /** The most recipients one message may have, To, Cc and Bcc together (Postmark's limit). */
  public static final int MAX_RECIPIENTS = 50;

  /** Extra headers a message may carry; any {@code X-Notify-*} header is allowed too. */
  public static final Set<String> ALLOWED_HEADERS =
      Set.of(
          "message-id",
          "in-reply-to",
          "references",
          "list-unsubscribe",
          "list-unsubscribe-post",
          "list-id",
          "auto-submitted",
          "x-auto-response-suppress");

  private final String id;
  private final EmailAddress from;
  private final List<EmailAddress> to;
  private final List<EmailAddress> cc;
  private final List<EmailAddress> bcc;
  private final String subject;
  private final String text;
  private final @Nullable String html;
  private final Map<String, String> headers;

  private OutboundEmail(Builder b, EmailAddress from, String subject, String text) {
    this.id = b.id;
    this.from = from;
    this.to = List.copyOf(b.to);
    this.cc = List.copyOf(b.cc);
    this.bcc = List.copyOf(b.bcc);
    this.subject = subject;
    this.text = text;
    this.html = b.html;
    // Looked up by name in any case: "Message-ID" finds a "message-id" header.
    TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(b.headers);
    this.headers = Collections.unmodifiableMap(h);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with every field of this message, to derive another. */
  public Builder toBuilder() {
    Builder b = new Builder().id(id).from(from).subject(subject).text(text);
    b.to.addAll(to);
    b.cc.addAll(cc);
    b.bcc.addAll(bcc);
    b.html = html;
    b.headers.putAll(headers);
    return b;
  }

  /**
   * The caller's id for this message (a delivery id), used in results and logs instead of
   * addresses.
   */
  public String id() {
    return id;
  }

  /** The sender. */
  public EmailAddress from() {
    return from;
  }

  /** The To recipients. */
  public List<EmailAddress> to() {
    return to;
  }

  /** The Cc recipients. */
  public List<EmailAddress> cc() {
    return cc;
  }

  /** The Bcc recipients: they go in the envelope, never in a header. */
  public List<EmailAddress> bcc() {
    return bcc;
  }

  /** Every recipient: To, Cc, then Bcc. */
  public List<EmailAddress> recipients() {
    List<EmailAddress> all = new ArrayList<>(to.size() + cc.size() + bcc.size());
    all.addAll(to);
    all.addAll(cc);
    all.addAll(bcc);
    return all;
  }

  /** The subject. */
  public String subject() {
    return subject;
  }

  /** The plain-text body. */
  public String text() {
    return text;
  }

  /** The HTML body, if any. */
  public Optional<String> html() {
    return Optional.ofNullable(html);
  }

  /** The extra headers, one per name; names are looked up in any case. */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public String toString() {
    // No addresses and no body: this may end up in logs.
    return "OutboundEmail[" + id + ", " + recipients().size() + " recipients]";
  }

  /**
   * Builds an {@link OutboundEmail}; validates on every call and on {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private String id = "message";
    private @Nullable EmailAddress from;
    private final List<EmailAddress> to = new ArrayList<>();
    private final List<EmailAddress> cc = new ArrayList<>();
    private final List<EmailAddress> bcc = new ArrayList<>();
    private @Nullable String subject;
    private @Nullable String text;
    private @Nullable String html;
    private final TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    private Builder() {}

    /** The caller's id for this message (default {@code "message"}). */
    public Builder id(String id) {
      this.id = HeaderText.check(id, "id");
      return this;
    }

    /** The sender; required. */
    public Builder from(EmailAddress from) {
      this.from = require(from, "from");
      return this;
    }

    /** Adds To recipients. */
    public Builder to(EmailAddress... addresses) {
      return add(to, addresses, "to");
    }

    /** Adds Cc recipients. */
    public Builder cc(EmailAddress... addresses) {
      return add(cc, addresses, "cc");
    }

    /** Adds Bcc recipients. */
    public Builder bcc(EmailAddress... addresses) {
      return add(bcc, addresses, "bcc");
    }

    /** Adds Bcc recipients. */
    public Builder bcc(List<EmailAddress> addresses) {
      return add(bcc, addresses.toArray(new EmailAddress[0]), "bcc");
    }

    private Builder add(List<EmailAddress> list, EmailAddress[] addresses, String field) {
      require(addresses, field);
      for (EmailAddress a : addresses) {
        list.add(require(a, field));
      }
      int total = to.size() + cc.size() + bcc.size();
      if (total > MAX_RECIPIENTS) {
        list.subList(list.size() - addresses.length, list.size()).clear();
        throw new IllegalArgumentException(
            "a message may have at most "
                + MAX_RECIPIENTS
                + " recipients (To, Cc and Bcc together), got "
                + total);
      }
      return this;
    }

    /** The subject; required, one line. */
    public Builder subject(String subject) {
      this.subject = HeaderText.check(subject, "subject");
      return this;
    }

    /** The plain-text body; required. */
    public Builder text(String text) {
      this.text = require(text, "text");
      return this;
    }

    /** The HTML body; optional. */
    public Builder html(@Nullable String html) {
      this.html = html;
      return this;
    }

    /**
     * Adds an extra header. Only {@link #ALLOWED_HEADERS} and {@code X-Notify-*} names are
     * accepted; names and values are checked for injected line breaks.
     */
    public Builder header(String name, String value) {
      require(name, "header name");
      if (!name.matches("[A-Za-z0-9-]{1,76}")) {
        throw new IllegalArgumentException(
            "header name must be letters, digits and hyphens, got " + NotifyException.quote(name));
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (!ALLOWED_HEADERS.contains(lower) && !lower.startsWith("x-notify-")) {
        throw new IllegalArgumentException(
            "header "
                + NotifyException.quote(name)
                + " is not allowed (allowed: "
                + String.join(", ", new TreeSet<>(ALLOWED_HEADERS))
                + ", X-Notify-*)");
      }
      // Header names are case-insensitive: one value per name, the last one set.
      headers.remove(name);
      headers.put(name, HeaderText.check(value, "header " + name));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws NullPointerException when from, subject or text is missing
     * @throws IllegalArgumentException when there is no recipient
     */
    public OutboundEmail build() {
      EmailAddress f = require(from, "from");
      String s = require(subject, "subject");
      String t = require(text, "text");
      if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
        throw new IllegalArgumentException("a message needs at least one recipient");
      }
      return new OutboundEmail(this, f, s, t);
    }

    private static <T> T require(@Nullable T value, String name) {
      if (value == null) {
        throw new NullPointerException(name + " cannot be null");
      }
      return value;
    }
  }
}
