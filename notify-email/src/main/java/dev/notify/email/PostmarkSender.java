package dev.notify.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email through a Postmark-compatible HTTP API: {@code POST /email} for one message, {@code
 * POST /email/batch} for up to {@value #MAX_BATCH} (a larger batch is split).
 *
 * <p>Outcomes: per-message {@code ErrorCode} is read even when a batch answers 200. Permanent: 401,
 * 413, 422 (invalid request 300, inactive recipient 406 — whose addresses go into the {@link
 * SuppressionList} —, too many batch messages 410, any other code) and other 4xx. Transient: 429,
 * 5xx, a refused or timed-out connection. Unknown: a timeout after the request was sent, which is
 * never resent blindly. Messages whose every recipient is suppressed are not sent at all.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class PostmarkSender implements EmailSender {
  /** The most messages one batch call may carry. */
  public static final int MAX_BATCH = 500;

  /** Postmark's error code for an inactive recipient. */
  public static final int INACTIVE_RECIPIENT = 406;

  private static final Logger LOG = LoggerFactory.getLogger(PostmarkSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INACTIVE =
      Pattern.compile("(?i)inactive addresses: (.+?)\\.(\\s|$)");

  private final PostmarkConfig config;
  private final HttpClient http;
  private final SuppressionList suppressions;

  /** A sender with its own HTTP client and suppression list. */
  public PostmarkSender(PostmarkConfig config) {
    this(config, new SuppressionList());
  }

  /** A sender that records inactive recipients in {@code suppressions}. */
  public PostmarkSender(PostmarkConfig config, SuppressionList suppressions) {
    this.config = Objects.requireNonNull(config, "config cannot be null");
    this.suppressions = Objects.requireNonNull(suppressions, "suppressions cannot be null");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The suppression list this sender reads and fills. */
  public SuppressionList suppressions() {
    return suppressions;
  }

  /**
   * The longest one call with one message takes: the connect timeout and the request timeout, the
   * one deadline of an exchange.
   */
  @Override
  public Optional<Duration> deadline() {
    return Optional.of(config.connectTimeout().plus(config.requestTimeout()));
  }

  @Override
  public List<SendResult> send(List<OutboundEmail> messages) {
    Objects.requireNonNull(messages, "messages cannot be null");
    SendResult[] results = new SendResult[messages.size()];
    List<Integer> toSend = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      OutboundEmail m = Objects.requireNonNull(messages.get(i), "message cannot be null");
      if (m.to().isEmpty() && m.cc().isEmpty() && m.bcc().size() >= OutboundEmail.MAX_RECIPIENTS) {
        // Postmark needs a To, which we fill with the sender: that would make 51 recipients.
        results[i] =
            SendResult.failed(
                m,
                SendResult.Status.PERMANENT,
                0,
                "a Bcc-only message to Postmark may have at most "
                    + (OutboundEmail.MAX_RECIPIENTS - 1)
                    + " recipients (the To it needs counts); use SharedMessages.chunk(..., 49)");
      } else if (m.recipients().stream().allMatch(suppressions::contains)) {
        results[i] =
            SendResult.failed(
                m,
                SendResult.Status.PERMANENT,
                INACTIVE_RECIPIENT,
                "every recipient is on the suppression list");
      } else {
        toSend.add(i);
      }
    }
    for (int from = 0; from < toSend.size(); from += MAX_BATCH) {
      List<Integer> chunk = toSend.subList(from, Math.min(toSend.size(), from + MAX_BATCH));
      List<OutboundEmail> batch = chunk.stream().map(messages::get).toList();
      List<SendResult> r = batch.size() == 1 ? List.of(sendSingle(batch.get(0))) : sendBatch(batch);
      for (int j = 0; j < chunk.size(); j++) {
        results[chunk.get(j)] = r.get(j);
      }
    }
    List<SendResult> out = List.of(results);
    long sent = out.stream().filter(SendResult::sent).count();
    LOG.info("Postmark: {} sent, {} failed", sent, out.size() - sent);
    return out;
  }

  private SendResult sendSingle(OutboundEmail m) {
    Response r = post("/email", toJson(m));
    if (r.failure != null) {
      return SendResult.failed(m, r.failure, 0, r.detail);
    }
    if (r.status == 200) {
      return perMessage(m, r.body);
    }
    return byStatus(m, r);
  }

  private List<SendResult> sendBatch(List<OutboundEmail> batch) {
    ArrayNode array = JSON.createArrayNode();
    batch.forEach(m -> array.add(toJson(m)));
    Response r = post("/email/batch", array);
    List<SendResult> out = new ArrayList<>(batch.size());
    if (r.failure == null
        && r.status == 200
        && r.body != null
        && r.body.isArray()
        && r.body.size() == batch.size()) {
      // Results are in the order of the request; 200 does not mean every message was accepted.
      for (int i = 0; i < batch.size(); i++) {
        out.add(perMessage(batch.get(i), r.body.get(i)));
      }
      return out;
    }
    for (OutboundEmail m : batch) {
      if (r.failure != null) {
        out.add(SendResult.failed(m, r.failure, 0, r.detail));
      } else if (r.status == 200) {
        out.add(
            SendResult.failed(
                m,
                SendResult.Status.UNKNOWN,
                0,
                "the batch answer does not list one result per message"));
      } else {
        out.add(byStatus(m, r));
      }
    }
    return out;
  }

  private SendResult perMessage(OutboundEmail m, @Nullable JsonNode result) {
    if (result == null || !result.isObject()) {
      return SendResult.failed(m, SendResult.Status.UNKNOWN, 0, "unreadable answer");
    }
    if (!result.path("ErrorCode").isInt()) {
      // A 200 that does not say how it went: the message may have gone out.
      return SendResult.failed(m, SendResult.Status.UNKNOWN, 0, "the answer has no ErrorCode");
    }
    int code = result.path("ErrorCode").asInt();
    String message = result.path("Message").asText("");
    if (code == 0) {
      return SendResult.sent(m, result.path("MessageID").asText(null));
    }
    return rejected(m, code, message);
  }

  private SendResult byStatus(OutboundEmail m, Response r) {
    int code = r.body == null ? 0 : r.body.path("ErrorCode").asInt(0);
    String message = r.body == null ? "" : r.body.path("Message").asText("");
    return switch (r.status) {
      case 422 -> rejected(m, code, message);
      case 429 -> SendResult.failed(m, SendResult.Status.TRANSIENT, code, "rate limited (429)");
      case 408 -> SendResult.failed(m, SendResult.Status.TRANSIENT, code, "request timeout (408)");
      case 401, 403 ->
          SendResult.failed(
              m,
              SendResult.Status.PERMANENT,
              code,
              "the server token was refused (" + r.status + ")");
      case 413 ->
          SendResult.failed(m, SendResult.Status.PERMANENT, code, "the request is too large (413)");
      default ->
          r.status >= 500
              ? SendResult.failed(
                  m, SendResult.Status.TRANSIENT, code, "server error (" + r.status + ")")
              : SendResult.failed(
                  m, SendResult.Status.PERMANENT, code, "refused (" + r.status + ")");
    };
  }

  private SendResult rejected(OutboundEmail m, int code, String message) {
    if (code == INACTIVE_RECIPIENT) {
      List<EmailAddress> inactive = inactiveIn(m, message);
      inactive.forEach(suppressions::add);
      return SendResult.failed(
          m,
          SendResult.Status.PERMANENT,
          code,
          "inactive recipient (406); " + inactive.size() + " address(es) suppressed");
    }
    if (code == 429) {
      return SendResult.failed(
          m, SendResult.Status.TRANSIENT, code, "rate limited (ErrorCode 429)");
    }
    // The provider's message may quote addresses: keep only the code in what may be logged.
    return SendResult.failed(
        m, SendResult.Status.PERMANENT, code, "rejected with ErrorCode " + code);
  }

  /** The recipients the provider named inactive; all of them when it names none we know. */
  private static List<EmailAddress> inactiveIn(OutboundEmail m, String message) {
    Matcher matcher = INACTIVE.matcher(message);
    if (matcher.find()) {
      List<String> named = List.of(matcher.group(1).split("\\s*,\\s*"));
      List<EmailAddress> found =
          m.recipients().stream()
              .filter(a -> named.stream().anyMatch(n -> n.equalsIgnoreCase(a.address())))
              .toList();
      if (!found.isEmpty()) {
        return found;
      }
    }
    return m.recipients();
  }

  private ObjectNode toJson(OutboundEmail m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("From", m.from().toString());
    // Postmark requires To; a Bcc-only message is addressed to its sender.
    // Postmark needs a To: a message with only Cc or Bcc recipients is addressed to its sender.
    n.put("To", m.to().isEmpty() ? m.from().toString() : join(m.to()));
    if (!m.cc().isEmpty()) {
      n.put("Cc", join(m.cc()));
    }
    if (!m.bcc().isEmpty()) {
      n.put("Bcc", join(m.bcc()));
    }
    n.put("Subject", m.subject());
    n.put("TextBody", m.text());
    m.html().ifPresent(h -> n.put("HtmlBody", h));
    n.put("MessageStream", config.messageStream());
    if (!m.headers().isEmpty()) {
      ArrayNode headers = n.putArray("Headers");
      for (Map.Entry<String, String> h : m.headers().entrySet()) {
        headers.addObject().put("Name", h.getKey()).put("Value", h.getValue());
      }
    }
    return n;
  }

  private static String join(List<EmailAddress> list) {
    return list.stream().map(EmailAddress::toString).collect(Collectors.joining(", "));
  }

  private record Response(
      int status, @Nullable JsonNode body, SendResult.@Nullable Status failure, String detail) {}

  private Response post(String path, JsonNode body) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      return new Response(
          0, null, SendResult.Status.PERMANENT, "cannot write the request: " + e.getMessage());
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.baseUrl().toString().replaceAll("/+$", "") + path))
            .timeout(config.requestTimeout())
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .header("X-Postmark-Server-Token", config.serverToken())
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
    HttpResponse<String> response;
    // One deadline for the whole exchange: the request timeout covers the wait for the headers,
    // not a body dripped a byte at a time.
    Duration deadline = config.connectTimeout().plus(config.requestTimeout());
    CompletableFuture<HttpResponse<String>> exchange =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try {
      response = exchange.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      return new Response(
          0,
          null,
          SendResult.Status.UNKNOWN,
          "no complete answer within " + deadline + " (it may have been sent)");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpConnectTimeoutException) {
        return new Response(0, null, SendResult.Status.TRANSIENT, "connection timed out");
      }
      if (cause instanceof HttpTimeoutException) {
        // The request was sent; the provider may have accepted it. Never resend blindly.
        return new Response(
            0,
            null,
            SendResult.Status.UNKNOWN,
            "no answer within " + config.requestTimeout() + " after the request was sent");
      }
      if (cause instanceof ConnectException) {
        return new Response(0, null, SendResult.Status.TRANSIENT, "connection refused");
      }
      return new Response(
          0,
          null,
          SendResult.Status.UNKNOWN,
          "connection failed: " + (cause == null ? e : cause).getClass().getSimpleName());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      return new Response(
          0, null, SendResult.Status.UNKNOWN, "interrupted while waiting for the answer");
    }
    JsonNode parsed = null;
    try {
      parsed =
          response.body() == null || response.body().isBlank()
              ? null
              : JSON.readTree(response.body());
    } catch (IOException e) {
      LOG.debug("unreadable answer from {}", path);
    }
    return new Response(response.statusCode(), parsed, null, "");
  }

  @Override
  public void close() {
    // java.net.http.HttpClient in Java 17 has no close(); its connections end with it.
  }

  @Override
  public String toString() {
    return "PostmarkSender[" + config + "]";
  }
}
