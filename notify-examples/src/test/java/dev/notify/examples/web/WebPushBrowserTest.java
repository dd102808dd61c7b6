package dev.notify.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.notify.catalog.Presence;
import dev.notify.webpush.PushReceiver;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.devtools.v156.serviceworker.ServiceWorker;
import org.openqa.selenium.devtools.v156.serviceworker.model.ServiceWorkerRegistration;
import org.openqa.selenium.devtools.v156.serviceworker.model.ServiceWorkerVersion;
import org.openqa.selenium.devtools.v156.serviceworker.model.ServiceWorkerVersionStatus;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Web push end to end in headless Chromium: the page registers its service worker and keeps a
 * subscription (to a push service on loopback written here, since a headless browser reaches no
 * real one); the agent's tab goes away (logged out); a mention is published; the transport's
 * encrypted push reaches the local service, which decrypts it with the subscription's key; handed
 * to the service worker through DevTools ({@code ServiceWorker.deliverPushMessage}), it shows a
 * desktop notification ({@code getNotifications()}).
 */
class WebPushBrowserTest {
  @TempDir static Path profiles;

  @BeforeAll
  static void chromium() {
    Chromium.require();
  }

  @Test
  void aMentionReachesTheClosedTabsBrowser_asADesktopNotification() throws Exception {
    List<byte[]> pushes = new CopyOnWriteArrayList<>();
    HttpServer pushService =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pushService.setExecutor(Executors.newFixedThreadPool(2));
    pushService.createContext(
        "/push/",
        ex -> {
          try (InputStream in = ex.getRequestBody()) {
            pushes.add(in.readAllBytes());
          }
          ex.sendResponseHeaders(201, -1);
          ex.close();
        });
    pushService.start();
    WebHost.Options o = WebHostHttpTest.options();
    WebHost.Options withPush =
        new WebHost.Options(
            o.port(),
            "jdbc:h2:mem:webpush-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
            o.smtpHost(),
            o.smtpPort(),
            o.sessionTimeout(),
            o.keepAlive(),
            o.allowedHosts(),
            o.sessionIdle(),
            o.sessionLifetime(),
            o.maxSessions(),
            true);
    try (WebHost host = WebHost.start(withPush)) {
      String origin = host.uri().toString().replaceAll("/$", "");
      ChromeDriver erin = Chromium.start(profiles);
      try {
        WebBrowserTest.signIn(erin, host.uri(), "erin");
        WebBrowserTest.until(erin)
            .until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-web-push", "ready"));
        Chromium.allowNotifications(erin, origin);

        // Her browser's subscription, to the local push service, with keys the test holds.
        PushReceiver browser = PushReceiver.generate();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String endpoint =
            "http://127.0.0.1:" + pushService.getAddress().getPort() + "/push/erin-laptop";
        Object saved =
            erin.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "savePushSubscription({endpoint: arguments[0],"
                    + " keys: {p256dh: arguments[1], auth: arguments[2]}}).then(done, e => done('' + e));",
                endpoint,
                b64.encodeToString(browser.p256dh()),
                b64.encodeToString(browser.auth()));
        assertThat(saved).isEqualTo(true);

        // Her app's tab closes (another of the origin stays, for what the test reads): she is
        // logged out.
        String app = erin.getWindowHandle();
        erin.switchTo().newWindow(WindowType.TAB);
        erin.get(host.uri().toString());
        String other = erin.getWindowHandle();
        erin.switchTo().window(app).close();
        erin.switchTo().window(other);
        Chromium.allowNotifications(erin, origin); // the grant went with the closed tab's session
        // The service worker's registration, for DevTools.
        DevTools devTools = erin.getDevTools();
        devTools.createSession(other);
        List<ServiceWorkerRegistration> registrations = new CopyOnWriteArrayList<>();
        Consumer<List<ServiceWorkerRegistration>> keep = registrations::addAll;
        devTools.addListener(ServiceWorker.workerRegistrationUpdated(), keep);
        List<ServiceWorkerVersion> versions = new CopyOnWriteArrayList<>();
        Consumer<List<ServiceWorkerVersion>> keepVersions = versions::addAll;
        devTools.addListener(ServiceWorker.workerVersionUpdated(), keepVersions);
        List<String> workerErrors = new CopyOnWriteArrayList<>();
        devTools.addListener(
            ServiceWorker.workerErrorReported(), e -> workerErrors.add(e.getErrorMessage()));
        devTools.send(ServiceWorker.enable());

        WebHostHttpTest.awaitPresence(host, "erin", Presence.LOGGED_OUT);
        new ApiClient(host.uri()).signIn("bob").mention("bob", "wp-1", "erin");
        await("the push reaches the push service", () -> !pushes.isEmpty());
        String payload = browser.decrypt(pushes.get(0));
        assertThat(payload)
            .contains("\"title\":\"I'm mentioned in a note\"")
            .contains("\"url\":\"/app#conversation=wp-1\"")
            .containsPattern("\"id\":\"[^\"]+/erin/web_push\"");

        await(
            "the service worker's registration",
            () -> registrations.stream().anyMatch(r -> r.getScopeURL().equals(origin + "/")));
        ServiceWorkerRegistration reg =
            registrations.stream()
                .filter(r -> r.getScopeURL().equals(origin + "/"))
                .findFirst()
                .orElseThrow();
        // A push handed to a worker that is not activated yet is dropped, and a grant may land
        // after the first delivery on a loaded machine: wait for the activated version, then
        // deliver again every ten seconds until the notification shows (its tag makes a repeat
        // replace, not add, one). RegistrationID has no equals of its own: compare its text.
        await(
            "the service worker's activated version",
            () ->
                versions.stream()
                    .anyMatch(
                        v ->
                            v.getRegistrationId()
                                    .toString()
                                    .equals(reg.getRegistrationId().toString())
                                && v.getStatus() == ServiceWorkerVersionStatus.ACTIVATED));
        String[] shown = {""};
        long[] nextDelivery = {System.nanoTime()};
        await(
            "the desktop notification",
            () -> {
              if (System.nanoTime() - nextDelivery[0] >= 0) {
                Chromium.allowNotifications(erin, origin);
                devTools.send(
                    ServiceWorker.deliverPushMessage(origin, reg.getRegistrationId(), payload));
                nextDelivery[0] = System.nanoTime() + Duration.ofSeconds(10).toNanos();
              }
              shown[0] =
                  String.valueOf(
                      erin.executeAsyncScript(
                          "const done = arguments[arguments.length - 1];"
                              + "navigator.serviceWorker.getRegistration('/')"
                              + ".then(r => r.getNotifications())"
                              + ".then(ns => done(ns.map(n => n.title + '|' + n.body + '|'"
                              + " + n.tag).join('\\n')), e => done('' + e));"));
              return shown[0].contains(
                  "I'm mentioned in a note|bob added a note to conversation wp-1"
                      + "|conversation:wp-1");
            },
            () -> "the page sees [" + shown[0] + "], the worker reported " + workerErrors);
        devTools.close();
      } finally {
        erin.quit();
        pushService.stop(0);
      }
    }
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    await(what, done, () -> "");
  }

  private static void await(String what, BooleanSupplier done, Supplier<String> seen)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline)
          .as("not within a minute: %s %s", what, seen.get())
          .isNegative();
      Thread.sleep(50);
    }
  }
}
