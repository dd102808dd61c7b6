package dev.notify.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Presence;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Two web hosts on one PostgreSQL behind one address (a test load balancer), in headless Chromium:
 * an agent signed in through one is signed in on both (sessions are in the database); when the host
 * their tab talks to goes away, the tab resumes on the other and what was published meanwhile pops
 * up from the inbox; signing out there ends the session everywhere and logs the agent out.
 */
@DisplayName("two web hosts on one embedded PostgreSQL, in Chromium")
class TwoWebHostsBrowserTest {
  @TempDir static Path profiles;

  @BeforeAll
  static void chromium() {
    Chromium.require();
  }

  private static WebHost.Options on(String url, int balancerPort) {
    return new WebHost.Options(
        0,
        url,
        null,
        0,
        Duration.ofMinutes(15),
        Duration.ofMillis(200),
        List.of("127.0.0.1:" + balancerPort),
        Duration.ofHours(1),
        Duration.ofHours(24),
        10_000);
  }

  @Test
  void aTabResumesOnTheOtherHost_withWhatItMissed_andSignOutThereEndsItsSession() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Balancer balancer = new Balancer()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      try (WebHost a = WebHost.start(on(url, balancer.port()));
          WebHost b = WebHost.start(on(url, balancer.port()))) {
        balancer.to(a.uri());
        ChromeDriver erin = Chromium.start(profiles);
        try {
          WebBrowserTest.signIn(erin, balancer.uri(), "erin");
          WebBrowserTest.until(erin)
              .until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "yes"));
          ApiClient bob = new ApiClient(a.uri()).signIn("bob");
          bob.mention("bob", "m-1", "erin");
          WebBrowserTest.until(erin)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.id("popups"), "conversation m-1"));
          WebBrowserTest.until(erin).until(d -> WebBrowserTest.badge(erin) == 1);

          // Host a goes away for her; m-2 is published before her tab gets through to b.
          balancer.hold();
          bob.mention("bob", "m-2", "erin");
          balancer.moveTo(b.uri());
          WebBrowserTest.until(erin)
              .until(
                  ExpectedConditions.textToBePresentInElementLocated(
                      By.id("popups"), "conversation m-2"));
          WebBrowserTest.until(erin).until(d -> WebBrowserTest.badge(erin) == 2);
          await("her tab is on b", () -> b.live().openTabs() == 1);

          // Signed in on b too (the session is in the database): the panel reads from b.
          erin.findElement(By.id("notifications")).click();
          WebBrowserTest.until(erin)
              .until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 2);
          assertThat(b.presence().get("erin")).isEqualTo(Presence.LOGGED_IN);

          // Signing out on b ends the session for both hosts and logs her out.
          erin.findElement(By.id("close-panel")).click();
          erin.findElement(By.id("signout")).click();
          WebBrowserTest.until(erin)
              .until(
                  ExpectedConditions.elementToBeClickable(
                      By.cssSelector("button[data-agent='erin']")));
          await("her tab on b closed", () -> b.live().openTabs() == 0);
          assertThat(b.presence().get("erin")).isEqualTo(Presence.LOGGED_OUT);
          assertThat(a.sessionCount()).as("bob's only, for either host").isEqualTo(1);
        } finally {
          erin.quit();
        }
      }
    }
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("not within a minute: %s", what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
