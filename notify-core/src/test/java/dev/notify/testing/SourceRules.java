package dev.notify.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * House rules of the sources that a formatter does not enforce, checked by each module's structure
 * test: a type is named by its import, not inline by its package.
 */
public final class SourceRules {
  /** A qualified type name in code: {@code java.util.List}, {@code dev.notify.catalog.Medium}. */
  private static final Pattern INLINE_NAME =
      Pattern.compile(
          "(?<![\\w.\"@])(?:java|javax|jakarta|dev\\.notify)(?:\\.[a-z][a-z0-9]*)+\\.[A-Z]");

  private SourceRules() {}

  /**
   * The lines under {@code roots} (source folders) that name a type by its package, as {@code
   * path:line: text}; imports, package lines, comments and string literals aside.
   */
  public static List<String> inlineQualifiedNames(Path... roots) {
    List<String> found = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f :
            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
          if (f.endsWith("module-info.java") || f.endsWith("package-info.java")) {
            continue;
          }
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            String code = codeOf(lines.get(i));
            if (INLINE_NAME.matcher(code).find()) {
              found.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  /** The line without import/package statements, comments and string literals. */
  private static String codeOf(String line) {
    String s = line.strip();
    if (s.startsWith("import ")
        || s.startsWith("package ")
        || s.startsWith("*")
        || s.startsWith("/*")
        || s.startsWith("//")) {
      return "";
    }
    s = s.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    int comment = s.indexOf("//");
    return comment >= 0 ? s.substring(0, comment) : s;
  }
}
