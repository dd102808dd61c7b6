package dev.notify.examples;

import java.io.PrintStream;
import java.util.List;

/** {@code demo}: a help-desk day through the real pipeline. */
final class DemoCommand {
  private DemoCommand() {}

  static int main(List<String> args, PrintStream out, PrintStream err) {
    err.println("error: the demo is not written yet");
    return 1;
  }
}
