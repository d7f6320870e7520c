package dev.carafe.dev;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.internal.AppLoader;
import dev.carafe.internal.Json;
import dev.carafe.internal.ServerView;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dev server's one acting loop. File events, reload requests and the stop request arrive in a
 * queue; the loop debounces bursts, compiles, builds the next app generation in a fresh class
 * loader and swaps it in. Nothing else compiles, loads or swaps. A saved source is compiled at
 * once, while the loop waits for the burst of events to settle, so the reload that follows finds
 * its classes ready (or compiles again, quickly, what changed meanwhile).
 *
 * <p>It stays one file, longer than most, because that loop is the dev server's only concurrency:
 * every state change is in it, so a reader checks the ordering of reloads against requests here.
 */
final class Reloader implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DevServer.class);

  /** How long a burst of file events must have been quiet before it is acted on. */
  static final Duration QUIET = Duration.ofMillis(50);

  private static final Duration MAX_DELAY = Duration.ofMillis(1000);

  /** Idle compiles after start-up: javac runs several times faster once the JIT has seen it. */
  static final int WARM_UP_COMPILES = 6;

  /** How long the loop must be idle before it checks a partial compile with a full one. */
  private static final long IDLE_BEFORE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

  /** What the loop is asked to do. */
  private sealed interface Signal permits FileChanged, Reload, Stop {}

  private record FileChanged(Path path) implements Signal {}

  private record Reload(boolean compile, CompletableFuture<Void> done) implements Signal {}

  private record Stop(Runnable shutdown) implements Signal {}

  private final BlockingQueue<Signal> queue = new LinkedBlockingQueue<>();
  private final Debouncer<Path> debouncer;
  private final String appClass;
  private final ProjectLayout layout;
  private final Optional<SourceCompiler> compiler;
  private final ClassLoader base;
  private final Supplier<Config> config;
  private final AppSlot slot;
  private final LiveReload live;
  private final int warmUpCompiles;
  private Map<String, byte[]> classes = Map.of();
  private boolean compiled;
  private boolean partiallyCompiled;
  private long generation;

  /** A source changed since the last compile ahead of a reload began. */
  private boolean compileAhead;

  /** When the first event of the batch being gathered arrived. */
  private long batchStarted;

  /** A compile made while the batch settled: what it compiled, and how long it took. */
  private record Ahead(SourceCompiler.Compiled result, long nanos) {}

  private Optional<Ahead> ahead = Optional.empty();

  Reloader(
      String appClass,
      ProjectLayout layout,
      Optional<SourceCompiler> compiler,
      ClassLoader base,
      Supplier<Config> config,
      AppSlot slot,
      LiveReload live,
      int warmUpCompiles,
      Duration quiet) {
    this.debouncer =
        new Debouncer<>(quiet.toNanos(), Math.max(quiet.toNanos(), MAX_DELAY.toNanos()));
    this.appClass = appClass;
    this.layout = layout;
    this.compiler = compiler;
    this.base = base;
    this.config = config;
    this.slot = slot;
    this.live = live;
    this.warmUpCompiles = warmUpCompiles;
  }

  /** A watched file changed; called on the watcher's thread, so it only enqueues. */
  void fileChanged(Path path) {
    queue.add(new FileChanged(path));
  }

  /** Asks for a reload without a file event; completes once the new generation serves. */
  CompletableFuture<Void> reload(boolean compile) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Reload(compile, done));
    return done;
  }

  /** Asks the loop to run {@code shutdown} and end. */
  void stop(Runnable shutdown) {
    queue.add(new Stop(shutdown));
  }

  @Override
  public void run() {
    try {
      rebuild(true, List.of(), System.nanoTime());
      warmUp();
      while (true) {
        Signal signal;
        if (!debouncer.isEmpty()) {
          signal = queue.poll(debouncer.nanosUntilReady(System.nanoTime()), TimeUnit.NANOSECONDS);
        } else if (partiallyCompiled) {
          signal = queue.poll(IDLE_BEFORE_CHECK_NANOS, TimeUnit.NANOSECONDS);
          if (signal == null) {
            checkWithFullCompile();
            continue;
          }
        } else {
          if (queue.isEmpty() && compiler.isPresent()) {
            compiler.get().save(); // idle: the next start begins from here
          }
          signal = queue.take();
        }
        if (signal instanceof Stop stop) {
          stop.shutdown().run();
          return;
        }
        if (signal instanceof Reload reload) {
          rebuild(reload.compile() || !compiled, List.of(), System.nanoTime());
          reload.done().complete(null);
        } else if (signal instanceof FileChanged changed) {
          Optional<ProjectLayout.Change> kind = layout.classify(changed.path());
          if (kind.isPresent()) {
            if (kind.get() == ProjectLayout.Change.SOURCE
                || kind.get() == ProjectLayout.Change.CONFIG) {
              // Hold new requests from the first event on: they must see the saved code.
              slot.reloading();
            }
            if (debouncer.isEmpty()) {
              batchStarted = System.nanoTime();
            }
            debouncer.add(changed.path(), System.nanoTime());
            compileAhead |= kind.get() == ProjectLayout.Change.SOURCE;
          }
        }
        if (!debouncer.isEmpty() && debouncer.nanosUntilReady(System.nanoTime()) <= 0) {
          process(debouncer.drain());
        } else if (compileAhead && queue.isEmpty()) {
          compileAhead();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("The development server's reload loop failed; restart it.", e);
      slot.stop();
    }
  }

  /** Compiles a few times while nothing else is asked, so the first saves reload fast. */
  private void warmUp() {
    for (int i = 0;
        i < warmUpCompiles && compiler.isPresent() && compiled && queue.isEmpty();
        i++) {
      compiler.get().compileAll(this::somethingAsked);
    }
  }

  /**
   * A save compiles only the files it touched and the files naming their classes; a change can
   * still reach further (an inherited method's signature, say). Once idle, compile everything and
   * reload if that finds errors or different classes.
   */
  private void checkWithFullCompile() {
    Optional<SourceCompiler.Result> result;
    try {
      result = compiler.orElseThrow().compileAll(this::somethingAsked);
    } catch (RuntimeException crash) {
      partiallyCompiled = false;
      return;
    }
    if (result.isEmpty()) {
      return; // a save came in first; check again when idle
    }
    partiallyCompiled = false;
    SourceCompiler.Result full = result.get();
    if (full instanceof SourceCompiler.Failed failed) {
      compiled = false;
      reportCompileErrors(failed);
      return;
    }
    Map<String, byte[]> all = ((SourceCompiler.Compiled) full).classes();
    if (!sameClasses(all, classes)) {
      classes = all;
      rebuild(false, List.of("classes that depend on the last change"), System.nanoTime());
    }
  }

  private boolean somethingAsked() {
    return !queue.isEmpty();
  }

  /**
   * Compiles the sources as they are now, while the batch settles: the compiler keeps what it
   * compiled, so the reload's own compile finds nothing left to do unless another save came. Errors
   * are left for that compile to report; a new event cuts this one short.
   */
  private void compileAhead() {
    compileAhead = false;
    if (compiler.isEmpty()) {
      return;
    }
    long t = System.nanoTime();
    Optional<SourceCompiler.Result> result;
    try {
      result = compiler.get().compile(this::somethingAsked);
    } catch (RuntimeException crash) {
      return; // the reload's compile reports it
    }
    if (result.isEmpty()) {
      compileAhead = true; // cut short: try again once the new event is in
    } else if (result.get() instanceof SourceCompiler.Compiled ok && ok.compiledCount() > 0) {
      ahead = Optional.of(new Ahead(ok, System.nanoTime() - t));
    }
  }

  private static boolean sameClasses(Map<String, byte[]> a, Map<String, byte[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, byte[]> e : a.entrySet()) {
      if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private void process(List<Path> batch) {
    long started = batchStarted;
    Set<ProjectLayout.Change> kinds = EnumSet.noneOf(ProjectLayout.Change.class);
    List<String> names = new ArrayList<>();
    for (Path path : batch) {
      layout.classify(path).ifPresent(kinds::add);
      names.add(layout.describe(path));
    }
    if (kinds.contains(ProjectLayout.Change.BUILD)) {
      LOG.warn(
          "{} changed: restart the development server (Ctrl+C, then run it again) to pick up new dependencies or build settings.",
          names.stream().filter(n -> !n.contains("/")).findFirst().orElse("The build file"));
    }
    boolean sources = kinds.contains(ProjectLayout.Change.SOURCE);
    compileAhead = false;
    if (sources || kinds.contains(ProjectLayout.Change.CONFIG)) {
      rebuild(sources || !compiled, names, started);
    } else if (kinds.contains(ProjectLayout.Change.RESOURCE)) {
      LOG.info("Changed {}: served from disk, no reload needed.", String.join(", ", names));
      if (names.stream().allMatch(n -> n.endsWith(".css"))) {
        live.stylesChanged();
      } else {
        live.changed();
      }
    }
    slot.resume();
  }

  /** Compiles (when asked) and swaps in a new generation, or shows why it cannot. */
  private void rebuild(boolean compile, List<String> changed, long started) {
    long compileNanos = 0;
    int compiledCount = 0;
    int sourceCount = 0;
    if (compile && compiler.isEmpty()) {
      compiled = true; // served from the class path: nothing to compile
    } else if (compile) {
      long t = System.nanoTime();
      SourceCompiler.Result result;
      try {
        result = compiler.get().compile();
      } catch (RuntimeException crash) {
        result =
            new SourceCompiler.Failed(
                List.of(new CompileProblem("(javac)", 0, 0, "javac failed: " + crash, List.of())));
      }
      compileNanos = System.nanoTime() - t;
      Optional<Ahead> before = ahead;
      ahead = Optional.empty();
      if (result instanceof SourceCompiler.Failed failed) {
        compiled = false;
        reportCompileErrors(failed);
        return;
      }
      SourceCompiler.Compiled ok = (SourceCompiler.Compiled) result;
      if (ok.compiledCount() == 0
          && before.isPresent()
          && before.get().result().classes() == ok.classes()) {
        // Compiled ahead, while the save's events settled: that compile did the work.
        ok = before.get().result();
        compileNanos = before.get().nanos();
      }
      classes = ok.classes();
      compiledCount = ok.compiledCount();
      sourceCount = ok.sourceCount();
      compiled = true;
      partiallyCompiled = ok.partial();
    }
    long next = ++generation;
    long factoryStarted = System.nanoTime();
    long factoryNanos;
    AppClassLoader loader =
        new AppClassLoader("carafe-app-" + next, base, classes, layout.resourceRoots());
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    Carafe app = null;
    try {
      Config settings = config.get();
      if (layout.fromSources() && settings.get("resource_root").isEmpty()) {
        settings = settings.with("resource_root", layout.resources().toString());
      }
      app = AppLoader.load(appClass, Carafe.class, settings, loader);
      ServerView.of(app).propagateExceptions();
      Javalin server =
          ServerView.of(app).createServer(javalin -> developmentSettings(javalin, loader));
      app.health().ready();
      factoryNanos = System.nanoTime() - factoryStarted;
      slot.serve(new LoadedApp(next, loader, app, server.javalinServlet()));
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      if (app != null) {
        app.close(); // built, but its server was not: nothing else will close it
      }
      ExceptionReport report = ExceptionReport.of(e, loader::owns, layout.root(), layout.sources());
      fail(new AppSlot.Problem(List.of(), Optional.of(report)));
      LOG.error(
          compiler.isPresent()
              ? "The app failed to load; fix and save to reload.\n{}"
              : "The app failed to load.\n{}",
          report.text());
      return;
    } finally {
      thread.setContextClassLoader(previous);
    }
    forgetOldGenerations();
    long total = System.nanoTime() - started;
    String compiledNote =
        !compile || compiler.isEmpty()
            ? ""
            : compiledCount == 0
                ? "no source changed since the last compile; "
                : "compiled "
                    + (compiledCount == sourceCount ? "" : compiledCount + " of ")
                    + sourceCount
                    + " files in "
                    + millis(compileNanos)
                    + " ms; ";
    // The factory's share tells a developer what their app's own start costs each reload.
    String note = " (" + compiledNote + "app created in " + millis(factoryNanos) + " ms)";
    if (changed.isEmpty() && next == 1) {
      LOG.info("App ready in {} ms{}.", millis(total), note);
    } else {
      LOG.info(
          "Reloaded in {} ms{}{}",
          millis(total),
          note,
          changed.isEmpty() ? "." : ": " + String.join(", ", changed));
    }
    live.changed();
  }

  private void reportCompileErrors(SourceCompiler.Failed failed) {
    fail(new AppSlot.Problem(failed.problems(), Optional.empty()));
    StringBuilder text = new StringBuilder();
    failed.problems().forEach(p -> text.append(p.text()));
    LOG.error(
        "Compile failed ({} error{}); the server keeps running: fix and save to reload.\n{}",
        failed.problems().size(),
        failed.problems().size() == 1 ? "" : "s",
        text);
  }

  private void fail(AppSlot.Problem problem) {
    slot.broken(problem);
    forgetOldGenerations();
    live.changed();
  }

  /** Drops what long-lived libraries cached about the previous generation's classes. */
  private static void forgetOldGenerations() {
    Json.mapper().clearCaches();
    TypeFactory.defaultInstance().clearCache();
  }

  private void developmentSettings(JavalinConfig javalin, AppClassLoader loader) {
    javalin.startup.startupWatcherEnabled = false;
    // Bodies stay readable so HTML pages can get the live-reload script; localhost needs no gzip.
    javalin.http.compressionStrategy = CompressionStrategy.NONE;
    javalin.routes.exception(
        Exception.class,
        (e, ctx) -> DebugPage.render(e, ctx, loader, layout.root(), layout.sources()));
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
