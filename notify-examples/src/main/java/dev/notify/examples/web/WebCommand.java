package dev.notify.examples.web;

import dev.notify.NotifyException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code web [--port 8080] [--db h2:PATH | --jdbc URL] [--smtp HOST:PORT] [--timeout MINUTES]
 * [--allowed-host HOST:PORT]... [--web-push on|off]}: starts the {@link WebHost} on 127.0.0.1 and
 * serves until the process is stopped (Ctrl-C). {@code --allowed-host} names a {@code Host} header
 * to accept besides the loopback names (a proxy's), once per name; {@code --web-push on} lets
 * agents get desktop pop-ups when no tab is open.
 */
public final class WebCommand {
  private static final String USAGE =
      "web [--port 8080] [--db h2:PATH | --jdbc URL] [--smtp HOST:PORT] [--timeout MINUTES]"
          + " [--allowed-host HOST:PORT]... [--web-push on|off]";

  private WebCommand() {}

  /** Parses the arguments; exit status 2 with one line on {@code err} for bad ones. */
  public static int main(List<String> args, PrintStream out, PrintStream err) throws Exception {
    int port = 8080;
    String jdbc =
        "jdbc:h2:file:" + Path.of("notify-web-data", "notify").toAbsolutePath() + ";WRITE_DELAY=0";
    String smtpHost = null;
    int smtpPort = 0;
    Duration timeout = Duration.ofMinutes(15);
    List<String> allowedHosts = new ArrayList<>();
    boolean webPush = false;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String v = i + 1 < args.size() ? args.get(i + 1) : null;
      if (v == null) {
        err.println("error: usage: " + USAGE + " (" + a + " needs a value)");
        return 2;
      }
      i++;
      switch (a) {
        case "--port" -> {
          if (!v.matches("\\d{1,5}") || Integer.parseInt(v) > 65535) {
            err.println("error: --port: expected 0 to 65535, got " + NotifyException.quote(v));
            return 2;
          }
          port = Integer.parseInt(v);
        }
        case "--db" -> {
          if (!v.startsWith("h2:") || v.length() == 3) {
            err.println("error: --db: expected h2:PATH, got " + NotifyException.quote(v));
            return 2;
          }
          jdbc = "jdbc:h2:file:" + Path.of(v.substring(3)).toAbsolutePath() + ";WRITE_DELAY=0";
        }
        case "--jdbc" -> jdbc = v;
        case "--smtp" -> {
          String[] hp = v.split(":", 2);
          if (hp.length != 2 || !hp[1].matches("\\d{1,5}")) {
            err.println("error: --smtp: expected HOST:PORT, got " + NotifyException.quote(v));
            return 2;
          }
          smtpHost = hp[0];
          smtpPort = Integer.parseInt(hp[1]);
        }
        case "--timeout" -> {
          if (!v.matches("\\d{1,4}") || Integer.parseInt(v) == 0) {
            err.println(
                "error: --timeout: expected minutes, 1 to 9999, got " + NotifyException.quote(v));
            return 2;
          }
          timeout = Duration.ofMinutes(Integer.parseInt(v));
        }
        case "--allowed-host" -> {
          if (!v.matches("[A-Za-z0-9.\\[\\]:-]{1,253}:\\d{1,5}")) {
            err.println(
                "error: --allowed-host: expected HOST:PORT, got " + NotifyException.quote(v));
            return 2;
          }
          allowedHosts.add(v);
        }
        case "--web-push" -> {
          if (!v.equals("on") && !v.equals("off")) {
            err.println("error: --web-push: expected on or off, got " + NotifyException.quote(v));
            return 2;
          }
          webPush = v.equals("on");
        }
        default -> {
          err.println(
              "error: usage: " + USAGE + " (unexpected argument " + NotifyException.quote(a) + ")");
          return 2;
        }
      }
    }
    WebHost host =
        WebHost.start(
            new WebHost.Options(
                port,
                jdbc,
                smtpHost,
                smtpPort,
                timeout,
                Duration.ofSeconds(15),
                allowedHosts,
                Duration.ofHours(1),
                Duration.ofHours(24),
                10_000,
                webPush));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  host.close();
                  stopped.countDown();
                }));
    out.printf(Locale.ROOT, "notify web example: open %s%n", host.uri());
    out.printf(Locale.ROOT, "Stores: %s%n", jdbc);
    out.println(
        host.mailServer() == null
            ? "Email: to the SMTP server at " + smtpHost + ":" + smtpPort
            : "Email: to an embedded SMTP server (GreenMail); the Mail page lists what it received");
    out.println(
        "Sign in as two agents in two windows and simulate actions in one: the other is told.");
    out.println("Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }
}
