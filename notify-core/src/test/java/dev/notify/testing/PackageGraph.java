package dev.notify.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The package dependencies of a module's compiled classes, as the JDK's {@code jdeps} reads them,
 * and the cycles among them. Used by every module's structure test: dependencies point down.
 */
public final class PackageGraph {
  private final Map<String, Set<String>> edges;

  private PackageGraph(Map<String, Set<String>> edges) {
    this.edges = edges;
  }

  /**
   * The graph of packages under {@code prefix} in {@code classes} (a {@code target/classes}
   * folder).
   */
  public static PackageGraph read(Path classes, String prefix) {
    if (!Files.isDirectory(classes)) {
      throw new IllegalStateException(classes + " is not a folder of compiled classes");
    }
    ToolProvider jdeps =
        ToolProvider.findFirst("jdeps")
            .orElseThrow(
                () -> new IllegalStateException("jdeps is missing: run the tests on a JDK"));
    // The class files one by one, without module-info: read as a module, the folder would need
    // every module it requires on a module path.
    List<String> args =
        new ArrayList<>(List.of("-verbose:package", "-filter:none", "--ignore-missing-deps"));
    try (Stream<Path> files = Files.walk(classes)) {
      files
          .filter(f -> f.toString().endsWith(".class") && !f.endsWith("module-info.class"))
          .forEach(f -> args.add(f.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), args.toArray(new String[0]));
    if (status != 0) {
      throw new IllegalStateException("jdeps failed with " + status + ": " + err);
    }
    Map<String, Set<String>> edges = new TreeMap<>();
    for (String line : out.toString().split("\\R")) {
      // Package lines are indented; the unindented ones are summaries.
      String[] f = line.trim().split("\\s+");
      if (line.startsWith(" ") && f.length >= 3 && f[1].equals("->") && f[0].startsWith(prefix)) {
        edges.computeIfAbsent(f[0], k -> new TreeSet<>());
        if (f[2].startsWith(prefix) && !f[2].equals(f[0])) {
          edges.get(f[0]).add(f[2]);
        }
      }
    }
    return new PackageGraph(edges);
  }

  /** A graph from explicit edges, for tests of the cycle finder itself. */
  public static PackageGraph of(Map<String, Set<String>> edges) {
    Map<String, Set<String>> copy = new TreeMap<>();
    edges.forEach((k, v) -> copy.put(k, new TreeSet<>(v)));
    return new PackageGraph(copy);
  }

  /** Every package seen, with the packages it depends on. */
  public Map<String, Set<String>> edges() {
    return edges;
  }

  /**
   * The strongly connected groups of more than one package (Tarjan), each sorted: empty when
   * dependencies point one way only.
   */
  public List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    List<Set<String>> out = new ArrayList<>();
    int[] counter = {0};
    for (String v : allNodes()) {
      if (!index.containsKey(v)) {
        connect(v, index, low, stack, onStack, out, counter);
      }
    }
    return out;
  }

  private Set<String> allNodes() {
    Set<String> all = new TreeSet<>(edges.keySet());
    edges.values().forEach(all::addAll);
    return all;
  }

  private void connect(
      String v,
      Map<String, Integer> index,
      Map<String, Integer> low,
      Deque<String> stack,
      Set<String> onStack,
      List<Set<String>> out,
      int[] counter) {
    index.put(v, counter[0]);
    low.put(v, counter[0]++);
    stack.push(v);
    onStack.add(v);
    for (String w : edges.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, onStack, out, counter);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> group = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        group.add(w);
      } while (!w.equals(v));
      if (group.size() > 1) {
        out.add(group);
      }
    }
  }
}
