package dev.carafe.dev;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Runs the JDK's compiler in-process on some of the app's source files, with classes compiled
 * earlier on the class path, and keeps what it writes in memory. The file manager lives as long as
 * this, so library jars are opened, indexed and listed once ({@link LibraryListings}), and so does
 * javac's context where the JVM allows it ({@link ReusedJavacContext}): the JDK's and the
 * libraries' classes are then read once, not on every save.
 */
final class InMemoryJavac implements AutoCloseable {
  /**
   * What one run made: its errors, or the classes, the file each came from, and each file's
   * fingerprint ({@link ApiFingerprints}).
   */
  record Output(
      List<CompileProblem> problems,
      Map<String, byte[]> classes,
      Map<String, Path> origins,
      Map<Path, String> apis) {
    boolean failed() {
      return !problems.isEmpty();
    }
  }

  private final Path root;
  private final List<String> options;
  private final JavaCompiler javac;
  private final StandardJavaFileManager files;
  private final MemoryFileManager memory;
  private Optional<ReusedJavacContext> reused;
  private volatile int runs; // written by one thread, the reload loop

  InMemoryJavac(Path root, String classPath) {
    this(root, classPath, ReusedJavacContext.create());
  }

  /** With {@code reused} empty, every compilation gets a fresh compiler. */
  InMemoryJavac(Path root, String classPath, Optional<ReusedJavacContext> reused) {
    this.root = root;
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
    this.memory = new MemoryFileManager(new LibraryListings(files, classPath));
    this.reused = reused;
  }

  /** The compiler's options, the class path among them. */
  List<String> options() {
    return options;
  }

  /** How many runs went to their end, successful or not. */
  int runs() {
    return runs;
  }

  /**
   * Compiles {@code batch} with the {@code kept} classes on the class path.
   *
   * @throws Cancelled as soon as {@code cancelled} says so
   */
  Output compile(Set<Path> batch, Map<String, byte[]> kept, BooleanSupplier cancelled) {
    if (reused.isPresent()) {
      Optional<Output> output = attempt(batch, kept, cancelled, reused);
      if (output.isPresent()) {
        return output.get();
      }
      reused = Optional.empty(); // javac's internals are not what the reused context expects
    }
    return attempt(batch, kept, cancelled, Optional.empty()).orElseThrow();
  }

  /** One compilation, in {@code context} or in a fresh compiler; empty when the context failed. */
  private Optional<Output> attempt(
      Set<Path> batch,
      Map<String, byte[]> kept,
      BooleanSupplier cancelled,
      Optional<ReusedJavacContext> context) {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    memory.prepare(kept);
    Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(batch);
    ApiFingerprints apis = new ApiFingerprints();
    Optional<Boolean> compiled =
        context.isPresent()
            ? context
                .get()
                .compile(memory, diagnostics, options, units, task -> call(task, apis, cancelled))
            : Optional.of(
                call(
                    (JavacTask) javac.getTask(null, memory, diagnostics, options, null, units),
                    apis,
                    cancelled));
    if (compiled.isEmpty()) {
      return Optional.empty();
    }
    boolean ok = compiled.get();
    runs++;
    List<CompileProblem> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        problems.add(problem(d));
      }
    }
    if (!ok && problems.isEmpty()) {
      problems.add(
          new CompileProblem("(javac)", 0, 0, "javac failed without a message", List.of()));
    }
    return Optional.of(new Output(problems, memory.output(), memory.origins(), apis.byFile()));
  }

  private static boolean call(JavacTask task, ApiFingerprints apis, BooleanSupplier cancelled) {
    task.addTaskListener(apis);
    task.addTaskListener(
        new TaskListener() {
          @Override
          public void started(TaskEvent event) {
            if (cancelled.getAsBoolean()) {
              throw new Cancelled();
            }
          }
        });
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e.getCause() instanceof Cancelled cancel ? cancel : e;
    }
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
  static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("cancelled", null, false, false);
    }
  }
}
