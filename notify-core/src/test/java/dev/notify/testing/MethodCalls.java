package dev.notify.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Which compiled classes call which methods, as the JDK's {@code javap} disassembles them: a test
 * pins a method to the classes allowed to call it (the timeline policy's arithmetic, for one).
 */
public final class MethodCalls {
  private static final Pattern CALL =
      Pattern.compile("// (?:Method|InterfaceMethod) ([\\w/$]+)\\.(\"?[\\w<>$]+\"?):");

  private final TreeMap<String, Set<String>> callers = new TreeMap<>();

  private MethodCalls() {}

  /** The calls made by the classes in {@code classes} (a {@code target/classes} folder). */
  public static MethodCalls read(Path classes) {
    ToolProvider javap =
        ToolProvider.findFirst("javap")
            .orElseThrow(() -> new IllegalStateException("javap is missing: run on a JDK"));
    MethodCalls out = new MethodCalls();
    try (Stream<Path> files = Files.walk(classes)) {
      files
          .filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
          .forEach(
              f -> {
                StringWriter text = new StringWriter();
                StringWriter err = new StringWriter();
                int status =
                    javap.run(
                        new PrintWriter(text), new PrintWriter(err), "-c", "-p", f.toString());
                if (status != 0) {
                  throw new IllegalStateException("javap failed on " + f + ": " + err);
                }
                String caller =
                    classes.relativize(f).toString().replace('\\', '/').replace(".class", "");
                Matcher m = CALL.matcher(text.toString());
                while (m.find()) {
                  String method = m.group(1) + "." + m.group(2).replace("\"", "");
                  out.callers.computeIfAbsent(method, k -> new TreeSet<>()).add(caller);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.callers.isEmpty()) {
      throw new IllegalStateException("no calls found in " + classes);
    }
    return out;
  }

  /**
   * The classes that call {@code method}, named {@code dev/notify/timeline/QuietHours.release}
   * (nested classes as {@code Outer$Inner}).
   */
  public Set<String> callersOf(String method) {
    return callers.getOrDefault(method, Set.of());
  }
}
