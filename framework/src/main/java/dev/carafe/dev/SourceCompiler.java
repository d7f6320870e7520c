package dev.carafe.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the app's sources in-process with {@code javax.tools} into memory. The file manager
 * lives as long as the compiler, so library jars are opened and indexed once, not on every save.
 */
final class SourceCompiler implements AutoCloseable {
  /** The outcome of a compilation. */
  sealed interface Result permits Compiled, Failed {}

  /** Class name to class file bytes. */
  record Compiled(Map<String, byte[]> classes, int sourceCount) implements Result {}

  /** The errors, in the compiler's order. */
  record Failed(List<CompileProblem> problems) implements Result {}

  private final Path root;
  private final Path sources;
  private final List<String> options;
  private final JavaCompiler javac;
  private final StandardJavaFileManager files;

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

  /** Compiles every {@code .java} file under the sources folder. */
  Result compile() {
    List<Path> paths = sourceFiles();
    if (paths.isEmpty()) {
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
    Map<String, ByteArrayOutputStream> output = new HashMap<>();
    Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(paths);
    MemoryOutput memory = new MemoryOutput(files, output);
    boolean ok = javac.getTask(null, memory, diagnostics, options, null, units).call();
    List<CompileProblem> problems = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        problems.add(problem(d));
      }
    }
    if (!ok || !problems.isEmpty()) {
      return new Failed(problems);
    }
    Map<String, byte[]> classes = new HashMap<>();
    output.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return new Compiled(Map.copyOf(classes), paths.size());
  }

  private List<Path> sourceFiles() {
    if (!Files.isDirectory(sources)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(sources)) {
      return walk.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !WatchFilter.ignoresFile(p))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException | UncheckedIOException e) {
      // A file deleted mid-walk: the next save walks again.
      return List.of();
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

  /** Sends class files to memory instead of disk. */
  private static final class MemoryOutput extends ForwardingJavaFileManager<JavaFileManager> {
    private final Map<String, ByteArrayOutputStream> output;

    MemoryOutput(JavaFileManager files, Map<String, ByteArrayOutputStream> output) {
      super(files);
      this.output = output;
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      URI uri = URI.create("memory:///" + className.replace('.', '/') + kind.extension);
      return new SimpleJavaFileObject(uri, kind) {
        @Override
        public OutputStream openOutputStream() {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          output.put(className, bytes);
          return bytes;
        }
      };
    }
  }
}
