package dev.carafe.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compiles the app's sources into memory ({@link InMemoryJavac}), a save only what it needs: the
 * files that changed, and, when what they show other files changed, the files that name their
 * classes; {@link #compileAll} checks that shortcut when the server is idle. The last good compile
 * can be kept on disk ({@link CompileSnapshot}): a restart then compiles only what changed
 * meanwhile.
 */
final class SourceCompiler implements AutoCloseable {
  /** The outcome of a compilation. */
  sealed interface Result permits Compiled, Failed {}

  /**
   * Class name to class file bytes of the whole app.
   *
   * @param compiledCount how many source files this compilation compiled
   * @param sourceCount how many the app has
   * @param partial true when some classes come from earlier partial compiles, not one full compile
   */
  record Compiled(Map<String, byte[]> classes, int compiledCount, int sourceCount, boolean partial)
      implements Result {}

  /** The errors, in the compiler's order. */
  record Failed(List<CompileProblem> problems) implements Result {}

  /**
   * The last compile that succeeded: every source's text, what came out and from which file, and
   * whether one full compile made all of it.
   */
  record Good(
      Map<Path, String> sources,
      Map<String, byte[]> classes,
      Map<String, Path> origins,
      Map<Path, String> apis,
      boolean full) {
    /** The classes and origins of every file but {@code files}, to compile those against. */
    Good without(Set<Path> files) {
      Map<String, byte[]> keptClasses = new HashMap<>(classes);
      Map<String, Path> keptOrigins = new HashMap<>(origins);
      Map<Path, String> keptApis = new HashMap<>(apis);
      origins.forEach(
          (name, origin) -> {
            if (files.contains(origin)) {
              keptClasses.remove(name);
              keptOrigins.remove(name);
            }
          });
      keptApis.keySet().removeAll(files);
      return new Good(sources, keptClasses, keptOrigins, keptApis, full);
    }
  }

  private static final Good NOTHING = new Good(Map.of(), Map.of(), Map.of(), Map.of(), true);

  private final Path root;
  private final Path sources;
  private final InMemoryJavac javac;
  private final Optional<CompileSnapshot> snapshot;
  private Good last;
  private Good saved;

  /** A compiler that starts from nothing each run. */
  SourceCompiler(Path root, Path sources, String classPath) {
    this(root, sources, classPath, Optional.empty());
  }

  /**
   * A compiler that starts from the last good compile of an earlier run kept in {@code snapshot},
   * when it was compiled against the same libraries, and keeps its own there ({@link #save}).
   */
  SourceCompiler(Path root, Path sources, String classPath, Optional<Path> snapshot) {
    this.root = root;
    this.sources = sources;
    this.javac = new InMemoryJavac(root, classPath);
    this.snapshot = snapshot.map(file -> new CompileSnapshot(file, root, javac.options()));
    this.last = this.snapshot.flatMap(CompileSnapshot::read).orElse(null);
    this.saved = last;
  }

  /** Compiles what changed since the last good compile, or everything when that is simpler. */
  Result compile() {
    return compile(() -> false).orElseThrow();
  }

  /**
   * Compiles what changed since the last good compile, as {@link #compile()}; gives up, returning
   * empty, as soon as {@code cancelled} says so.
   */
  Optional<Result> compile(BooleanSupplier cancelled) {
    try {
      return Optional.of(compileChanges(cancelled));
    } catch (InMemoryJavac.Cancelled e) {
      return Optional.empty();
    }
  }

  /**
   * A save compiles the files that changed, against the classes of the last good compile. When what
   * other files see of them (their {@link ApiFingerprints}) did not change, that is all, and the
   * result is as good as a full compile. Otherwise the files that name their classes compile next,
   * against the new classes; a change can still reach further (an inherited method's signature), so
   * that result counts as partial until the idle full compile confirms it.
   */
  private Result compileChanges(BooleanSupplier cancelled) {
    Map<Path, String> current = read();
    if (last == null || current.isEmpty() || !current.keySet().containsAll(last.sources.keySet())) {
      // First compile, or files were deleted: whatever used them must fail to compile now.
      return compileEverything(current, cancelled);
    }
    Set<Path> changed = new LinkedHashSet<>();
    current.forEach(
        (path, text) -> {
          if (!text.equals(last.sources.get(path))) {
            changed.add(path);
          }
        });
    if (changed.isEmpty()) {
      return new Compiled(last.classes, 0, current.size(), !last.full);
    }
    if (changed.size() * 2 > current.size()) {
      return compileEverything(current, cancelled);
    }
    Good previous = last;
    Good others = previous.without(changed);
    InMemoryJavac.Output first = javac.compile(changed, others.classes, cancelled);
    Set<Path> dependents = dependents(changed, current, previous, first.classes().keySet());
    if (first.failed()) {
      // Report the errors of the files that use them too, as a full compile would.
      Set<Path> batch = union(changed, dependents);
      InMemoryJavac.Output all =
          batch.size() == changed.size()
              ? first
              : javac.compile(batch, previous.without(batch).classes, cancelled);
      return all.failed()
          ? new Failed(all.problems())
          : keep(current, batch.size(), previous.without(batch), all, false);
    }
    boolean sameApi =
        changed.stream()
            .allMatch(
                f ->
                    previous.apis.containsKey(f)
                        && previous.apis.get(f).equals(first.apis().get(f)));
    if (sameApi) {
      return keep(current, changed.size(), others, first, previous.full);
    }
    if (dependents.isEmpty()) {
      return keep(current, changed.size(), others, first, false);
    }
    if ((changed.size() + dependents.size()) * 2 > current.size()) {
      return compileEverything(current, cancelled);
    }
    Good withFirst = merge(others, first).without(dependents);
    InMemoryJavac.Output second = javac.compile(dependents, withFirst.classes, cancelled);
    if (second.failed()) {
      return new Failed(second.problems());
    }
    return keep(current, changed.size() + dependents.size(), withFirst, second, false);
  }

  private Result compileEverything(Map<Path, String> current, BooleanSupplier cancelled) {
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
    InMemoryJavac.Output all = javac.compile(current.keySet(), Map.of(), cancelled);
    return all.failed()
        ? new Failed(all.problems())
        : keep(current, current.size(), NOTHING, all, true);
  }

  /** Makes {@code base} plus what {@code output} compiled the last good compile. */
  private Compiled keep(
      Map<Path, String> current,
      int compiledCount,
      Good base,
      InMemoryJavac.Output output,
      boolean full) {
    Good merged = merge(base, output);
    last = new Good(current, merged.classes, merged.origins, merged.apis, full);
    return new Compiled(last.classes, compiledCount, current.size(), !full);
  }

  private static Good merge(Good base, InMemoryJavac.Output output) {
    Map<String, byte[]> classes = new HashMap<>(base.classes);
    classes.putAll(output.classes());
    Map<String, Path> origins = new HashMap<>(base.origins);
    origins.putAll(output.origins());
    Map<Path, String> apis = new HashMap<>(base.apis);
    apis.putAll(output.apis());
    return new Good(
        base.sources, Map.copyOf(classes), Map.copyOf(origins), Map.copyOf(apis), base.full);
  }

  private static Set<Path> union(Set<Path> a, Set<Path> b) {
    Set<Path> all = new LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  /** How many compilations ran to their end, successful or not. */
  int compilations() {
    return javac.runs();
  }

  /** Keeps the last good compile in the snapshot, if it changed since it was last kept. */
  void save() {
    if (snapshot.isPresent() && last != null && last != saved) {
      snapshot.get().write(last);
      saved = last;
    }
  }

  /**
   * Compiles every source file, ignoring earlier results; gives up, returning empty, as soon as
   * {@code cancelled} says so, so idle work never holds up a save.
   */
  Optional<Result> compileAll(BooleanSupplier cancelled) {
    Map<Path, String> current = read();
    try {
      return Optional.of(compileEverything(current, cancelled));
    } catch (InMemoryJavac.Cancelled e) {
      return Optional.empty();
    }
  }

  /**
   * The other files that name a class of the changed files, as it was or as it is now: a changed
   * signature or constant must reach the code that uses it.
   */
  private static Set<Path> dependents(
      Set<Path> changed, Map<Path, String> current, Good previous, Set<String> compiled) {
    Set<String> names = new LinkedHashSet<>();
    for (Path path : changed) {
      String file = path.getFileName().toString();
      names.add(file.substring(0, file.length() - ".java".length()));
    }
    previous.origins.forEach(
        (className, origin) -> {
          if (changed.contains(origin)) {
            names.add(simpleName(className));
          }
        });
    compiled.forEach(className -> names.add(simpleName(className)));
    Pattern uses =
        Pattern.compile(
            "\\b(" + names.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")\\b");
    Set<Path> dependents = new LinkedHashSet<>();
    current.forEach(
        (path, text) -> {
          if (!changed.contains(path) && uses.matcher(text).find()) {
            dependents.add(path);
          }
        });
    return dependents;
  }

  /** {@code app.Api$NewPost} is named {@code Api} in source. */
  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1).split("\\$", 2)[0];
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

  @Override
  public void close() throws IOException {
    javac.close();
  }
}
