package dev.carafe.dev;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the app's sources in-process with {@code javax.tools} into memory. A save recompiles the
 * files that changed and the files that name their classes, against the classes of the last good
 * compile; {@link #compileAll()} checks that shortcut when the server is idle. The file manager
 * lives as long as the compiler, so library jars are opened and indexed once.
 */
final class SourceCompiler implements AutoCloseable {
  /** The outcome of a compilation. */
  sealed interface Result permits Compiled, Failed {}

  /**
   * Class name to class file bytes of the whole app.
   *
   * @param compiledCount how many source files this compilation compiled
   * @param sourceCount how many the app has
   */
  record Compiled(Map<String, byte[]> classes, int compiledCount, int sourceCount)
      implements Result {
    /** True when only some files were compiled, against the classes of earlier compiles. */
    boolean partial() {
      return compiledCount < sourceCount;
    }
  }

  /** The errors, in the compiler's order. */
  record Failed(List<CompileProblem> problems) implements Result {}

  /** The last compile that succeeded: every source's text, and what came out. */
  private record Good(
      Map<Path, String> sources, Map<String, byte[]> classes, Map<String, Path> origins) {}

  private final Path root;
  private final Path sources;
  private final List<String> options;
  private final JavaCompiler javac;
  private final StandardJavaFileManager files;
  private Good last;

  SourceCompiler(Path root, Path sources, String classPath) {
    this.root = root;
    this.sources = sources;
    this.javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException(
          "The development server compiles your code and needs a JDK, not a JRE. Run it with a JDK 17+ `java`.");
    }
    this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    // -g and -parameters: debuggers see locals and frameworks see parameter names, as with Maven.
    // No annotation processing: discovering processors on every save costs more than it gives.
    this.options =
        List.of(
            "-classpath",
            classPath,
            "-encoding",
            "UTF-8",
            "-g",
            "-parameters",
            "-proc:none",
            "-implicit:none",
            "-Xlint:none",
            "-nowarn",
            "-XDuseUnsharedTable=true");
  }

  /** Compiles what changed since the last good compile, or everything when that is simpler. */
  Result compile() {
    Map<Path, String> current = read();
    if (last == null || current.isEmpty() || !current.keySet().containsAll(last.sources.keySet())) {
      // First compile, or files were deleted: whatever used them must fail to compile now.
      return compile(current, current.keySet(), Map.of(), Map.of());
    }
    Set<Path> changed = new LinkedHashSet<>();
    current.forEach(
        (path, text) -> {
          if (!text.equals(last.sources.get(path))) {
            changed.add(path);
          }
        });
    if (changed.isEmpty()) {
      return new Compiled(last.classes, 0, current.size());
    }
    Set<Path> batch = withDependents(changed, current);
    if (batch.size() * 2 > current.size()) {
      return compile(current, current.keySet(), Map.of(), Map.of());
    }
    Map<String, byte[]> kept = new HashMap<>(last.classes);
    Map<String, Path> keptOrigins = new HashMap<>(last.origins);
    last.origins.forEach(
        (name, origin) -> {
          if (batch.contains(origin)) {
            kept.remove(name);
            keptOrigins.remove(name);
          }
        });
    return compile(current, batch, kept, keptOrigins);
  }

  /**
   * Compiles every source file, ignoring earlier results; gives up, returning empty, as soon as
   * {@code cancelled} says so, so idle work never holds up a save.
   */
  Optional<Result> compileAll(BooleanSupplier cancelled) {
    Map<Path, String> current = read();
    try {
      return Optional.of(compile(current, current.keySet(), Map.of(), Map.of(), cancelled));
    } catch (RuntimeException e) {
      if (e instanceof Cancelled || e.getCause() instanceof Cancelled) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The changed files and every file that names one of their classes: a changed signature or
   * constant must reach the code that uses it.
   */
  private Set<Path> withDependents(Set<Path> changed, Map<Path, String> current) {
    Set<String> names = new LinkedHashSet<>();
    for (Path path : changed) {
      String file = path.getFileName().toString();
      names.add(file.substring(0, file.length() - ".java".length()));
    }
    last.origins.forEach(
        (className, origin) -> {
          if (changed.contains(origin)) {
            String simple = className.substring(className.lastIndexOf('.') + 1);
            names.add(simple.split("\\$", 2)[0]);
          }
        });
    Pattern uses =
        Pattern.compile(
            "\\b(" + names.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b");
    Set<Path> batch = new LinkedHashSet<>(changed);
    current.forEach(
        (path, text) -> {
          if (!batch.contains(path) && uses.matcher(text).find()) {
            batch.add(path);
          }
        });
    return batch;
  }

  private Result compile(
      Map<Path, String> current,
      Set<Path> batch,
      Map<String, byte[]> kept,
      Map<String, Path> keptOrigins) {
    return compile(current, batch, kept, keptOrigins, () -> false);
  }

  private Result compile(
      Map<Path, String> current,
      Set<Path> batch,
      Map<String, byte[]> kept,
      Map<String, Path> keptOrigins,
      BooleanSupplier cancelled) {
    if (current.isEmpty()) {
      return new Failed(
          List.of(
              new CompileProblem(
                  root.relativize(sources).toString(),
                  0,
                  0,
                  "No .java files found. The development server compiles the sources under "
                      + sources
                      + "; pass --project with the folder that holds src/main/java.",
                  List.of())));
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    MemoryFileManager memory = new MemoryFileManager(files, kept);
    Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(batch);
    JavacTask task = (JavacTask) javac.getTask(null, memory, diagnostics, options, null, units);
    task.addTaskListener(
        new TaskListener() {
          @Override
          public void started(TaskEvent event) {
            if (cancelled.getAsBoolean()) {
              throw new Cancelled();
            }
          }
        });
    boolean ok = task.call();
    List<CompileProblem> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        problems.add(problem(d));
      }
    }
    if (!ok || !problems.isEmpty()) {
      return new Failed(problems);
    }
    Map<String, byte[]> classes = new HashMap<>(kept);
    classes.putAll(memory.output());
    Map<String, Path> origins = new HashMap<>(keptOrigins);
    origins.putAll(memory.origins());
    last = new Good(current, Map.copyOf(classes), origins);
    return new Compiled(last.classes, batch.size(), current.size());
  }

  /** Every {@code .java} file under the sources folder with its text, in a stable order. */
  private Map<Path, String> read() {
    Map<Path, String> texts = new LinkedHashMap<>();
    if (!Files.isDirectory(sources)) {
      return texts;
    }
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path p :
          walk.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !WatchFilter.ignoresFile(p))
              .filter(Files::isRegularFile)
              .sorted()
              .toList()) {
        texts.put(p, Files.readString(p, StandardCharsets.UTF_8));
      }
    } catch (IOException | UncheckedIOException e) {
      // A file deleted mid-walk: the save that deleted it triggers another compile.
    }
    return texts;
  }

  private CompileProblem problem(Diagnostic<? extends JavaFileObject> d) {
    String file = "(unknown file)";
    List<SourceLine> excerpt = List.of();
    JavaFileObject source = d.getSource();
    if (source != null) {
      Path path = Path.of(source.toUri());
      file = root.relativize(path).toString();
      try {
        excerpt = SourceLine.around(source.getCharContent(true), d.getLineNumber());
      } catch (IOException unreadable) {
        excerpt = List.of();
      }
    }
    return new CompileProblem(
        file,
        Math.max(0, d.getLineNumber()),
        Math.max(0, d.getColumnNumber()),
        d.getMessage(Locale.ROOT),
        excerpt);
  }

  @Override
  public void close() throws IOException {
    files.close();
  }

  /** Thrown from inside javac to abandon a compilation nobody waits for. */
  private static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }
}
