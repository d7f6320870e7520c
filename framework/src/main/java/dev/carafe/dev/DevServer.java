package dev.carafe.dev;

import static org.eclipse.jetty.http.UriCompliance.Violation.BAD_UTF8_ENCODING;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.carafe.Config;
import dev.carafe.internal.MinimumBodyRate;
import dev.carafe.internal.SecureErrorHandler;
import dev.carafe.internal.SecurityHeaderValues;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

/**
 * Carafe's development server: serves an app from its sources, recompiles and reloads it the moment
 * a file is saved without ever letting go of the port, runs application code one request at a time,
 * shows compile errors and exceptions as pages, and refreshes open browser tabs.
 *
 * <pre>{@code
 * DevServer server = DevServer.builder("com.example.App").project(Path.of(".")).start();
 * }</pre>
 *
 * <p>It is longer than most files here because it assembles the server: the single lane, the
 * request body read before it, the error pages and the live-reload endpoint each live in a class of
 * their own, and this one wires them to Jetty in the order a request meets them.
 */
public final class DevServer implements AutoCloseable {
  private final Optional<SourceCompiler> compiler;
  private final AppSlot slot = new AppSlot();
  private final LiveReload live = new LiveReload();
  private final DevServlet servlet;
  private final Reloader reloader;
  private final Server jetty;
  private final ServerConnector connector;
  private final Optional<Watcher> watcher;
  private final Thread loop;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  private DevServer(Builder b) throws Exception {
    quietJetty();
    ProjectLayout layout =
        b.project
            .map(p -> ProjectLayout.of(p, b.configFile))
            .orElseGet(() -> ProjectLayout.classPath(b.configFile));
    ClassLoader base = baseLoader(b.classPath);
    this.compiler =
        layout.fromSources()
            ? Optional.of(
                new SourceCompiler(
                    layout.root(),
                    layout.sources(),
                    compileClassPath(b.classPath),
                    Optional.of(layout.compileSnapshot())))
            : Optional.empty();
    this.reloader =
        new Reloader(
            b.appClass, layout, compiler, base, b.config, slot, live, b.warmUpCompiles, b.quiet);
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("carafe-dev");
    this.jetty = new Server(threads);
    // What Jetty answers itself (a malformed URI, headers too large) gets Carafe's error pages,
    // with the app's security headers as configured when the server started.
    Config config = b.config.get();
    jetty.setErrorHandler(
        new SecureErrorHandler(
            SecurityHeaderValues.from(config.getBool("security_headers"), config::get)));
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Bad UTF-8 in a path decodes to U+FFFD and routes, as in Werkzeug, not a 400.
    http.setUriCompliance(UriCompliance.LEGACY.with("CARAFE", BAD_UTF8_ENCODING));
    this.connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    connector.setHost(b.host);
    connector.setPort(b.port);
    jetty.addConnector(connector);
    Config settings = b.config.get();
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    // This server reads bodies before the app sees them, so the app's body settings (as they are
    // at start) apply here: the form limits for multipart parsing, and the minimum body rate.
    context.setMaxFormKeys(settings.getInt("max_form_parts"));
    context.setMaxFormContentSize(settings.getInt("max_form_memory_size"));
    this.servlet = new DevServlet(slot, live, b.threads);
    ServletHolder holder = new ServletHolder("carafe-dev", servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    jetty.setHandler(new MinimumBodyRate(settings.getLong("min_request_body_rate"), context));
    jetty.setStopTimeout(500);
    this.loop = new Thread(reloader, "carafe-reloader");
    loop.setContextClassLoader(base);
    try {
      // The port first: requests wait for the first compile instead of being refused.
      connector.open();
      this.watcher =
          layout.fromSources()
              ? Optional.of(Watcher.start(layout.trees(), layout.files(), reloader::fileChanged))
              : Optional.empty();
    } catch (Exception e) {
      live.close();
      if (compiler.isPresent()) {
        compiler.get().close();
      }
      connector.close();
      throw e;
    }
    printBanner(b, layout);
    // The first compile runs while Jetty starts: on two cores they share the wait.
    loop.start();
    try {
      jetty.start();
    } catch (Exception e) {
      try {
        close();
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
  }

  /**
   * Starts describing a dev server for the app class {@code appClass}, served from the class path
   * until {@link Builder#project} names its sources.
   */
  public static Builder builder(String appClass) {
    return new Builder(appClass);
  }

  /** The port the server listens on (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /**
   * Waits until the first app generation serves; false when it failed to compile or load, or {@code
   * timeout} passed.
   */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return slot.awaitSettled(timeout).phase() == AppSlot.Phase.SERVING;
  }

  /** Waits until the server has stopped. */
  public void awaitStop() throws InterruptedException {
    try {
      stopped.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Reloads the app now, as a saved file would; completes when the new generation serves. */
  CompletableFuture<Void> reload(boolean compile) {
    return reloader.reload(compile);
  }

  AppSlot slot() {
    return slot;
  }

  /** How many times javac ran. */
  int compilations() {
    return compiler.map(SourceCompiler::compilations).orElse(0);
  }

  /** Requests waiting for the application lane. */
  int waitingForLane() {
    return servlet.waitingForLane();
  }

  /** Stops watching and serving; requests under way get half a second to finish. */
  @Override
  public void close() {
    if (loop.isAlive()) {
      reloader.stop(this::shutdown);
      try {
        stopped.get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("The development server did not stop in time.", e);
      }
    } else {
      shutdown();
    }
  }

  /** Runs on the reload loop, so no reload is half done. */
  private void shutdown() {
    if (stopped.isDone()) {
      return;
    }
    slot.stop();
    // Open live-reload channels would hold a graceful stop for its whole timeout.
    live.close();
    try {
      if (watcher.isPresent()) {
        watcher.get().close();
      }
      try {
        jetty.stop();
      } catch (TimeoutException keptAlive) {
        // A browser tab's idle keep-alive connection outlives the short graceful stop; Jetty
        // has closed it and stopped anyway, which is what a developer's Ctrl+C asks for.
      }
      if (compiler.isPresent()) {
        compiler.get().save();
        compiler.get().close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("Stopping the development server failed.", e);
    } finally {
      stopped.complete(null);
    }
  }

  /** Jetty's start-up lines would bury the banner; warnings still show. */
  private static void quietJetty() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    }
  }

  private static ClassLoader baseLoader(List<Path> classPath) throws MalformedURLException {
    ClassLoader framework = DevServer.class.getClassLoader();
    if (classPath.isEmpty()) {
      return framework;
    }
    List<URL> urls = new ArrayList<>();
    for (Path p : classPath) {
      urls.add(p.toUri().toURL());
    }
    return new URLClassLoader("carafe-libraries", urls.toArray(URL[]::new), framework);
  }

  private static String compileClassPath(List<Path> extra) {
    List<String> entries = new ArrayList<>();
    entries.add(System.getProperty("java.class.path"));
    extra.forEach(p -> entries.add(p.toString()));
    return String.join(File.pathSeparator, entries);
  }

  private void printBanner(Builder b, ProjectLayout layout) {
    PrintStream out = b.console;
    String host = b.host.contains(":") ? "[" + b.host + "]" : b.host;
    out.println(" * Carafe development server: for development only, do not use it in production.");
    out.println(" * App " + b.appClass + ", reloading on save.");
    List<String> watched = new ArrayList<>();
    layout.trees().forEach(t -> watched.add(layout.describe(t) + "/"));
    layout.files().stream().filter(Files::exists).forEach(f -> watched.add(layout.describe(f)));
    out.println(" * Watching " + String.join(", ", watched) + " in " + layout.root());
    out.println(
        b.threads == 1
            ? " * One request at a time runs app code (--threads N to change)."
            : " * Up to " + b.threads + " requests at a time run app code.");
    if (!isLoopback(b.host)) {
      out.println(
          " * WARNING: listening on "
              + b.host
              + ", not loopback. Anyone who can reach this machine can use the development server"
              + " and read its debug pages.");
    }
    out.println(" * Running on http://" + host + ":" + port() + "/ (Ctrl+C to quit)");
    out.flush();
  }

  static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Describes a dev server; {@link #start()} builds and starts it. */
  public static final class Builder {
    private final String appClass;
    private Optional<Path> project = Optional.empty();
    private Supplier<Config> config = Config::defaults;
    private Optional<Path> configFile = Optional.empty();
    private List<Path> classPath = List.of();
    private String host = "127.0.0.1";
    private int port = 5000;
    private int threads = 1;
    private PrintStream console = System.out;
    private int warmUpCompiles = Reloader.WARM_UP_COMPILES;
    private Duration quiet = Reloader.QUIET;

    private Builder(String appClass) {
      this.appClass = Objects.requireNonNull(appClass, "appClass");
    }

    /**
     * The project folder, with {@code src/main/java} and {@code src/main/resources}: the server
     * compiles those sources itself and reloads on every save.
     */
    public Builder project(Path folder) {
      this.project = Optional.of(folder);
      return this;
    }

    /** Where each generation's configuration comes from; asked again on every reload. */
    public Builder config(Supplier<Config> config) {
      this.config = config;
      return this;
    }

    /** A properties file whose changes reload the app. */
    public Builder configFile(Path file) {
      this.configFile = Optional.of(file);
      return this;
    }

    /** Library jars and folders the app needs beyond Carafe's own class path. */
    public Builder classPath(List<Path> entries) {
      this.classPath = List.copyOf(entries);
      return this;
    }

    /** The interface to listen on; anything but loopback prints a warning. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** How many requests may run app code at once; 1 (the default) makes it single-threaded. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be 1 or more, got " + threads + ".");
      }
      this.threads = threads;
      return this;
    }

    /** Where the banner goes. */
    public Builder console(PrintStream console) {
      this.console = console;
      return this;
    }

    /** Idle compiles after start-up that warm the JIT; tests that need no speed turn them off. */
    Builder warmUpCompiles(int compiles) {
      this.warmUpCompiles = compiles;
      return this;
    }

    /** How long file events must have been quiet before a reload; tests stretch it. */
    Builder quietPeriod(Duration quiet) {
      this.quiet = quiet;
      return this;
    }

    /**
     * Starts serving; the first compile runs in the background and requests wait for it.
     *
     * @throws IOException when the port is taken
     */
    public DevServer start() throws Exception {
      String mode = config.get().get("mode", "development").toLowerCase(Locale.ROOT);
      if (mode.startsWith("prod")) {
        throw new IllegalStateException(
            "The development server does not run in production mode (mode="
                + mode
                + "): it shows debug pages. Use ./run-prod.sh, or unset CARAFE_MODE.");
      }
      return new DevServer(this);
    }
  }
}
