package dev.notify.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The sample over HTTP, as README runs it: a ticket, its email, settings, metrics, health. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HelpDeskTest {
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofMinutes(1))
            .header("Content-Type", "application/json");
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTicketsEmail_goes_aFailedTicketLeavesNothing_andMetricsAndHealthAreServed()
      throws Exception {
    assertThat(send("POST", "/tickets", "{\"id\":\"t-1\",\"assignee\":\"carol\"}").body())
        .contains("t-1/carol/email");
    assertThat(
            send("POST", "/tickets", "{\"id\":\"t-2\",\"assignee\":\"carol\",\"fail\":true}")
                .statusCode())
        .isEqualTo(500);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!send("GET", "/sent", null).body().contains("t-1/carol/email")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(send("GET", "/sent", null).body()).contains("t-1/carol/email").doesNotContain("t-2");
    assertThat(send("GET", "/inbox/carol", null).body()).contains("t-1").doesNotContain("t-2");

    assertThat(send("PUT", "/settings/carol/conversation.assigned/email", "NEVER").statusCode())
        .isEqualTo(200);
    assertThat(send("POST", "/tickets", "{\"id\":\"t-3\",\"assignee\":\"carol\"}").body())
        .doesNotContain("t-3/carol/email");

    assertThat(send("GET", "/actuator/metrics/notify.publish", null).body())
        .contains("\"name\":\"notify.publish\"");
    assertThat(send("GET", "/actuator/metrics/notify.outbox.entries", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> health = send("GET", "/actuator/health", null);
    assertThat(health.body()).contains("\"notify\"").contains("\"status\":\"UP\"");
  }
}
