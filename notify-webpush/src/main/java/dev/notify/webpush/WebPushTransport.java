package dev.notify.webpush;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.PushSubscription;
import dev.notify.spi.PushSubscriptions;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code web_push} transport: a browser pop-up that reaches an agent whose tab is closed,
 * through each of their browsers' push services (RFC 8030), encrypted to the browser (RFC 8291) and
 * signed by the application (RFC 8292). No vendor and no library but the JDK.
 *
 * <p>Each push carries {@code {"title","url","tag","id","body"}} (the option's label, where it
 * points, the conversation it is about, the delivery's id, what happened), under {@value
 * WebPushEncryption#MAX_PLAINTEXT} bytes (a long body is cut, with an ellipsis), with {@code TTL},
 * {@code Urgency} ({@code high} for urgent options) and a {@code Topic} per conversation, so a
 * newer push replaces an older one the browser has not shown yet.
 *
 * <p>Outcomes per subscription: 201 (or any 2xx) sent; 404 or 410 gone (the subscription is removed
 * from the store); 413 payload too large and other 4xx {@code PERMANENT}; 429, 5xx, no answer or a
 * broken connection {@code TRANSIENT} (a {@code Retry-After} is named in the message). A delivery
 * goes to all the user's subscriptions at once and succeeds when none failed transiently and at
 * least one took it; a retry may show it again on a browser that had it, which the {@code Topic}
 * and {@code tag} replace. Thread-safe.
 *
 * @since 0.3.0
 */
public final class WebPushTransport implements Transport {
  /** The medium's id in a catalog that offers web push. */
  public static final Medium WEB_PUSH = Medium.of("web_push");

  private final PushSubscriptions subscriptions;
  private final Vapid vapid;
  private final Medium medium;
  private final Duration ttl;
  private final Duration timeout;
  private final Set<String> urgent;
  private final Function<Delivery, String> link;
  private final Function<Delivery, String> body;
  private final Clock clock;
  private final HttpClient client;

  private WebPushTransport(Builder b) {
    this.subscriptions = b.subscriptions;
    this.vapid = b.vapid;
    this.medium = b.medium;
    this.ttl = b.ttl;
    this.timeout = b.timeout;
    this.urgent = Set.copyOf(b.urgent);
    this.link = b.link;
    this.body = b.body;
    this.clock = b.clock;
    HttpClient c = b.client;
    this.client =
        c != null
            ? c
            : HttpClient.newBuilder()
                .connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  /** A builder of the transport over {@code subscriptions}, signing with {@code vapid}. */
  public static Builder builder(PushSubscriptions subscriptions, Vapid vapid) {
    return new Builder(subscriptions, vapid);
  }

  @Override
  public Medium medium() {
    return medium;
  }

  /** Every push of one delivery at once, each within the timeout. */
  @Override
  public Optional<Duration> deadline() {
    return Optional.of(timeout.plusSeconds(1));
  }

  /** A browser that shows a push twice replaces it (same tag and Topic). */
  @Override
  public boolean resendsSafely() {
    return true;
  }

  @Override
  public void deliver(Delivery d) {
    List<PushSubscription> subs = subscriptions.of(d.recipient().id());
    if (subs.isEmpty()) {
      throw new TransportException(
          TransportException.Kind.PERMANENT,
          "no web push subscription for user " + d.recipient().id());
    }
    byte[] payload = payload(d);
    String topic = topic(tag(d));
    List<CompletableFuture<Outcome>> pending = new ArrayList<>();
    for (PushSubscription s : subs) {
      pending.add(push(s, payload, topic, d));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < pending.size(); i++) {
      outcomes.add(await(pending.get(i), subs.get(i)));
    }
    int sent = 0;
    List<String> transients = new ArrayList<>();
    List<String> permanents = new ArrayList<>();
    for (Outcome o : outcomes) {
      switch (o.kind) {
        case SENT -> sent++;
        case GONE -> subscriptions.remove(o.subscription.endpoint());
        case TRANSIENT -> transients.add(o.detail);
        case PERMANENT -> permanents.add(o.detail);
      }
    }
    if (!transients.isEmpty()) {
      String message = "web push: " + String.join("; ", transients);
      Duration wait = null;
      for (Outcome o : outcomes) {
        if (o.retryAfter != null && (wait == null || o.retryAfter.compareTo(wait) > 0)) {
          wait = o.retryAfter; // the longest any push service asked for
        }
      }
      throw wait == null
          ? new TransportException(TransportException.Kind.TRANSIENT, message)
          : new TransportException(message, wait);
    }
    if (sent == 0) {
      throw new TransportException(
          TransportException.Kind.PERMANENT,
          permanents.isEmpty()
              ? "web push: every subscription of " + d.recipient().id() + " is gone"
              : "web push: " + String.join("; ", permanents));
    }
  }

  private CompletableFuture<Outcome> push(
      PushSubscription s, byte[] payload, String topic, Delivery d) {
    byte[] body = WebPushEncryption.encrypt(payload, s.p256dh(), s.auth());
    HttpRequest request =
        HttpRequest.newBuilder(s.endpoint())
            .timeout(timeout)
            .header("Content-Type", "application/octet-stream")
            .header("Content-Encoding", "aes128gcm")
            .header("TTL", String.valueOf(ttl.toSeconds()))
            .header("Urgency", urgent.contains(d.option().id()) ? "high" : "normal")
            .header("Topic", topic)
            .header("Authorization", vapid.authorization(s.endpoint(), clock.instant()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(r -> Outcome.of(s, r, clock.instant()))
        .exceptionally(
            e -> {
              Throwable cause = e.getCause() == null ? e : e.getCause();
              return new Outcome(
                  s,
                  // A timeout or a broken connection (HttpTimeoutException is an IOException).
                  cause instanceof IOException ? Kind.TRANSIENT : Kind.PERMANENT,
                  s.endpoint().getHost() + ": " + cause);
            });
  }

  private Outcome await(CompletableFuture<Outcome> f, PushSubscription s) {
    try {
      return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return new Outcome(s, Kind.TRANSIENT, s.endpoint().getHost() + ": no answer in " + timeout);
    } catch (ExecutionException e) {
      return new Outcome(s, Kind.TRANSIENT, s.endpoint().getHost() + ": " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(TransportException.Kind.UNKNOWN, "interrupted while pushing");
    }
  }

  /** What one push became. */
  private enum Kind {
    SENT,
    GONE,
    TRANSIENT,
    PERMANENT
  }

  private record Outcome(
      PushSubscription subscription, Kind kind, String detail, @Nullable Duration retryAfter) {
    Outcome(PushSubscription subscription, Kind kind, String detail) {
      this(subscription, kind, detail, null);
    }

    static Outcome of(PushSubscription s, HttpResponse<?> r, Instant now) {
      int status = r.statusCode();
      String where = s.endpoint().getHost() + " answered " + status;
      if (status >= 200 && status < 300) {
        return new Outcome(s, Kind.SENT, where);
      }
      if (status == 404 || status == 410) {
        return new Outcome(s, Kind.GONE, where + ": subscription gone");
      }
      if (status == 429 || status >= 500) {
        String after = r.headers().firstValue("Retry-After").orElse(null);
        return new Outcome(
            s, Kind.TRANSIENT, where + (after == null ? "" : ", retry after " + after));
      }
      return new Outcome(
          s, Kind.PERMANENT, where + (status == 413 ? ": payload too large" : ": refused"));
    }
  }

  /**
   * A {@code Retry-After} (RFC 9110: seconds, or an HTTP date) as a wait from {@code now}; null
   * when it is neither.
   */
  static @Nullable Duration retryAfter(String value, Instant now) {
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
    } catch (DateTimeParseException e) {
      return null; // unreadable: the backoff decides
    }
  }

  /** The message the browser's service worker shows, within the size one push carries. */
  byte[] payload(Delivery d) {
    String head =
        "{\"title\":\""
            + Json.escape(d.option().label())
            + "\",\"url\":\""
            + Json.escape(link.apply(d))
            + "\",\"tag\":\""
            + Json.escape(tag(d))
            + "\",\"id\":\""
            + Json.escape(d.id())
            + "\",\"body\":\"";
    String body = Objects.requireNonNull(this.body.apply(d), "body's result cannot be null");
    byte[] out = (head + Json.escape(body) + "\"}").getBytes(StandardCharsets.UTF_8);
    if (out.length <= WebPushEncryption.MAX_PLAINTEXT) {
      return out;
    }
    // Cut the body, never the title, link or id: what remains must still parse and point right.
    int budget =
        WebPushEncryption.MAX_PLAINTEXT
            - (head + "\u2026\"}").getBytes(StandardCharsets.UTF_8).length;
    if (budget <= 0) {
      throw new TransportException(
          TransportException.Kind.PERMANENT,
          "web push: title, link and id alone exceed "
              + WebPushEncryption.MAX_PLAINTEXT
              + " bytes");
    }
    // The longest prefix whose escaped form fits (binary search: escaping changes lengths).
    int lo = 0;
    int hi = body.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (Json.escape(body.substring(0, mid)).getBytes(StandardCharsets.UTF_8).length <= budget) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    if (lo > 0 && Character.isHighSurrogate(body.charAt(lo - 1))) {
      lo--; // never half a character
    }
    String cut = Json.escape(body.substring(0, lo));
    return (head + cut + "\u2026\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** What a push is about: its conversation, else its customer, else its action. */
  static String tag(Delivery d) {
    return d.action()
        .conversationIfAny()
        .map(c -> "conversation:" + c)
        .orElseGet(
            () ->
                d.action()
                    .customerIfAny()
                    .map(c -> "customer:" + c)
                    .orElse("action:" + d.action().id()));
  }

  /** A Topic header (at most 32 base64url characters) for {@code tag}. */
  static String topic(String tag) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(tag.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds a {@link WebPushTransport}; not thread-safe. */
  public static final class Builder {
    private final PushSubscriptions subscriptions;
    private final Vapid vapid;
    private Medium medium = WEB_PUSH;
    private Duration ttl = Duration.ofHours(24);
    private Duration timeout = Duration.ofSeconds(10);
    private Set<String> urgent = Set.of();
    private Function<Delivery, String> link = d -> "";
    private Function<Delivery, String> body = d -> d.action().describe();
    private Clock clock = Clock.systemUTC();
    private @Nullable HttpClient client;

    private Builder(PushSubscriptions subscriptions, Vapid vapid) {
      this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions cannot be null");
      this.vapid = Objects.requireNonNull(vapid, "vapid cannot be null");
    }

    /** The medium it delivers ({@code web_push} by default). */
    public Builder medium(Medium medium) {
      this.medium = Objects.requireNonNull(medium, "medium cannot be null");
      return this;
    }

    /** How long a push service keeps an undelivered push (24 h by default; 0 to 28 days). */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl cannot be null");
      if (ttl.isNegative() || ttl.compareTo(Duration.ofDays(28)) > 0) {
        throw new IllegalArgumentException("ttl must be from 0 to 28 days, got " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /** How long one push may take, connecting included (10 s by default). */
    public Builder timeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout cannot be null");
      if (timeout.isNegative()
          || timeout.isZero()
          || timeout.compareTo(Duration.ofMinutes(2)) > 0) {
        throw new IllegalArgumentException(
            "timeout must be from 1 ms to 2 minutes, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Options whose pushes go with {@code Urgency: high} (the notifier's urgent options). */
    public Builder urgent(Set<String> optionIds) {
      this.urgent = Set.copyOf(Objects.requireNonNull(optionIds, "optionIds cannot be null"));
      return this;
    }

    /** Where a push points, for the click (the conversation's page); empty by default. */
    public Builder link(Function<Delivery, String> link) {
      this.link = Objects.requireNonNull(link, "link cannot be null");
      return this;
    }

    /**
     * What the pop-up says (by default the action's description, "bob added a note to conversation
     * k-7"): a host may add the note's excerpt. Cut to fit one push when too long.
     */
    public Builder body(Function<Delivery, String> body) {
      this.body = Objects.requireNonNull(body, "body cannot be null");
      return this;
    }

    /** The clock of the VAPID tokens' expiry. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock cannot be null");
      return this;
    }

    /** The HTTP client (a host's proxy or TLS); by default one that follows no redirect. */
    public Builder client(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client cannot be null");
      return this;
    }

    /** The transport. */
    public WebPushTransport build() {
      return new WebPushTransport(this);
    }
  }
}
