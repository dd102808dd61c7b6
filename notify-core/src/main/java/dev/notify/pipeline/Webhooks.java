package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.HistoryEvent;
import dev.notify.spi.OutboxEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Signed outbound webhooks: what became of each delivery — sent, sent in a digest, read in time,
 * made a dead letter (and, when asked, gathered or throttled) — posted as JSON to one URL of the
 * host's. Each event goes through the outbox itself: enqueued in the same unit of work as the
 * change it tells of (so it is neither lost after the change nor told of a change that did not
 * stick), then claimed, retried with the notifier's retry policy, made a dead letter and redriven
 * like any delivery. Delivered at least once: the receiver de-duplicates by the event's id, which a
 * retry keeps. Each post is signed with HMAC-SHA256 over its timestamp and body ({@link
 * WebhookSignature}; the header and the receiver's recipe are in {@code docs/webhooks.md}).
 *
 * <p>An event is an outbox entry of the medium {@code webhook.<medium>.<event>} (for example {@code
 * webhook.email.sent}) for the delivery's action and user, so its id, {@code
 * action/user/webhook.email.sent}, is the event's idempotency key; each event of each delivery is
 * posted once (a delivery that becomes a dead letter again after a redrive is not posted again).
 * The observer hears of these entries like any other. Immutable and thread-safe.
 *
 * @since 0.3.0
 */
public final class Webhooks {
  /** The prefix of every webhook event's medium id. */
  public static final String MEDIUM_PREFIX = "webhook.";

  private static final Set<HistoryEvent.Kind> TOLD =
      EnumSet.of(
          HistoryEvent.Kind.SENT,
          HistoryEvent.Kind.GATHERED,
          HistoryEvent.Kind.THROTTLED,
          HistoryEvent.Kind.READ_IN_TIME,
          HistoryEvent.Kind.DEAD_LETTER);

  private final URI endpoint;
  private final byte[] secret;
  private final Set<HistoryEvent.Kind> events;
  private final Duration timeout;
  private final @Nullable HttpClient client;

  private Webhooks(Builder b) {
    this.endpoint = b.endpoint;
    this.secret = b.secret;
    this.events = Set.copyOf(b.events);
    this.timeout = b.timeout;
    this.client = b.client;
  }

  /**
   * A builder of webhooks posted to {@code endpoint}, signed with {@code secret}.
   *
   * @param endpoint an absolute {@code http} or {@code https} URL
   * @param secret the shared secret, at least 16 characters (its UTF-8 bytes are the HMAC key)
   * @throws IllegalArgumentException when the URL is not absolute http(s) or the secret too short
   */
  public static Builder to(URI endpoint, String secret) {
    return new Builder(endpoint, secret);
  }

  /** Where the events are posted. */
  public URI endpoint() {
    return endpoint;
  }

  /** The kinds of history events posted. */
  public Set<HistoryEvent.Kind> events() {
    return events;
  }

  /** How long one post may take, connecting included. */
  public Duration timeout() {
    return timeout;
  }

  byte[] secret() {
    return secret.clone();
  }

  Optional<HttpClient> client() {
    return Optional.ofNullable(client);
  }

  /** Whether {@code medium} is a webhook event's medium. */
  public static boolean carries(Medium medium) {
    return medium.id().startsWith(MEDIUM_PREFIX);
  }

  /**
   * The name of an event as posted: {@code sent}, {@code digest_sent} (sent, in a digest), {@code
   * gathered}, {@code throttled}, {@code read_in_time} or {@code dead_letter}.
   */
  static String eventName(HistoryEvent.Kind kind, boolean digest) {
    return kind == HistoryEvent.Kind.SENT && digest
        ? "digest_sent"
        : kind.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The events that follow {@code kind} of {@code d}: one entry, due at {@code now}, when this kind
   * is posted and {@code d} is neither a webhook's event nor a snooze's end; otherwise none.
   */
  List<OutboxEntry> follow(Delivery d, HistoryEvent.Kind kind, boolean digest, Instant now) {
    if (!events.contains(kind) || carries(d.medium()) || Snoozes.carries(d.medium())) {
      return List.of();
    }
    Medium m = Medium.of(MEDIUM_PREFIX + d.medium().id() + "." + eventName(kind, digest));
    Delivery event =
        new Delivery(d.action(), d.recipient(), m, d.option(), false, null, d.reason());
    return List.of(OutboxEntry.of(event, now, now));
  }

  /** Refuses a medium whose events' ids would be too long to be media ids. */
  static void check(Medium medium) {
    int longest = MEDIUM_PREFIX.length() + medium.id().length() + ".read_in_time".length();
    Checks.argument(
        longest <= 64,
        "medium %s is too long for webhook events (their medium is webhook.<medium>.<event>, at"
            + " most 64 characters): use a medium id of at most 43 characters",
        Checks.quote(medium.id()));
  }

  @Override
  public String toString() {
    return "Webhooks[" + endpoint + ", events " + events + "]"; // never the secret
  }

  /** Builds {@link Webhooks}; not thread-safe. */
  public static final class Builder {
    private final URI endpoint;
    private final byte[] secret;
    private Set<HistoryEvent.Kind> events =
        EnumSet.of(
            HistoryEvent.Kind.SENT, HistoryEvent.Kind.READ_IN_TIME, HistoryEvent.Kind.DEAD_LETTER);
    private Duration timeout = Duration.ofSeconds(10);
    private @Nullable HttpClient client;

    private Builder(URI endpoint, String secret) {
      Checks.notNull(endpoint, "endpoint");
      Checks.notNull(secret, "secret");
      String scheme = endpoint.getScheme();
      Checks.argument(
          endpoint.isAbsolute()
              && endpoint.getHost() != null
              && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)),
          "endpoint must be an absolute http or https URL, got %s",
          Checks.quote(endpoint.toString()));
      // The secret itself is never quoted: an error message ends up in logs.
      Checks.argument(
          secret.length() >= 16,
          "secret must have at least 16 characters, got %s",
          secret.length());
      this.endpoint = endpoint;
      this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The kinds of events posted: any of {@code SENT} (alone or in a digest), {@code GATHERED},
     * {@code THROTTLED}, {@code READ_IN_TIME}, {@code DEAD_LETTER}. By default sent, read in time
     * and dead letter.
     *
     * @throws IllegalArgumentException for another kind, or none
     */
    public Builder events(HistoryEvent.Kind first, HistoryEvent.Kind... more) {
      Set<HistoryEvent.Kind> kinds =
          EnumSet.of(Checks.notNull(first, "first"), Checks.notNull(more, "more"));
      for (HistoryEvent.Kind k : kinds) {
        Checks.argument(TOLD.contains(k), "a webhook tells of %s, not %s", TOLD, k);
      }
      this.events = kinds;
      return this;
    }

    /** How long one post may take, connecting included (10 seconds by default). */
    public Builder timeout(Duration timeout) {
      Checks.notNull(timeout, "timeout");
      Checks.argument(
          !timeout.isNegative() && !timeout.isZero(), "timeout must be positive, got %s", timeout);
      this.timeout = timeout;
      return this;
    }

    /**
     * The HTTP client to post with (a host's proxy, TLS settings); by default one of notify's own
     * that does not follow redirects.
     */
    public Builder client(HttpClient client) {
      this.client = Checks.notNull(client, "client");
      return this;
    }

    /** The webhooks. */
    public Webhooks build() {
      return new Webhooks(this);
    }
  }
}
