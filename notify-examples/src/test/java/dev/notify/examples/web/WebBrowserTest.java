package dev.notify.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.notify.catalog.Presence;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seed's screens in real headless Chromium, on the real pipeline (H2 through notify-jdbc,
 * workers, GreenMail). Each test uses agents of its own and saves a screenshot under {@code
 * target/screenshots}.
 */
class WebBrowserTest {
  @TempDir static Path profiles;
  static WebHost host;

  @BeforeAll
  static void start() throws Exception {
    Chromium.require();
    host = WebHost.start(WebHostHttpTest.options());
  }

  @AfterAll
  static void stop() {
    if (host != null) {
      host.close();
    }
  }

  private static ChromeDriver signedIn(String agent) throws Exception {
    return signedIn(host, agent);
  }

  private static ChromeDriver signedIn(WebHost on, String agent) throws Exception {
    ChromeDriver d = Chromium.start(profiles);
    signIn(d, on.uri(), agent);
    ready(d);
    return d;
  }

  /** Signs {@code d} in as {@code agent} on the sign-in page at {@code uri}. */
  static void signIn(ChromeDriver d, URI uri, String agent) {
    d.get(uri.toString());
    until(d)
        .until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[data-agent='" + agent + "']")))
        .click();
  }

  private static void ready(ChromeDriver d) {
    until(d).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "yes"));
    until(d).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-live", "yes"));
  }

  static WebDriverWait until(ChromeDriver d) {
    // A page that navigates (sign-in to the app) leaves stale elements behind: look again.
    return (WebDriverWait)
        new WebDriverWait(d, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class);
  }

  static long badge(ChromeDriver d) {
    WebElement b = d.findElement(By.id("badge"));
    return b.isDisplayed() ? Long.parseLong(b.getText().trim()) : 0;
  }

  private static Select frequency(ChromeDriver d, String option, String channel, String medium) {
    return new Select(
        d.findElement(
            By.cssSelector(
                "select.frequency[data-option='"
                    + option
                    + "'][data-channel='"
                    + channel
                    + "'][data-medium='"
                    + medium
                    + "']")));
  }

  private static void saved(ChromeDriver d) {
    until(d).until(ExpectedConditions.textToBe(By.id("settings-message"), "Saved."));
  }

  @Test
  void theSettingsPage_keepsOpenRows_saysWhatDiffers_marksLegacy_andFollowsOtherTabs()
      throws Exception {
    try (WebHost own = WebHost.start(WebHostHttpTest.options())) {
      ChromeDriver one = signedIn(own, "dave");
      ChromeDriver other = signedIn(own, "dave");
      try {
        // The seed's asterisk on the legacy options, with its note.
        assertThat(one.findElement(By.id("settings-table")).getText())
            .contains("A customer sends any message*");
        assertThat(one.findElement(By.id("legacy-note")).isDisplayed()).isTrue();

        // Per-channel rows stay open across a save; the option's line says a channel differs.
        String followed = "customer.message.followed";
        one.findElement(By.cssSelector("button.expand[data-expands='" + followed + "']")).click();
        frequency(one, followed, "chat", "in_app").selectByValue("ALWAYS");
        saved(one);
        assertThat(frequency(one, followed, "chat", "in_app").getWrappedElement().isDisplayed())
            .as("still open after the save")
            .isTrue();
        assertThat(
                one.findElement(By.cssSelector("tr[data-option='" + followed + "'] .differs"))
                    .getText())
            .contains("Chat set otherwise");

        // The other tab shows the change without a reload.
        until(other)
            .until(
                ExpectedConditions.textToBe(By.id("settings-message"), "Updated in another tab."));
        other.findElement(By.cssSelector("button.expand[data-expands='" + followed + "']")).click();
        assertThat(
                frequency(other, followed, "chat", "in_app")
                    .getFirstSelectedOption()
                    .getAttribute("value"))
            .isEqualTo("ALWAYS");

        // "If still unread after N min" says the delay saved, not 10.
        type(one, "timing-delay", "2");
        one.findElement(By.id("timing-save")).click();
        until(one)
            .until(
                d ->
                    frequency(one, "note.added", "", "email").getOptions().stream()
                        .anyMatch(o -> o.getText().startsWith("If still unread after 2 min")));
      } finally {
        one.quit();
        other.quit();
      }
    }
  }

  @Test
  void atTwoHundredPercentZoom_nothingIsClipped_andTheLastColumnIsReachable() throws Exception {
    ChromeDriver d = signedIn("carol");
    try {
      // 200 % zoom of a 1280-pixel window lays the page out in 640 CSS pixels.
      d.manage().window().setSize(new Dimension(640, 900));
      until(d).until(x -> ((Number) d.executeScript("return window.innerWidth")).intValue() <= 660);
      assertThat(
              (Boolean)
                  d.executeScript(
                      "const e = document.documentElement; return e.scrollWidth <= e.clientWidth"))
          .as("the page itself does not scroll sideways (WCAG 1.4.10): only a wide table may")
          .isTrue();
      @SuppressWarnings("unchecked")
      List<String> clipped =
          (List<String>)
              (d.executeScript(
                  "const out = [];"
                      + " for (const s of document.querySelectorAll('#settings-table select')) {"
                      + "   const box = s.closest('.scroll-x');"
                      + "   const r = s.getBoundingClientRect();"
                      + "   if (!box && r.right > document.documentElement.clientWidth)"
                      + "     out.push(s.getAttribute('aria-label'));"
                      + " }"
                      + " for (const box of document.querySelectorAll('.scroll-x')) {"
                      + "   if (box.offsetParent && box.getBoundingClientRect().right"
                      + "       > document.documentElement.clientWidth + 1) out.push('a scroll box');"
                      + " }"
                      + " return out;"));
      assertThat(clipped).as("cut off with no way to scroll to them").isEmpty();
      // The last column, scrolled to, changes and saves.
      Select email = frequency(d, "note.mentioned", "", "email");
      d.executeScript(
          "arguments[0].scrollIntoView({inline: 'end', block: 'center'})",
          email.getWrappedElement());
      email.selectByValue("NEVER");
      saved(d);
      Chromium.screenshot(d, "settings-zoom-200");
      // The panel fits beside or over the page.
      d.findElement(By.id("notifications")).click();
      assertThat(
              (Boolean)
                  d.executeScript(
                      "const r = document.getElementById('panel').getBoundingClientRect();"
                          + " return r.left >= 0 && r.right <= document.documentElement.clientWidth"))
          .isTrue();
    } finally {
      d.quit();
    }
  }

  @Test
  void aChangedSetting_isThereAfterAReload() throws Exception {
    ChromeDriver d = signedIn("dave");
    try {
      assertThat(d.findElement(By.id("settings-table")).getText())
          .as("dave joined before 2021-01-13: the legacy options are his")
          .contains("A customer sends any message");
      Select email = frequency(d, "note.added", "", "email");
      assertThat(email.getFirstSelectedOption().getAttribute("value")).isEqualTo("WHEN_LOGGED_OUT");
      email.selectByValue("NEVER");
      saved(d);
      // Per channel: the chat row of a per-channel option, then everything back at once.
      d.findElement(By.cssSelector("button.expand[data-expands='customer.message.followed']"))
          .click();
      frequency(d, "customer.message.followed", "chat", "in_app").selectByValue("ALWAYS");
      saved(d);
      d.navigate().refresh();
      ready(d);
      Select again = frequency(d, "note.added", "", "email");
      assertThat(again.getFirstSelectedOption().getAttribute("value")).isEqualTo("NEVER");
      assertThat(again.getWrappedElement().getAttribute("class")).contains("mine");
      assertThat(
              frequency(d, "customer.message.followed", "chat", "in_app")
                  .getFirstSelectedOption()
                  .getAttribute("value"))
          .isEqualTo("ALWAYS");
      assertThat(
              frequency(d, "customer.message.followed", "gmail", "in_app")
                  .getWrappedElement()
                  .getAttribute("class"))
          .as("another channel still follows the option")
          .contains("inherited");
      d.findElement(By.cssSelector("button.expand[data-expands='customer.message.followed']"))
          .click();
      Chromium.screenshot(d, "settings-page");
      d.findElement(By.cssSelector("button.reset[data-resets='note.added//email']")).click();
      saved(d);
      assertThat(
              frequency(d, "note.added", "", "email")
                  .getFirstSelectedOption()
                  .getAttribute("value"))
          .as("reset to the default table")
          .isEqualTo("WHEN_LOGGED_OUT");
    } finally {
      d.quit();
    }
  }

  @Test
  void aMention_popsUpLowerLeft_withItsSound_andRaisesTheBadge_withoutAReload() throws Exception {
    ChromeDriver alice = signedIn("alice");
    ChromeDriver bob = signedIn("bob");
    try {
      Chromium.allowNotifications(alice, host.uri().toString().replaceAll("/$", ""));
      new Select(
              alice.findElement(
                  By.cssSelector("select.tone[data-category='mentioned'][data-channel='']")))
          .selectByValue("bell");
      saved(alice);
      long before = badge(alice);

      bob.findElement(By.cssSelector(".nav[data-view='simulator']")).click();
      new Select(bob.findElement(By.id("sim-kind"))).selectByValue("note");
      type(bob, "sim-conversation", "k-42");
      type(bob, "sim-customer", "acme");
      type(bob, "sim-mentions", "alice");
      type(bob, "sim-text", "@alice can you take this one?");
      bob.findElement(By.id("sim-send")).click();
      until(bob)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(By.id("sim-result"), "+ alice"));

      WebElement popup =
          until(alice)
              .until(
                  ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#popups .popup")));
      assertThat(popup.getText()).contains("bob added a note to conversation k-42");
      Rectangle r = popup.getRect();
      long height = (Long) alice.executeScript("return window.innerHeight;");
      assertThat(r.getX()).as("left").isLessThan(100);
      assertThat((long) r.getY() + r.getHeight()).as("bottom").isGreaterThan(height - 100);
      until(alice).until(d -> badge(alice) == before + 1);
      until(alice)
          .until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-last-sound", "bell"));
      until(alice)
          .until(
              ExpectedConditions.attributeContains(
                  By.tagName("body"), "data-last-browser-notification", "alice"));
      Chromium.screenshot(alice, "popup");
    } finally {
      alice.quit();
      bob.quit();
    }
  }

  @Test
  void popUpsStackAtMostThree_openTheirConversation_andThePanelSeesArchivesAndDates()
      throws Exception {
    try (WebHost own = WebHost.start(WebHostHttpTest.options())) {
      ChromeDriver erin = signedIn(own, "erin");
      try {
        ApiClient bob = new ApiClient(own.uri()).signIn("bob");
        for (int i = 1; i <= 5; i++) {
          bob.mention("bob", "k-" + i, "erin");
        }
        until(erin)
            .until(ExpectedConditions.textToBe(By.cssSelector("#popups .popup-more"), "+2 more"));
        List<WebElement> shown = erin.findElements(By.cssSelector("#popups .popup"));
        assertThat(shown).hasSize(3);
        assertThat(shown.get(2).getText()).as("the newest").contains("conversation k-5");
        until(erin).until(d -> badge(erin) == 5);
        // A pop-up opens its conversation (and is read).
        shown.get(2).click();
        until(erin)
            .until(
                ExpectedConditions.textToBe(By.id("toast"), "This would open conversation k-5."));
        until(erin).until(d -> badge(erin) == 4);
        assertThat(erin.findElements(By.cssSelector("#popups .popup"))).hasSize(3);
        assertThat(erin.findElement(By.cssSelector("#popups .popup-more")).getText())
            .isEqualTo("+1 more");

        // The panel: unseen until listed, dated, archived on demand.
        erin.findElement(By.id("notifications")).click();
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 4);
        assertThat(erin.findElements(By.cssSelector("#panel-list li.unseen"))).hasSize(4);
        String time = erin.findElement(By.cssSelector("#panel-list li.item time")).getText();
        assertThat(time).as("with the date").containsPattern("\\b20\\d\\d\\b");
        erin.findElement(By.cssSelector("#panel-list li.item button.archive")).click();
        until(erin).until(d -> badge(erin) == 3);
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 3);
        erin.findElement(By.id("close-panel")).click();
        erin.findElement(By.id("notifications")).click();
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 3);
        assertThat(erin.findElements(By.cssSelector("#panel-list li.unseen")))
            .as("seen once listed")
            .isEmpty();
        // Pop-ups go by themselves (they cover the panel's lower part until then).
        until(erin).until(d -> d.findElements(By.cssSelector("#popups > *")).isEmpty());
        erin.findElement(By.id("panel-show-archived")).click();
        until(erin)
            .until(d -> d.findElements(By.cssSelector("#panel-archived li.item")).size() == 1);
        assertThat(erin.findElement(By.id("panel-archived")).getText())
            .contains("conversation k-4");
        Chromium.screenshot(erin, "panel-archive");

        // The panel's tabs, as the settings page's: mentions are Timeline, none System Events.
        erin.findElement(By.cssSelector(".panel-tab[data-panel-tab='system_events']")).click();
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).isEmpty());
        assertThat(erin.findElement(By.id("panel-empty")).isDisplayed()).isTrue();
        erin.findElement(By.cssSelector(".panel-tab[data-panel-tab='timeline']")).click();
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 3);

        // The badge is capped as the product caps it.
        erin.executeScript("setBadge(120)");
        assertThat(erin.findElement(By.id("badge")).getText()).isEqualTo("99+");

        // Another agent's page in this browser says so, instead of "Signed in as undefined".
        erin.get(own.uri().resolve("/app?as=bob").toString());
        until(erin)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.tagName("main"), "Not signed in as bob"));
      } finally {
        erin.quit();
      }
    }
  }

  @Test
  void selectedItems_areReadOrArchivedAtOnce_andASnoozedOneComesBackWithItsPopUp()
      throws Exception {
    try (WebHost own = WebHost.start(WebHostHttpTest.options())) {
      ChromeDriver erin = signedIn(own, "erin");
      try {
        ApiClient bob = new ApiClient(own.uri()).signIn("bob");
        for (int i = 1; i <= 5; i++) {
          bob.mention("bob", "s-" + i, "erin");
        }
        until(erin).until(d -> badge(erin) == 5);
        // Pop-ups go by themselves (they cover the panel's lower part until then).
        until(erin).until(d -> d.findElements(By.cssSelector("#popups > *")).isEmpty());
        erin.findElement(By.id("notifications")).click();
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 5);
        assertThat(erin.findElement(By.id("bulk-read")).isEnabled())
            .as("nothing selected")
            .isFalse();

        // Two selected, read at once.
        List<WebElement> boxes = erin.findElements(By.cssSelector("#panel-list input.select"));
        boxes.get(0).click();
        boxes.get(1).click();
        assertThat(erin.findElement(By.id("selected-count")).getText()).isEqualTo("2 selected");
        erin.findElement(By.id("bulk-read")).click();
        until(erin).until(d -> badge(erin) == 3);
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 3);
        assertThat(erin.findElement(By.id("panel-list")).getText())
            .doesNotContain("conversation s-5")
            .doesNotContain("conversation s-4");

        // One snoozed for a minute from its own menu: off the panel and the badge, listed as
        // snoozed.
        new Select(erin.findElement(By.cssSelector("#panel-list li.item select.snooze")))
            .selectByVisibleText("For 1 minute");
        until(erin).until(d -> badge(erin) == 2);
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).size() == 2);
        erin.findElement(By.id("panel-show-snoozed")).click();
        until(erin)
            .until(d -> d.findElements(By.cssSelector("#panel-snoozed li.item")).size() == 1);
        assertThat(erin.findElement(By.id("panel-snoozed")).getText())
            .contains("conversation s-3")
            .contains("Back ");

        // The rest, selected all at once and archived.
        erin.findElement(By.id("select-all")).click();
        assertThat(erin.findElement(By.id("selected-count")).getText()).isEqualTo("2 selected");
        erin.findElement(By.id("bulk-archive")).click();
        until(erin).until(d -> badge(erin) == 0);
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.item")).isEmpty());
        Chromium.screenshot(erin, "panel-snoozed");
        erin.findElement(By.id("close-panel")).click();

        // The snooze ends through the outbox: the pop-up comes back, and the item, unread.
        new WebDriverWait(erin, Duration.ofMinutes(3))
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("popups"), "conversation s-3"));
        until(erin).until(d -> badge(erin) == 1);
        erin.findElement(By.id("notifications")).click();
        until(erin).until(d -> d.findElements(By.cssSelector("#panel-list li.unseen")).size() == 1);
        assertThat(erin.findElement(By.id("panel-list")).getText()).contains("conversation s-3");
      } finally {
        erin.quit();
      }
    }
  }

  private static void type(ChromeDriver d, String id, String text) {
    WebElement e = d.findElement(By.id(id));
    e.clear();
    e.sendKeys(text);
  }

  @Test
  void aDigest_isSetOnTheSettingsPage() throws Exception {
    ChromeDriver d = signedIn("carol");
    try {
      WebElement on = d.findElement(By.id("digest-on"));
      if (!on.isSelected()) {
        on.click();
      }
      type(d, "digest-window", "20");
      type(d, "digest-max", "5");
      d.findElement(By.id("timing-save")).click();
      until(d).until(ExpectedConditions.textToBe(By.id("timing-message"), "Saved."));
      d.navigate().refresh();
      ready(d);
      until(d).until(ExpectedConditions.attributeToBe(By.id("digest-window"), "value", "20"));
      assertThat(d.findElement(By.id("digest-on")).isSelected()).isTrue();
      assertThat(d.findElement(By.id("digest-max")).getAttribute("value")).isEqualTo("5");

    } finally {
      d.quit();
    }
  }

  /** What axe-core finds serious or critical on the page shown now, named {@code where}. */
  private static List<String> violations(ChromeDriver d, String where) throws Exception {
    return Chromium.seriousViolations(d).stream().map(v -> where + ": " + v).toList();
  }

  @Test
  void everyScreen_hasNoSeriousAccessibilityViolation_asAxeCoreFinds() throws Exception {
    List<String> found = new ArrayList<>();
    ChromeDriver d = Chromium.start(profiles);
    try {
      d.get(host.uri().toString());
      until(d)
          .until(
              ExpectedConditions.elementToBeClickable(
                  By.cssSelector("button[data-agent='alice']")));
      found.addAll(violations(d, "sign-in"));
      d.findElement(By.cssSelector("button[data-agent='alice']")).click();
      ready(d);
      found.addAll(violations(d, "settings, Timeline"));
      d.findElement(By.cssSelector("button[data-tab='system_events']")).click();
      until(d)
          .until(
              ExpectedConditions.attributeToBe(
                  By.cssSelector("button[data-tab='system_events']"), "aria-selected", "true"));
      found.addAll(violations(d, "settings, System Events"));
      // The panel with an item in it (its checkbox, buttons and snooze menu), and its lists.
      new ApiClient(host.uri()).signIn("bob").mention("bob", "axe-1", "alice");
      until(d).until(x -> !x.findElements(By.cssSelector("#popups .popup")).isEmpty());
      d.findElement(By.id("notifications")).click();
      until(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
      until(d).until(x -> !x.findElements(By.cssSelector("#panel-list li.item")).isEmpty());
      d.findElement(By.cssSelector("#panel-list input.select")).click();
      found.addAll(violations(d, "panel"));
      d.findElement(By.id("panel-show-snoozed")).click();
      d.findElement(By.id("panel-show-archived")).click();
      until(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("panel-archived-empty")));
      found.addAll(violations(d, "panel, snoozed and archived"));
      d.findElement(By.id("notifications")).click();
      for (String view : List.of("simulator", "mail", "organization", "deliveries")) {
        d.findElement(By.cssSelector("button[data-view='" + view + "']")).click();
        until(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("view-" + view)));
        found.addAll(violations(d, view));
      }
    } finally {
      d.quit();
    }
    assertThat(found).as("serious or critical violations").isEmpty();
  }

  @Test
  void theTabsAndThePanel_workFromTheKeyboard() throws Exception {
    ChromeDriver d = signedIn("bob");
    try {
      WebElement timeline = d.findElement(By.cssSelector("button[data-tab='timeline']"));
      timeline.sendKeys(Keys.ARROW_RIGHT);
      until(d)
          .until(
              ExpectedConditions.attributeToBe(
                  By.cssSelector("button[data-tab='system_events']"), "aria-selected", "true"));
      assertThat(d.switchTo().activeElement().getAttribute("data-tab")).isEqualTo("system_events");
      assertThat(timeline.getAttribute("aria-selected")).isEqualTo("false");
      d.switchTo().activeElement().sendKeys(Keys.ARROW_LEFT);
      until(d).until(ExpectedConditions.attributeToBe(timeline, "aria-selected", "true"));

      // The panel is a dialog: focus moves in, Escape closes it and gives focus back.
      WebElement bell = d.findElement(By.id("notifications"));
      bell.sendKeys(Keys.ENTER);
      until(d).until(ExpectedConditions.visibilityOfElementLocated(By.id("panel")));
      assertThat(bell.getAttribute("aria-expanded")).isEqualTo("true");
      assertThat(d.switchTo().activeElement().getAttribute("id")).isEqualTo("close-panel");
      d.switchTo().activeElement().sendKeys(Keys.ESCAPE);
      until(d).until(ExpectedConditions.invisibilityOfElementLocated(By.id("panel")));
      assertThat(d.switchTo().activeElement().getAttribute("id")).isEqualTo("notifications");
      assertThat(bell.getAttribute("aria-expanded")).isEqualTo("false");
    } finally {
      d.quit();
    }
  }

  @Test
  void anAdmin_findsWhatBecameOfAnAgentsEmail_onTheDeliveriesPage() throws Exception {
    try (WebHost own = WebHost.start(WebHostHttpTest.options())) {
      ApiClient bob = new ApiClient(own.uri()).signIn("bob");
      bob.post(
          "/api/agents/bob/simulate",
          Map.of("kind", "assigned", "conversation", "h-2", "customer", "zen", "assignee", "dave"));
      ChromeDriver d = signedIn(own, "alice");
      try {
        d.findElement(By.id("nav-deliveries")).click();
        until(d).until(ExpectedConditions.textToBe(By.id("dead-letters"), "No dead letters."));
        // The workers send within moments: search until the history says so.
        new WebDriverWait(d, Duration.ofSeconds(60))
            .until(
                driver -> {
                  type(d, "deliveries-agent", "dave");
                  d.findElement(By.id("deliveries-search")).click();
                  return d.findElement(By.id("deliveries-result")).getText().contains("sent by");
                });
        String text = d.findElement(By.id("deliveries-result")).getText();
        assertThat(text).contains("/dave/email: queued, due ").contains("conversation.assigned");

        // One delivery's timeline: its decision, then its arrival, oldest first.
        d.findElement(By.cssSelector("#deliveries-result button[aria-label$='/dave/email']"))
            .click();
        until(d)
            .until(
                driver ->
                    d.findElements(By.cssSelector("#deliveries-result li")).stream()
                        .map(li -> li.getAttribute("data-kind"))
                        .toList()
                        .equals(List.of("QUEUED", "SENT")));
        // Where deliveries are now: dave's email among the sent, not among the queued.
        new Select(d.findElement(By.id("deliveries-state"))).selectByValue("SENT");
        type(d, "deliveries-medium", "email");
        d.findElement(By.id("deliveries-state-search")).click();
        until(d)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("deliveries-result"), "/dave/email: sent by"));
        Chromium.screenshot(d, "deliveries");
        new Select(d.findElement(By.id("deliveries-state"))).selectByValue("QUEUED");
        d.findElement(By.id("deliveries-state-search")).click();
        until(d)
            .until(ExpectedConditions.textToBe(By.id("deliveries-result"), "Nothing recorded."));
        // The queue by medium counts the sent email; a purge of permanent failures finds none.
        assertThat(d.findElement(By.id("summary-table")).getText()).contains("email");
        new Select(d.findElement(By.id("purge-kind"))).selectByVisibleText("PERMANENT");
        d.findElement(By.id("purge-submit")).click();
        until(d)
            .until(ExpectedConditions.textToBe(By.id("purge-result"), "Purged 0 dead letter(s)."));
      } finally {
        d.quit();
      }
    }
  }

  @Test
  void anAdmin_previewsAndSavesTheOrganisationsDefaultsAndLocks_andAgentsSeeTheLockedRow()
      throws Exception {
    try (WebHost own = WebHost.start(WebHostHttpTest.options())) {
      ChromeDriver d = signedIn(own, "alice");
      try {
        d.findElement(By.id("nav-organization")).click();
        By appEmail =
            By.cssSelector("select.org-default[data-option='app.updated'][data-medium='email']");
        until(d).until(ExpectedConditions.elementToBeClickable(appEmail));
        new Select(d.findElement(appEmail)).selectByValue("ALWAYS");
        d.findElement(By.id("org-preview-button")).click();
        until(d)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.id("org-preview"), "An app is updated"));
        assertThat(d.findElement(By.id("org-preview")).getText())
            .contains("by email: Never \u2192 Always for");
        Chromium.screenshot(d, "organisation-preview");
        d.findElement(By.id("org-save")).click();
        until(d)
            .until(
                ExpectedConditions.textToBe(
                    By.id("org-message"), "Saved: agents now follow Acme's table acme-2."));

        new Select(d.findElement(By.id("lock-option"))).selectByValue("note.mentioned");
        new Select(d.findElement(By.id("lock-medium"))).selectByValue("email");
        new Select(d.findElement(By.id("lock-frequency"))).selectByValue("ALWAYS");
        d.findElement(By.id("lock-add")).click();
        until(d)
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#org-locks tr[data-lock='note.mentioned/email/']")));
        assertThat(d.findElement(By.id("org-locks")).getText())
            .contains("I'm mentioned in a note")
            .contains("All channels");
        assertThat(
                new Select(d.findElement(appEmail)).getFirstSelectedOption().getAttribute("value"))
            .as("the saved default stays")
            .isEqualTo("ALWAYS");
        Chromium.screenshot(d, "organisation-locks");
      } finally {
        d.quit();
      }

      ChromeDriver bob = signedIn(own, "bob");
      try {
        assertThat(bob.findElement(By.id("nav-organization")).isDisplayed())
            .as("only an admin sees the organisation's page")
            .isFalse();
        Select locked = frequency(bob, "note.mentioned", "", "email");
        assertThat(locked.getWrappedElement().isEnabled()).isFalse();
        assertThat(locked.getFirstSelectedOption().getText())
            .isEqualTo("Always (locked by your organisation)");
        assertThat(bob.findElement(By.id("table-version")).getText())
            .contains("Acme's default table acme-3");
        Chromium.screenshot(bob, "locked-row");
      } finally {
        bob.quit();
      }
    }
  }

  @Test
  void markAllRead_inOneTab_emptiesThePanelAndTheBadge_inTheOther() throws Exception {
    ApiClient erin = new ApiClient(host.uri()).signIn("erin");
    for (int i = 0; i < 2; i++) {
      erin.post(
          "/api/agents/erin/simulate",
          Map.of(
              "kind",
              "note",
              "conversation",
              "k-" + i,
              "customer",
              "zen",
              "mentions",
              List.of("carol")));
    }
    ChromeDriver d = signedIn("carol");
    try {
      String first = d.getWindowHandle();
      d.switchTo().newWindow(WindowType.TAB);
      d.get(host.uri().resolve("/app?as=carol").toString());
      ready(d);
      String second = d.getWindowHandle();
      d.findElement(By.id("notifications")).click();
      until(d).until(x -> x.findElements(By.cssSelector("#panel-list li.item")).size() >= 2);
      assertThat(d.findElement(By.id("panel-list")).getText()).contains("Why:");
      assertThat(badge(d)).isGreaterThanOrEqualTo(2);

      d.switchTo().window(first);
      d.findElement(By.id("notifications")).click();
      until(d).until(x -> x.findElements(By.cssSelector("#panel-list li.item")).size() >= 2);
      Chromium.screenshot(d, "panel");
      d.findElement(By.id("mark-all-read")).click();
      until(d).until(x -> badge(d) == 0);

      d.switchTo().window(second);
      until(d).until(x -> badge(d) == 0);
      until(d).until(x -> x.findElements(By.cssSelector("#panel-list li.item")).isEmpty());
      assertThat(host.stores().inbox().unreadCount("carol")).isZero();
    } finally {
      d.quit();
    }
  }

  @Test
  void whenLoggedOutEmail_goesOnlyAfterTheAgentClosesTheirTab() throws Exception {
    GreenMail mail = host.mailServer();
    ApiClient bob = new ApiClient(host.uri()).signIn("bob");
    Map<String, Object> note =
        Map.of("kind", "note", "conversation", "k-500", "customer", "zen", "assignee", "erin");
    ChromeDriver erin = signedIn("erin");
    try {
      WebHostHttpTest.awaitPresence(host, "erin", Presence.LOGGED_IN);
      ApiClient.Response r = bob.post("/api/agents/bob/simulate", note);
      assertThat(r.body().toString())
          .contains(
              "note.added is WHEN_LOGGED_OUT (default table standard-1) and the user is logged in");
      host.notifier().deliverDue();
      assertThat(mailTo(mail, "erin@")).as("no email while erin's tab is open").isEmpty();
    } finally {
      erin.quit();
    }
    WebHostHttpTest.awaitPresence(host, "erin", Presence.LOGGED_OUT);
    bob.post("/api/agents/bob/simulate", note);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (mailTo(mail, "erin@").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(mailTo(mail, "erin@")).singleElement().asString().contains("k-500");
  }

  private static List<String> mailTo(GreenMail mail, String prefix) throws Exception {
    List<String> out = new ArrayList<>();
    for (MimeMessage m : mail.getReceivedMessages()) {
      if (m.getRecipients(Message.RecipientType.TO)[0].toString().startsWith(prefix)) {
        out.add(m.getSubject());
      }
    }
    return out;
  }

  @Test
  void aCustomerNamedLikeMarkup_rendersAsText() throws Exception {
    String evil = "<img src=x onerror=alert(1)>";
    ApiClient dave = new ApiClient(host.uri()).signIn("dave");
    long version = dave.get("/api/agents/dave/settings").body().get("version").asLong();
    dave.put(
        "/api/agents/dave/settings",
        Map.of(
            "version",
            version,
            "allChannels",
            List.of(
                Map.of(
                    "option", "conversation.message.assigned",
                    "medium", "in_app",
                    "frequency", "ALWAYS"))));
    ChromeDriver d = signedIn("dave");
    try {
      ApiClient bob = new ApiClient(host.uri()).signIn("bob");
      bob.post(
          "/api/agents/bob/simulate",
          Map.of(
              "kind",
              "message",
              "channel",
              "chat",
              "customer",
              evil,
              "conversation",
              "k-666",
              "assignee",
              "dave",
              "text",
              evil));
      WebElement popup =
          until(d)
              .until(
                  ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#popups .popup")));
      assertThat(popup.getText()).contains("from " + evil + " on chat");
      d.findElement(By.id("notifications")).click();
      until(d).until(ExpectedConditions.textToBePresentInElementLocated(By.id("panel-list"), evil));
      assertThat(d.findElements(By.cssSelector("img"))).as("no markup was made").isEmpty();
      try {
        d.switchTo().alert();
        throw new AssertionError("a script ran: an alert is open");
      } catch (NoAlertPresentException expected) {
        // the text stayed text
      }
      Chromium.screenshot(d, "markup-as-text");
    } finally {
      d.quit();
    }
  }

  @Test
  void anotherAgentsInbox_answers403_inTheBrowser() throws Exception {
    ChromeDriver d = signedIn("alice");
    try {
      Object status =
          d.executeAsyncScript("fetch('/api/agents/bob/inbox').then(r => arguments[0](r.status));");
      assertThat(status).isEqualTo(403L);
      d.get(host.uri().resolve("/api/agents/bob/inbox").toString());
      assertThat(d.findElement(By.tagName("body")).getText())
          .contains("you are signed in as alice, not bob");
      Chromium.screenshot(d, "forbidden");
    } finally {
      d.quit();
    }
  }

  @Test
  void aSaveInOneTab_reachesTheOther_andAStaleSaveSaysSo() throws Exception {
    ChromeDriver d = signedIn("carol");
    try {
      String first = d.getWindowHandle();
      d.switchTo().newWindow(WindowType.TAB);
      d.get(host.uri().resolve("/app?as=carol").toString());
      ready(d);
      d.findElement(By.cssSelector(".tab[data-tab='system_events']")).click();
      String second = d.getWindowHandle();

      d.switchTo().window(first);
      d.findElement(By.cssSelector(".tab[data-tab='system_events']")).click();
      frequency(d, "app.updated", "", "in_app").selectByValue("NEVER");
      saved(d);

      // The other tab is told and shows the save: an edit there starts from it.
      d.switchTo().window(second);
      until(d)
          .until(ExpectedConditions.textToBe(By.id("settings-message"), "Updated in another tab."));
      assertThat(
              frequency(d, "app.updated", "", "in_app")
                  .getFirstSelectedOption()
                  .getAttribute("value"))
          .isEqualTo("NEVER");
      frequency(d, "app.updated", "", "email").selectByValue("ALWAYS");
      saved(d);

      // A page that missed a save (its stream was down) is refused, and shows the latest.
      d.executeScript("state.settings.version -= 1;");
      frequency(d, "app.updated", "", "email").selectByValue("NEVER");
      until(d)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.id("settings-message"), "changed elsewhere"));
      assertThat(
              frequency(d, "app.updated", "", "in_app")
                  .getFirstSelectedOption()
                  .getAttribute("value"))
          .isEqualTo("NEVER");
      assertThat(
              frequency(d, "app.updated", "", "email")
                  .getFirstSelectedOption()
                  .getAttribute("value"))
          .as("the stale change was not saved; the earlier one stays")
          .isEqualTo("ALWAYS");
      Chromium.screenshot(d, "conflict");
    } finally {
      d.quit();
    }
  }
}
