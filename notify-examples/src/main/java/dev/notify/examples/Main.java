package dev.notify.examples;

import dev.notify.NotifyException;
import dev.notify.examples.web.WebCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The command line of the example host application.
 *
 * <pre>
 * java -jar notify-examples.jar demo [--smtp HOST:PORT] [--db h2:PATH | --jdbc URL]
 * java -jar notify-examples.jar crash-test [--jdbc URL | --db h2:PATH] [--smtp HOST:PORT] [--actions N] [--kills K]
 * java -jar notify-examples.jar explain [--json] SCENARIO.json
 * java -jar notify-examples.jar web [--port 8080] [--db h2:PATH | --jdbc URL] [--smtp HOST:PORT]
 * java -jar notify-examples.jar history (--db h2:PATH | --jdbc URL) (--delivery ID | --action ID | --user ID)
 * </pre>
 *
 * Exit status: 0 on success, 2 on invalid input or usage (one line on stderr naming the bad field
 * and quoting the value), 1 on any other failure.
 */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs the command line and returns its exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println(
          "error: usage: (demo [--smtp HOST:PORT] [--db h2:PATH | --jdbc URL] | explain [--json] SCENARIO.json | crash-test [--jdbc URL | --db h2:PATH] [--smtp HOST:PORT] | web [--port 8080] [--db h2:PATH | --jdbc URL] [--smtp HOST:PORT] | history (--db h2:PATH | --jdbc URL) (--delivery ID | --action ID | --user ID))");
      return 2;
    }
    List<String> rest = args.subList(1, args.size());
    try {
      return switch (args.get(0)) {
        case "explain" -> ExplainCommand.main(rest, out, err);
        case "demo" -> DemoCommand.main(rest, out, err);
        case "crash-test" -> CrashTestCommand.main(rest, out, err);
        case "web" -> WebCommand.main(rest, out, err);
        case "history" -> HistoryCommand.main(rest, out, err);
        case "crash-child" -> CrashTestCommand.child(rest);
        case "drain-child" -> CrashTestCommand.drainChild(rest);
        default -> {
          err.println(
              "error: unknown command "
                  + NotifyException.quote(args.get(0))
                  + " (known: demo, explain, crash-test, web, history)");
          yield 2;
        }
      };
    } catch (NotifyException | IllegalArgumentException e) {
      err.println("error: " + oneLine(e.getMessage()));
      return 2;
    } catch (Exception e) {
      err.println("error: " + oneLine(String.valueOf(e)));
      return 1;
    }
  }

  /** The contract is one line on stderr: fold any line breaks a parser put in its message. */
  static String oneLine(@Nullable String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
