package dev.notify.examples.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver}, headless, one fresh profile per browser.
 * Where they are missing the browser tests are skipped with a message — except under {@code
 * CI=true}, where that is a failure ({@code .ci/run} installs them).
 */
final class Chromium {
  static final Path BINARY =
      Path.of(System.getenv().getOrDefault("NOTIFY_CHROMIUM", "/usr/bin/chromium"));
  static final Path DRIVER =
      Path.of(System.getenv().getOrDefault("NOTIFY_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private Chromium() {}

  /** Skips (or, on CI, fails) the calling test when Chromium or its driver is missing. */
  static void require() {
    boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    String message =
        "headless Chromium is needed for the browser tests: "
            + BINARY
            + " and "
            + DRIVER
            + " (apt-get install -y chromium chromium-driver, or set NOTIFY_CHROMIUM and"
            + " NOTIFY_CHROMEDRIVER)";
    if (!present && "true".equals(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.assumeTrue(present, message);
  }

  /** A new headless browser with a profile of its own (its own cookies: its own agent). */
  static ChromeDriver start(Path profiles) throws IOException {
    Path profile = Files.createTempDirectory(profiles, "profile");
    ChromeOptions o = new ChromeOptions();
    o.setBinary(BINARY.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--autoplay-policy=no-user-gesture-required",
        "--window-size=1280,860",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    return new ChromeDriver(service, o);
  }

  /** Lets pages of {@code origin} show browser notifications, as a user who clicked Allow. */
  static void allowNotifications(ChromeDriver d, String origin) {
    d.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of("origin", origin, "permissions", List.of("notifications")));
  }

  /**
   * The accessibility violations of impact serious or critical on the page {@code d} shows, as
   * axe-core 4.14.1 (npm {@code axe-core}, its minified build kept under {@code
   * src/test/resources/axe} with its MPL-2.0 licence) finds them: one line per rule and element.
   * Injected through the driver, which the page's Content Security Policy does not govern.
   */
  static List<String> seriousViolations(ChromeDriver d) throws IOException {
    if (!(Boolean) d.executeScript("return typeof window.axe === 'object'")) {
      try (InputStream in = Chromium.class.getResourceAsStream("/axe/axe.min.js")) {
        if (in == null) {
          throw new IOException("axe/axe.min.js is missing from the test class path");
        }
        d.executeScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    String found =
        (String)
            d.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {resultTypes: ['violations']}).then(r => done("
                    + "JSON.stringify(r.violations"
                    + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                    + ".flatMap(v => v.nodes.map(n => v.impact + ' ' + v.id + ' (' + v.help"
                    + " + ') at ' + n.target.join(' ') + ': ' + n.failureSummary)))),"
                    + " e => done(JSON.stringify(['axe failed: ' + e])));");
    List<String> out = new ArrayList<>();
    new ObjectMapper().readTree(found).forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * The screenshots README shows: with {@code -Dnotify.docs.images=true} on Maven's command line,
   * the tests that take them write them to {@code docs/images} as well — README's pictures are the
   * tests', never copied by hand.
   */
  static final Set<String> README_IMAGES =
      Set.of(
          "settings-page",
          "popup",
          "panel-archive",
          "organisation-locks",
          "locked-row",
          "deliveries");

  /**
   * Saves what the browser shows to {@code target/screenshots/NAME.png} (and, when asked, a picture
   * of README's to {@code docs/images/NAME.png}).
   */
  static Path screenshot(ChromeDriver d, String name) throws IOException {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Path to = dir.resolve(name + ".png");
    Files.copy(
        d.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    if (Boolean.getBoolean("notify.docs.images") && README_IMAGES.contains(name)) {
      Path docs = Path.of("..", "docs", "images");
      if (!Files.isDirectory(docs)) {
        throw new IOException("no " + docs.toAbsolutePath() + ": run from the project's checkout");
      }
      Files.copy(to, docs.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
    return to;
  }
}
