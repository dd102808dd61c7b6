package dev.notify.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Presence;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two web hosts on one PostgreSQL: an agent's presence is the sum of their tabs on both. */
@DisplayName("two web hosts on one embedded PostgreSQL")
class TwoWebHostsTest {
  private static WebHost.Options on(String url) {
    return new WebHost.Options(
        0,
        url,
        null,
        0,
        Duration.ofMinutes(15),
        Duration.ofMillis(200),
        List.of(),
        Duration.ofHours(1),
        Duration.ofHours(24),
        10_000);
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within a minute: " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void anAgentIsLoggedOut_onlyWhenTheirLastTabOnEitherHostCloses() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        WebHost a = WebHost.start(on(pg.getJdbcUrl("postgres", "postgres")));
        WebHost b = WebHost.start(on(pg.getJdbcUrl("postgres", "postgres")))) {
      ApiClient onA = new ApiClient(a.uri()).signIn("erin");
      ApiClient onB = new ApiClient(b.uri()).signIn("erin");
      Socket tabA = WebHostAttacksTest.connect(a.uri(), 0);
      try (Socket tabB = WebHostAttacksTest.connect(b.uri(), 0)) {
        WebHostAttacksTest.openStream(tabA, a.uri(), onA, "erin");
        WebHostAttacksTest.openStream(tabB, b.uri(), onB, "erin");
        assertThat(WebHostAttacksTest.readUntil(tabA, "retry: 1000")).startsWith("HTTP/1.1 200");
        assertThat(WebHostAttacksTest.readUntil(tabB, "retry: 1000")).startsWith("HTTP/1.1 200");
        await("erin logged in", () -> b.presence().get("erin") == Presence.LOGGED_IN);

        // An event of a's reaches her tab on a. A tab that saw it last and reconnects to b, which
        // cannot replay a's events, resumes from the inbox: what was created after that event pops
        // up (not the event it saw), then it reloads the rest (resync); on a, it gets no resync.
        ApiClient bobOnA = new ApiClient(a.uri()).signIn("bob");
        bobOnA.mention("bob", "r-1", "erin");
        String seen = WebHostAttacksTest.readUntil(tabA, "event: notification");
        String id =
            seen.substring(seen.lastIndexOf("id: ") + 4, seen.lastIndexOf("\nevent: notification"));
        Thread.sleep(5); // the cursor is the millisecond the event was sent in
        bobOnA.mention("bob", "r-2", "erin"); // while the tab was away
        try (Socket elsewhere = WebHostAttacksTest.connect(b.uri(), 0)) {
          WebHostAttacksTest.openStream(elsewhere, b.uri(), onB, "erin", id);
          String resumed = WebHostAttacksTest.readUntil(elsewhere, "event: resync");
          assertThat(resumed)
              .contains("event: notification")
              .contains("conversation r-2")
              .doesNotContain("conversation r-1");
          assertThat(resumed.indexOf("conversation r-2"))
              .isLessThan(resumed.indexOf("event: resync"));
        }
        // On a, the tab that last saw the event before it gets that event again, and no resync
        // (which would come first).
        String before = WebHostHttpTest.before(id);
        try (Socket same = WebHostAttacksTest.connect(a.uri(), 0)) {
          WebHostAttacksTest.openStream(same, a.uri(), onA, "erin", before);
          assertThat(WebHostAttacksTest.readUntil(same, "event: notification"))
              .contains("id: " + id + "\nevent: notification")
              .doesNotContain("resync");
        }
        await(
            "each host closed its reconnection",
            () -> a.live().closedTabs() == 1 && b.live().closedTabs() == 1);

        // Her tab on a closes: a finds it gone at its next keep-alive; her tab on b stays.
        tabA.close();
        await("a dropped the tab and said so", () -> a.live().closedTabs() == 2);
        assertThat(a.presence().get("erin")).isEqualTo(Presence.LOGGED_IN);
        assertThat(b.presence().get("erin")).isEqualTo(Presence.LOGGED_IN);

        tabB.close();
        await("b dropped the tab and said so", () -> b.live().closedTabs() == 2);
        assertThat(a.presence().get("erin")).isEqualTo(Presence.LOGGED_OUT);
      }
    }
  }
}
