package dev.notify.examples.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.notify.catalog.Presence;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web host over plain HTTP: who may do what, bad bodies, and the event stream. */
class WebHostHttpTest {
  static WebHost host;

  @BeforeAll
  static void start() throws Exception {
    host = WebHost.start(options());
  }

  static WebHost.Options options() {
    return options(Duration.ofSeconds(30));
  }

  /** A host of its own database, with sessions that time out after {@code timeout}. */
  static WebHost.Options options(Duration timeout) {
    return new WebHost.Options(
        0,
        "jdbc:h2:mem:web-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        null,
        0,
        timeout,
        Duration.ofMillis(200));
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  private static ApiClient as(String agent) throws Exception {
    return new ApiClient(host.uri()).signIn(agent);
  }

  @Test
  void theSessionCookie_isHttpOnlyAndSameSiteStrict() throws Exception {
    ApiClient c = new ApiClient(host.uri());
    ApiClient.Response r = c.send("POST", "/api/signin", "{\"agent\":\"alice\"}", false);
    assertThat(r.raw().headers().allValues("Set-Cookie"))
        .singleElement()
        .asString()
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/");
    assertThat(r.raw().headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
  }

  @Test
  void anotherAgentsInboxAndSettings_areForbidden() throws Exception {
    ApiClient alice = as("alice");
    assertThat(alice.get("/api/agents/bob/inbox").status()).isEqualTo(403);
    assertThat(alice.get("/api/agents/bob/settings").status()).isEqualTo(403);
    assertThat(alice.post("/api/agents/bob/inbox/read-all", Map.of()).status()).isEqualTo(403);
    assertThat(alice.get("/api/agents/alice/inbox").status()).isEqualTo(200);
    ApiClient nobody = new ApiClient(host.uri());
    assertThat(nobody.get("/api/agents/alice/inbox").status()).isEqualTo(401);
    // A browser signed in as two agents (two windows) holds both sessions.
    alice.signIn("bob");
    assertThat(alice.get("/api/agents/bob/inbox").status()).isEqualTo(200);
    assertThat(alice.get("/api/agents/alice/inbox").status()).isEqualTo(200);
    assertThat(alice.get("/api/agents/carol/inbox").body().get("error").asText())
        .contains("signed in as")
        .contains("not carol");
  }

  @Test
  void aStateChangeWithoutTheCsrfToken_isForbidden() throws Exception {
    ApiClient alice = as("alice");
    ApiClient.Response r = alice.send("POST", "/api/agents/alice/inbox/read-all", "{}", false);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.body().get("error").asText()).contains("CSRF");
    alice.csrf = "forged";
    assertThat(
            alice
                .post("/api/agents/alice/simulate", Map.of("kind", "app_updated", "app", "x"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void badBodies_getClearErrors() throws Exception {
    ApiClient alice = as("alice");
    String huge = "{\"agent\":\"" + "x".repeat(WebHost.MAX_BODY) + "\"}";
    assertThat(alice.send("POST", "/api/agents/alice/simulate", huge, true).status())
        .isEqualTo(413);
    assertThat(
            alice
                .send("POST", "/api/agents/alice/simulate", "{not json", true)
                .body()
                .get("error")
                .asText())
        .contains("not JSON");
    ApiClient.Response unknown =
        alice.post("/api/agents/alice/simulate", Map.of("kind", "earthquake"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body().get("error").asText()).contains("earthquake").contains("known");
    ApiClient.Response badFrequency =
        alice.put(
            "/api/agents/alice/settings",
            Map.of(
                "version",
                0,
                "changes",
                List.of(Map.of("option", "note.added", "medium", "email", "frequency", "often"))));
    assertThat(badFrequency.status()).isEqualTo(400);
    assertThat(badFrequency.body().get("error").asText()).contains("often");
    assertThat(
            new ApiClient(host.uri())
                .send("POST", "/api/signin", "{\"agent\":\"mallory\"}", false)
                .status())
        .isEqualTo(400);
  }

  @Test
  void aLegacyOption_isAbsentForANewcomer_andPresentForAVeteran() throws Exception {
    String alice = as("alice").get("/api/agents/alice/settings").body().toString();
    String dave = as("dave").get("/api/agents/dave/settings").body().toString();
    assertThat(alice).doesNotContain("customer.message.any").contains("note.added");
    assertThat(dave).contains("customer.message.any");
  }

  @Test
  void aStaleSave_isAConflict_andSavesNothing() throws Exception {
    ApiClient erin = as("erin");
    long version = erin.get("/api/agents/erin/settings").body().get("version").asLong();
    Map<String, Object> change =
        Map.of("option", "app.updated", "medium", "email", "frequency", "ALWAYS");
    assertThat(
            erin.put(
                    "/api/agents/erin/settings",
                    Map.of("version", version, "changes", List.of(change)))
                .status())
        .isEqualTo(200);
    ApiClient.Response stale =
        erin.put(
            "/api/agents/erin/settings",
            Map.of(
                "version",
                version,
                "changes",
                List.of(Map.of("option", "app.updated", "medium", "email", "frequency", "NEVER"))));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body().get("error").asText()).contains("changed elsewhere");
    assertThat(host.stores().settings().load("erin").settings().toString()).contains("ALWAYS");
  }

  @Test
  void theEventStream_deliversLive_andResumesFromLastEventId() throws Exception {
    ApiClient carol = as("carol");
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
    HttpResponse<Stream<String>> stream =
        carol
            .http()
            .send(
                HttpRequest.newBuilder(host.uri().resolve("/api/agents/carol/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    Thread reader =
        new Thread(
            () -> {
              Iterator<String> it = stream.body().iterator();
              while (it.hasNext()) {
                lines.offer(it.next());
              }
            });
    reader.setDaemon(true);
    reader.start();
    awaitPresence(host, "carol", Presence.LOGGED_IN);
    ApiClient bob = as("bob");
    ApiClient.Response r =
        bob.post(
            "/api/agents/bob/simulate",
            Map.of(
                "kind",
                "note",
                "conversation",
                "k-7",
                "customer",
                "zen",
                "mentions",
                List.of("carol")));
    assertThat(r.status()).isEqualTo(200);
    String id = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith("id: ")) {
        id = line.substring(4);
      }
      if (line != null && line.equals("event: notification")) {
        break;
      }
    }
    assertThat(id).as("a numbered notification event arrived").isNotNull();
    String data = lines.poll(1, TimeUnit.SECONDS);
    assertThat(data).startsWith("data: ").contains("bob added a note to conversation k-7");
    assertThat(data).contains("\"why\":\"").contains("\"badge\":");

    // A tab that lost its stream comes back with the last id it saw, and gets what it missed.
    // Ids are "<instance>.<number>.<sent>": the one before this event's.
    String missedFrom = before(id);
    HttpResponse<Stream<String>> again =
        carol
            .http()
            .send(
                HttpRequest.newBuilder(host.uri().resolve("/api/agents/carol/events"))
                    .header("Last-Event-ID", missedFrom)
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    String seen = "id: " + id;
    assertThat(again.body().limit(20).anyMatch(seen::equals)).isTrue();
  }

  /** The id of the event before {@code id} of the same instance. */
  static String before(String id) {
    String[] parts = id.split("\\.");
    assertThat(parts).as("<instance>.<number>.<sent>: %s", id).hasSize(3);
    return parts[0] + "." + (Long.parseLong(parts[1]) - 1) + "." + parts[2];
  }

  @Test
  void theMailPage_listsNewestFirst_acrossRecipients() throws Exception {
    try (WebHost own = WebHost.start(options())) {
      ApiClient bob = new ApiClient(own.uri()).signIn("bob");
      List<String> to = List.of();
      String[] assignees = {"dave", "carol", "dave"};
      for (int i = 0; i < assignees.length; i++) {
        bob.post(
            "/api/agents/bob/simulate",
            Map.of(
                "kind",
                "assigned",
                "conversation",
                "m-" + i,
                "customer",
                "zen",
                "assignee",
                assignees[i]));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (to.size() < i + 1 && System.nanoTime() < deadline) {
          Thread.sleep(20);
          to = bob.get("/api/agents/bob/mail").body().get("messages").findValuesAsText("to");
        }
        Thread.sleep(5); // distinct receipt instants
      }
      assertThat(to)
          .as("newest first, not grouped by recipient")
          .containsExactly(
              "dave@acme-helpdesk.example",
              "carol@acme-helpdesk.example",
              "dave@acme-helpdesk.example");
    }
  }

  @Test
  void thePanelsTabs_listAndMarkReadTheirOwnOptions() throws Exception {
    try (WebHost own = WebHost.start(options())) {
      ApiClient bob = new ApiClient(own.uri()).signIn("bob");
      ApiClient carol = new ApiClient(own.uri()).signIn("carol");
      bob.mention("bob", "t-1", "carol");
      assertThat(
              bob.post("/api/agents/bob/simulate", Map.of("kind", "app_updated", "app", "Shopify"))
                  .status())
          .isEqualTo(200);
      bob.mention("bob", "t-2", "carol");
      assertThat(
              carol
                  .get("/api/agents/carol/inbox?tab=system_events")
                  .body()
                  .get("items")
                  .findValuesAsText("option"))
          .containsExactly("app.updated");
      assertThat(
              carol
                  .get("/api/agents/carol/inbox?tab=timeline")
                  .body()
                  .get("items")
                  .findValuesAsText("option"))
          .containsExactly("note.mentioned", "note.mentioned");
      assertThat(carol.get("/api/agents/carol/inbox?tab=elsewhere").status()).isEqualTo(400);
      JsonNode marked =
          carol.post("/api/agents/carol/inbox/read-all", Map.of("tab", "timeline")).body();
      assertThat(marked.get("marked").asInt()).isEqualTo(2);
      assertThat(marked.get("badge").asInt()).as("the app update stays unread").isEqualTo(1);
      assertThat(
              carol.get("/api/agents/carol/inbox").body().get("items").findValuesAsText("option"))
          .containsExactly("app.updated");
    }
  }

  @Test
  void selectedItems_areReadArchivedOrSnoozedAtOnce_andBadRequestsChangeNothing() throws Exception {
    try (WebHost own = WebHost.start(options())) {
      ApiClient bob = new ApiClient(own.uri()).signIn("bob");
      ApiClient carol = new ApiClient(own.uri()).signIn("carol");
      for (int i = 0; i < 5; i++) {
        bob.mention("bob", "b-" + i, "carol");
      }
      List<String> ids =
          carol.get("/api/agents/carol/inbox").body().get("items").findValuesAsText("id");
      assertThat(ids).hasSize(5);
      String inbox = "/api/agents/carol/inbox";

      // Refused before anything changes.
      assertThat(carol.post(inbox + "/read", Map.of("ids", List.of())).status()).isEqualTo(400);
      assertThat(carol.post(inbox + "/read", Map.of("ids", List.of(1, 2))).status()).isEqualTo(400);
      assertThat(
              carol
                  .post(inbox + "/snooze", Map.of("ids", ids.subList(0, 1), "minutes", 0))
                  .status())
          .isEqualTo(400);
      assertThat(
              carol
                  .post(
                      inbox + "/snooze",
                      Map.of("ids", ids.subList(0, 1), "minutes", 7 * 24 * 60 + 1))
                  .status())
          .isEqualTo(400);
      assertThat(carol.post(inbox + "/snooze", Map.of("ids", ids.subList(0, 1))).status())
          .isEqualTo(400);
      assertThat(carol.get(inbox).body().get("badge").asInt()).isEqualTo(5);

      JsonNode read = carol.post(inbox + "/read", Map.of("ids", ids.subList(0, 2))).body();
      assertThat(read.get("count").asInt()).isEqualTo(2);
      assertThat(read.get("badge").asInt()).isEqualTo(3);
      JsonNode snoozed =
          carol.post(inbox + "/snooze", Map.of("ids", ids.subList(2, 4), "minutes", 60)).body();
      assertThat(snoozed.get("count").asInt()).isEqualTo(2);
      assertThat(snoozed.get("badge").asInt()).isEqualTo(1);
      JsonNode listed = carol.get(inbox + "/snoozed").body().get("items");
      assertThat(listed.findValuesAsText("id"))
          .containsExactlyInAnyOrderElementsOf(ids.subList(2, 4));
      assertThat(Instant.parse(listed.get(0).get("snoozedUntil").asText()))
          .isAfter(Instant.now().plus(Duration.ofMinutes(59)));
      assertThat(
              bob.post("/api/agents/bob/inbox/snooze", Map.of("ids", ids, "minutes", 5))
                  .body()
                  .get("count")
                  .asInt())
          .as("not bob's to snooze")
          .isZero();
      JsonNode archived = carol.post(inbox + "/archive", Map.of("ids", ids)).body();
      assertThat(archived.get("count").asInt()).isEqualTo(5);
      assertThat(carol.get(inbox + "/snoozed").body().get("items"))
          .as("archiving ends snoozes")
          .isEmpty();
    }
  }

  @Test
  void thePanel_marksWhatItListsSeen_archives_andListsTheArchive() throws Exception {
    try (WebHost own = WebHost.start(options())) {
      ApiClient bob = new ApiClient(own.uri()).signIn("bob");
      ApiClient carol = new ApiClient(own.uri()).signIn("carol");
      for (int i = 0; i < 2; i++) {
        bob.mention("bob", "s-" + i, "carol");
      }
      JsonNode items = carol.get("/api/agents/carol/inbox").body().get("items");
      assertThat(items.findValuesAsText("seen")).containsExactly("false", "false");
      assertThat(items.get(0).get("why").asText())
          .startsWith("\u201cI'm mentioned in a note\u201d is Always by default (In-app).");
      List<String> ids = items.findValuesAsText("id");
      JsonNode seen = carol.post("/api/agents/carol/inbox/seen", Map.of("ids", ids)).body();
      assertThat(seen.get("marked").asInt()).isEqualTo(2);
      assertThat(seen.get("unseen").asInt()).isZero();
      assertThat(carol.get("/api/agents/carol/inbox").body().get("badge").asInt())
          .as("seen is not read")
          .isEqualTo(2);
      assertThat(
              carol
                  .post("/api/agents/carol/inbox/archive", Map.of("id", ids.get(0)))
                  .body()
                  .get("badge")
                  .asInt())
          .isEqualTo(1);
      assertThat(
              carol
                  .get("/api/agents/carol/inbox/archived")
                  .body()
                  .get("items")
                  .findValuesAsText("id"))
          .containsExactly(ids.get(0));
      assertThat(
              bob.post("/api/agents/bob/inbox/archive", Map.of("id", ids.get(1)))
                  .body()
                  .get("changed")
                  .asBoolean())
          .as("not bob's to archive")
          .isFalse();
      assertThat(carol.post("/api/agents/carol/inbox/seen", Map.of("ids", "x")).status())
          .isEqualTo(400);
      assertThat(carol.get("/favicon.ico").status()).isEqualTo(204);
    }
  }

  @Test
  void thePanel_pagesUnreadNotifications_andMarksOneRead() throws Exception {
    ApiClient bob = as("bob");
    for (int i = 0; i < 3; i++) {
      bob.post(
          "/api/agents/bob/simulate",
          Map.of(
              "kind",
              "note",
              "conversation",
              "p-" + i,
              "customer",
              "zen",
              "mentions",
              List.of("erin")));
    }
    ApiClient erin = as("erin");
    ApiClient.Response first = erin.get("/api/agents/erin/inbox?offset=0&limit=2");
    assertThat(first.body().get("items")).hasSize(2);
    assertThat(first.body().get("more").asBoolean()).isTrue();
    long badge = first.body().get("badge").asLong();
    assertThat(badge).isGreaterThanOrEqualTo(3);
    assertThat(first.body().get("items").get(0).get("why").asText())
        .contains("I'm mentioned in a note");
    assertThat(first.body().get("items").get(0).get("target").asText())
        .startsWith("conversation p-");
    String id = first.body().get("items").get(0).get("id").asText();
    ApiClient.Response read = erin.post("/api/agents/erin/inbox/read", Map.of("id", id));
    assertThat(read.body().get("badge").asLong()).isEqualTo(badge - 1);
    ApiClient.Response after = erin.get("/api/agents/erin/inbox?offset=0&limit=100");
    assertThat(after.body().get("items").findValuesAsText("id")).doesNotContain(id);
    assertThat(erin.get("/api/agents/erin/inbox?limit=0").status()).isEqualTo(400);
  }

  @Test
  void quietHours_fromTheSettingsPage_holdEmail_andAreChecked() throws Exception {
    ApiClient erin = as("erin"); // no page of hers is open: logged out
    LocalTime now = LocalTime.now(ZoneOffset.UTC);
    String from = String.format("%02d:00", now.minusHours(1).getHour());
    String to = String.format("%02d:00", now.plusHours(2).getHour());
    Map<String, Object> quiet =
        Map.of(
            "zone",
            "UTC",
            "quietHours",
            List.of(
                Map.of(
                    "days",
                    List.of(
                        "MONDAY",
                        "TUESDAY",
                        "WEDNESDAY",
                        "THURSDAY",
                        "FRIDAY",
                        "SATURDAY",
                        "SUNDAY"),
                    "from",
                    from,
                    "to",
                    to)),
            "unreadDelayMinutes",
            7);
    assertThat(erin.put("/api/agents/erin/timing", quiet).status()).isEqualTo(200);
    assertThat(erin.get("/api/agents/erin/timing").body().get("unreadDelayMinutes").asInt())
        .isEqualTo(7);
    ApiClient bob = as("bob");
    ApiClient.Response r =
        bob.post(
            "/api/agents/bob/simulate",
            Map.of(
                "kind", "assigned", "conversation", "q-1", "customer", "zen", "assignee", "erin"));
    assertThat(r.body().get("held").toString())
        .contains("erin")
        .contains("held by quiet hours until")
        .contains("UTC");
    assertThat(erin.get("/api/agents/erin/inbox?offset=0&limit=10").body().findValuesAsText("why"))
        .as("the panel says the email waits, as the history says")
        .anyMatch(
            w ->
                w.matches(
                    ".* \u2014 email: waiting until \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d UTC"));
    ApiClient.Response bad =
        erin.put(
            "/api/agents/erin/timing",
            Map.of("zone", "Mars/Olympus", "quietHours", List.of(), "unreadDelayMinutes", 10));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("error").asText()).contains("zone").contains("Mars/Olympus");
    assertThat(
            erin.put(
                    "/api/agents/erin/timing",
                    Map.of("zone", "UTC", "quietHours", List.of(), "unreadDelayMinutes", 0))
                .body()
                .get("error")
                .asText())
        .contains("unreadDelayMinutes");
  }

  @Test
  void aDigest_fromTheSettingsPage_gathersEmailsIntoOne_andIsChecked() throws Exception {
    ApiClient dave = as("dave"); // no page of his is open: logged out, his email goes out
    Map<String, Object> digest =
        Map.of(
            "zone",
            "UTC",
            "quietHours",
            List.of(),
            "unreadDelayMinutes",
            10,
            "digest",
            Map.of("windowMinutes", 60, "max", 2, "flushFirst", false));
    assertThat(dave.put("/api/agents/dave/timing", digest).status()).isEqualTo(200);
    assertThat(dave.get("/api/agents/dave/timing").body().get("digest").get("max").asInt())
        .isEqualTo(2);
    ApiClient bob = as("bob");
    for (String k : List.of("d-1", "d-2")) {
      bob.post(
          "/api/agents/bob/simulate",
          Map.of("kind", "assigned", "conversation", k, "customer", "zen", "assignee", "dave"));
    }
    // The second fills the window of two: one message for both goes out at once.
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<String> subjects = List.of();
    List<String> outcomes = List.of();
    while (System.nanoTime() < deadline) {
      JsonNode mail = bob.get("/api/agents/bob/mail").body();
      subjects = mail.get("messages").findValuesAsText("subject");
      outcomes = mail.get("outcomes").findValuesAsText("what");
      // The workers tell the host once the digest's completion is recorded, just after sending.
      if (subjects.stream().anyMatch(x -> x.startsWith("2 notifications"))
          && outcomes.contains("sent a digest of 2")) {
        break;
      }
      Thread.sleep(50);
    }
    // The panel says where each email went, as the history says now (the first member hands over
    // to the digest once a worker claims it again, just after the digest went).
    List<String> whys = List.of();
    while (System.nanoTime() < deadline + 50_000_000_000L) {
      whys = dave.get("/api/agents/dave/inbox?offset=0&limit=10").body().findValuesAsText("why");
      if (whys.stream().noneMatch(w -> w.contains("email: held"))) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(whys)
        .hasSize(2)
        .allMatch(w -> w.contains("\u201cI'm assigned to a conversation\u201d"), "the reason")
        .anyMatch(w -> w.endsWith(" \u2014 email: sent in a digest"))
        .allMatch(
            w ->
                w.endsWith("email: sent in a digest")
                    || w.endsWith("email: gathered into a digest"),
            "each email went into the digest");
    assertThat(bob.get("/api/agents/bob/mail").body().get("outcomes").findValuesAsText("what"))
        .as("the workers told the host")
        .contains("sent a digest of 2");
    assertThat(subjects)
        .contains("2 notifications: bob assigned you conversation d-1")
        .noneMatch(x -> x.equals("bob assigned you conversation d-2"));
    ApiClient.Response bad =
        dave.put(
            "/api/agents/dave/timing",
            Map.of(
                "zone",
                "UTC",
                "quietHours",
                List.of(),
                "unreadDelayMinutes",
                10,
                "digest",
                Map.of("windowMinutes", 15, "max", 51)));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("error").asText()).contains("digest.max").contains("51");
    Map<String, Object> none = new HashMap<>(digest);
    none.remove("digest");
    assertThat(dave.put("/api/agents/dave/timing", none).status()).isEqualTo(200);
    assertThat(dave.get("/api/agents/dave/timing").body().path("digest").isMissingNode()).isTrue();
  }

  @Test
  void anEmailLimit_fromTheSettingsPage_isKeptByNotify_andHoldsWhatExceedsIt() throws Exception {
    ApiClient carol = as("carol");
    // No page of hers stays open (an earlier test's tab may still be closing): her email goes out.
    long closed = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (host.presence().get("carol") == Presence.LOGGED_IN && System.nanoTime() < closed) {
      Thread.sleep(50);
    }
    Map<String, Object> limited =
        Map.of(
            "zone",
            "UTC",
            "quietHours",
            List.of(),
            "unreadDelayMinutes",
            10,
            "throttle",
            Map.of("max", 1, "windowMinutes", 60));
    assertThat(carol.put("/api/agents/carol/timing", limited).status()).isEqualTo(200);
    JsonNode saved = carol.get("/api/agents/carol/timing").body();
    assertThat(saved.get("throttle").get("max").asInt()).isEqualTo(1);
    assertThat(saved.get("throttle").get("windowMinutes").asInt()).isEqualTo(60);
    ApiClient bob = as("bob");
    for (String k : List.of("t-1", "t-2")) {
      bob.post(
          "/api/agents/bob/simulate",
          Map.of("kind", "assigned", "conversation", k, "customer", "zen", "assignee", "carol"));
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    List<String> subjects = List.of();
    while (System.nanoTime() < deadline) {
      subjects = bob.get("/api/agents/bob/mail").body().get("messages").findValuesAsText("subject");
      if (subjects.contains("bob assigned you conversation t-1")) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(subjects)
        .as("the first passes the limit of one an hour; the second waits for the hour's end")
        .contains("bob assigned you conversation t-1")
        .noneMatch(x -> x.contains("t-2"));
    ApiClient.Response bad =
        carol.put(
            "/api/agents/carol/timing",
            Map.of(
                "zone",
                "UTC",
                "quietHours",
                List.of(),
                "unreadDelayMinutes",
                10,
                "throttle",
                Map.of("max", 0, "windowMinutes", 60)));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().get("error").asText()).contains("throttle.max").contains("0");
    assertThat(carol.get("/api/agents/carol/timing").body().get("throttle").get("max").asInt())
        .as("a refused save changes nothing")
        .isEqualTo(1);
    Map<String, Object> none = new HashMap<>(limited);
    none.remove("throttle");
    assertThat(carol.put("/api/agents/carol/timing", none).status()).isEqualTo(200);
    assertThat(carol.get("/api/agents/carol/timing").body().path("throttle").isMissingNode())
        .isTrue();
  }

  @Test
  void theOrganisationsDefaultsAndLocks_arePreviewedSavedAndShown_andOnlyAnAdminChangesThem()
      throws Exception {
    try (WebHost own = WebHost.start(options())) {
      ApiClient alice = new ApiClient(own.uri()).signIn("alice"); // the admin
      ApiClient bob = new ApiClient(own.uri()).signIn("bob");
      assertThat(bob.get("/api/agents/bob/me").body().get("admin").asBoolean()).isFalse();
      assertThat(alice.get("/api/agents/alice/me").body().get("admin").asBoolean()).isTrue();
      assertThat(bob.get("/api/agents/bob/organization").status()).isEqualTo(403);
      assertThat(
              bob.put("/api/agents/bob/organization", Map.of("version", 0, "defaults", List.of()))
                  .status())
          .isEqualTo(403);

      String before = bob.get("/api/agents/bob/settings").body().toString();
      Map<String, Object> appEmail =
          Map.of("option", "app.updated", "medium", "email", "frequency", "ALWAYS");
      ApiClient.Response r =
          alice.post(
              "/api/agents/alice/organization/preview", Map.of("defaults", List.of(appEmail)));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body().get("from").asText()).isEqualTo("standard-1");
      assertThat(r.body().get("to").asText()).isEqualTo("acme-2");
      JsonNode line = r.body().get("changes").get(0);
      assertThat(line.get("option").asText()).isEqualTo("app.updated");
      assertThat(line.get("before").asText()).isEqualTo("NEVER");
      assertThat(line.get("after").asText()).isEqualTo("ALWAYS");
      assertThat(line.get("agents").asInt()).isPositive().isLessThanOrEqualTo(5);
      assertThat(bob.get("/api/agents/bob/settings").body().toString())
          .as("a dry run")
          .isEqualTo(before);
      ApiClient.Response bad =
          alice.post(
              "/api/agents/alice/organization/preview",
              Map.of(
                  "defaults",
                  List.of(
                      Map.of(
                          "option", "app.updated", "medium", "in_app", "frequency", "IF_UNREAD"))));
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.body().get("error").asText()).contains("IF_UNREAD");

      Map<String, Object> lock = new HashMap<>();
      lock.put("option", "note.mentioned");
      lock.put("medium", "email");
      lock.put("channel", null);
      lock.put("frequency", "ALWAYS");
      ApiClient.Response saved =
          alice.put(
              "/api/agents/alice/organization",
              Map.of("version", 0, "defaults", List.of(appEmail), "locks", List.of(lock)));
      assertThat(saved.status()).isEqualTo(200);
      assertThat(saved.body().get("tableVersion").asText()).isEqualTo("acme-2");
      assertThat(saved.body().get("version").asLong()).isEqualTo(1);
      assertThat(
              alice
                  .put(
                      "/api/agents/alice/organization",
                      Map.of("version", 0, "defaults", List.of(), "locks", List.of()))
                  .status())
          .as("a stale page saves nothing")
          .isEqualTo(409);

      JsonNode page = bob.get("/api/agents/bob/settings").body();
      assertThat(page.get("defaultTable").asText()).isEqualTo("acme-2");
      assertThat(page.get("organization").asText()).isEqualTo("Acme");
      JsonNode mentioned = option(page, "note.mentioned").get("media").get("email");
      assertThat(mentioned.get("locked").asBoolean()).isTrue();
      assertThat(mentioned.get("value").asText()).isEqualTo("ALWAYS");
      JsonNode app = option(page, "app.updated").get("media").get("email");
      assertThat(app.get("value").asText()).isEqualTo("ALWAYS");
      assertThat(app.get("from").asText()).isEqualTo("default");

      ApiClient.Response refused =
          bob.put(
              "/api/agents/bob/settings",
              Map.of(
                  "version",
                  page.get("version").asLong(),
                  "changes",
                  List.of(
                      Map.of(
                          "option", "note.mentioned", "medium", "email", "frequency", "NEVER"))));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body().get("error").asText()).contains("locked by your organisation");

      ApiClient.Response told =
          alice.post(
              "/api/agents/alice/simulate",
              Map.of(
                  "kind",
                  "note",
                  "conversation",
                  "k-9",
                  "customer",
                  "zen",
                  "mentions",
                  List.of("bob"),
                  "text",
                  "look"));
      assertThat(told.body().get("decisions").findValuesAsText("detail"))
          .anyMatch(x -> x.contains("locked by your organisation"))
          .anyMatch(x -> x.contains("the default of Acme, table acme-2"));
      // The same decisions in the settings page's words.
      assertThat(told.body().get("decisions").findValuesAsText("reason"))
          .anyMatch(x -> x.startsWith("Your organisation set \u201c"))
          .anyMatch(x -> x.contains(" by default at Acme ("));
    }
  }

  @Test
  void theDeliveriesPage_tellsWhatBecameOfAnEmail_andOnlyToAnAdmin() throws Exception {
    try (WebHost own = WebHost.start(options())) {
      ApiClient alice = new ApiClient(own.uri()).signIn("alice");
      ApiClient bob = new ApiClient(own.uri()).signIn("bob");
      assertThat(bob.get("/api/agents/bob/deliveries?agent=dave").status()).isEqualTo(403);
      assertThat(bob.get("/api/agents/bob/dead-letters").status()).isEqualTo(403);
      bob.post(
          "/api/agents/bob/simulate",
          Map.of("kind", "assigned", "conversation", "h-1", "customer", "zen", "assignee", "dave"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<String> kinds = List.of();
      JsonNode events = null;
      while (System.nanoTime() < deadline) {
        events = alice.get("/api/agents/alice/deliveries?agent=dave").body().get("events");
        kinds = events.findValuesAsText("kind");
        if (kinds.contains("SENT")) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(kinds).as("newest first").containsExactly("SENT", "QUEUED");
      assertThat(events.findValuesAsText("why"))
          .anyMatch(w -> w.startsWith("sent by "))
          .anyMatch(w -> w.startsWith("queued, due ") && w.contains("conversation.assigned"));
      String delivery = events.get(0).get("delivery").asText();
      String action = delivery.substring(0, delivery.indexOf('/'));
      assertThat(
              alice
                  .get("/api/agents/alice/deliveries?action=" + action)
                  .body()
                  .get("events")
                  .findValuesAsText("kind"))
          .contains("QUEUED", "SENT");
      assertThat(alice.get("/api/agents/alice/deliveries").status()).isEqualTo(400);
      assertThat(alice.get("/api/agents/alice/dead-letters").body().get("deadLetters").size())
          .isZero();
      assertThat(
              alice
                  .post("/api/agents/alice/dead-letters/redrive", Map.of("id", delivery))
                  .body()
                  .get("redriven")
                  .asBoolean())
          .as("sent, not dead: nothing to redrive")
          .isFalse();
      // One delivery's timeline, and the queue by medium for a dashboard.
      assertThat(
              alice
                  .get(
                      "/api/agents/alice/deliveries?delivery=" + URLEncoder.encode(delivery, UTF_8))
                  .body()
                  .get("events")
                  .findValuesAsText("kind"))
          .containsExactly("QUEUED", "SENT");
      // The deliveries by where they are now: dave's email is sent, no longer queued.
      assertThat(
              alice
                  .get("/api/agents/alice/deliveries?state=SENT&medium=email")
                  .body()
                  .get("events")
                  .findValuesAsText("delivery"))
          .contains(delivery);
      assertThat(
              alice
                  .get("/api/agents/alice/deliveries?state=QUEUED&medium=email")
                  .body()
                  .get("events")
                  .findValuesAsText("delivery"))
          .doesNotContain(delivery);
      assertThat(alice.get("/api/agents/alice/deliveries?state=LOST").status()).isEqualTo(400);
      assertThat(alice.get("/api/agents/alice/deliveries?state=&medium=%09email").status())
          .isEqualTo(400);
      JsonNode summary = alice.get("/api/agents/alice/dead-letters").body().get("summary");
      assertThat(summary.findValuesAsText("medium")).contains("email");
      assertThat(summary.get(0).get("done").asLong()).isPositive();
      assertThat(
              alice.post("/api/agents/alice/dead-letters/purge", Map.of("kind", "LOST")).status())
          .isEqualTo(400);
      assertThat(bob.post("/api/agents/bob/dead-letters/purge", Map.of()).status()).isEqualTo(403);
      assertThat(
              alice
                  .post("/api/agents/alice/dead-letters/purge", Map.of("kind", "PERMANENT"))
                  .body()
                  .get("purged")
                  .asLong())
          .isZero();
    }
  }

  private static JsonNode option(JsonNode page, String id) {
    for (JsonNode tab : page.get("tabs")) {
      for (JsonNode o : tab.get("options")) {
        if (o.get("id").asText().equals(id)) {
          return o;
        }
      }
    }
    throw new AssertionError("no option " + id + " on the page");
  }

  @Test
  void closingEveryStream_logsTheAgentOut() throws Exception {
    ApiClient dave = as("dave");
    HttpResponse<Stream<String>> stream =
        dave.http()
            .send(
                HttpRequest.newBuilder(host.uri().resolve("/api/agents/dave/events")).build(),
                HttpResponse.BodyHandlers.ofLines());
    awaitPresence(host, "dave", Presence.LOGGED_IN);
    stream.body().close(); // the tab closes
    awaitPresence(host, "dave", Presence.LOGGED_OUT);
  }

  @Test
  void anIdlePage_timesOut_andActivityBringsItBack() throws Exception {
    try (WebHost shortSessions = WebHost.start(options(Duration.ofSeconds(1)))) {
      ApiClient bob = new ApiClient(shortSessions.uri()).signIn("bob");
      HttpResponse<Stream<String>> stream =
          bob.http()
              .send(
                  HttpRequest.newBuilder(shortSessions.uri().resolve("/api/agents/bob/events"))
                      .build(),
                  HttpResponse.BodyHandlers.ofLines());
      awaitPresence(shortSessions, "bob", Presence.LOGGED_IN);
      awaitPresence(shortSessions, "bob", Presence.TIMED_OUT); // the tab is open, nobody moves
      assertThat(bob.post("/api/agents/bob/heartbeat", Map.of()).status()).isEqualTo(200);
      awaitPresence(shortSessions, "bob", Presence.LOGGED_IN);
      stream.body().close();
    }
  }

  static void awaitPresence(WebHost host, String agent, Presence p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (host.presence().get(agent) != p && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(host.presence().get(agent)).as("%s's presence", agent).isEqualTo(p);
  }
}
