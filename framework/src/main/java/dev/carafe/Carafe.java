package dev.carafe;

import dev.carafe.internal.AppLoader;
import dev.carafe.internal.Router;
import dev.carafe.internal.ServerView;
import dev.carafe.internal.TrustedProxies;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * A Carafe application: routes with Flask rules, hooks, error handlers, blueprints and
 * configuration, sessions and templates, served by Javalin on Jetty.
 *
 * <pre>{@code
 * Carafe app = Carafe.create();
 * app.get("/hello/<name>", req -> "Hello, " + req.param("name") + "!");
 * app.start();
 * }</pre>
 *
 * <p>It is longer than most files here because it is the object users read first, as Flask's {@code
 * Flask} class is: most of it is the documentation of each method, while the work lives in classes
 * of their own ({@link Scaffold} the registrations shared with blueprints, {@code UrlMap} the rules
 * and {@code url_for}, {@code Dispatcher} a request's way through the hooks, {@code AppServer} the
 * server).
 */
public final class Carafe extends Scaffold<Carafe> implements AutoCloseable {
  /** Setup accepts registrations; serving does not; a closed app has let its resources go. */
  private enum Lifecycle {
    SETUP,
    SERVING,
    CLOSED
  }

  private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

  /** Carafe's own sessions and templates, and whatever else the class path provides. */
  private static final List<Extension> EXTENSIONS = loadExtensions();

  static {
    ServerView.register(
        app -> {
          if (app instanceof Carafe carafe) {
            return carafe.serverView;
          }
          throw new IllegalArgumentException(
              "Not a Carafe app: " + (app == null ? "null" : app.getClass().getName()));
        });
  }

  private final AtomicReference<Lifecycle> lifecycle = new AtomicReference<>(Lifecycle.SETUP);
  private final Config config;
  private final UrlMap urls = new UrlMap();
  private final Map<String, Blueprint> blueprints = new LinkedHashMap<>();
  private final Map<String, AppCommand> commands = new LinkedHashMap<>();
  private final Map<String, String> commandHelp = new LinkedHashMap<>();
  private final List<Consumer<JavalinConfig>> javalinCustomizers = new ArrayList<>();
  private final Health health = new Health();
  private final CompositeMeterRegistry metrics = new CompositeMeterRegistry();
  private final List<String> warmUpPaths = new ArrayList<>();
  private final Map<Class<?>, Object> extensions = new ConcurrentHashMap<>();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final Map<String, TemplateFilter> templateFilters = new LinkedHashMap<>();
  private final Map<String, Object> templateGlobals = new LinkedHashMap<>();
  private final TrustedProxies trustedProxies;
  private final Dispatcher dispatcher;
  private final AppServer serverView;
  private final BodyLimits bodyLimits;
  private volatile SessionInterface sessionInterface = new NoSessions();
  private volatile TemplateRenderer templateRenderer = new NoTemplates();
  private volatile boolean propagateExceptions;
  private Javalin running;

  private Carafe(Config config) {
    this.config = config;
    this.trustedProxies = TrustedProxies.from(config::get);
    this.dispatcher = new Dispatcher(this);
    this.serverView = new AppServer(this, dispatcher);
    if (config.getBool("health_endpoints")) {
      get("/healthz", "healthz", req -> Map.of("status", "ok"));
      get("/readyz", "readyz", dispatcher::readiness);
    }
    String staticPath = config.require("static_url_path");
    if (!staticPath.isEmpty()) {
      get(
          staticPath + "/<path:filename>",
          "static",
          new StaticView(this, config.require("static_folder")));
    }
    this.bodyLimits = BodyLimits.install(this);
    SecurityHeaders.install(this);
    // Like Flask's app and its session interface: CSRF protection, and the session saved last.
    Csrf.install(this);
    afterRequest(Request::saveSession);
    // Should the factory fail after this, the loader closes what the app opened; and a worker adds
    // its metrics registry here, before an extension or the factory registers a meter.
    AppLoader.made(this);
    EXTENSIONS.forEach(extension -> extension.init(this));
  }

  private static List<Extension> loadExtensions() {
    List<Extension> found = new ArrayList<>();
    ServiceLoader.load(Extension.class, Carafe.class.getClassLoader()).forEach(found::add);
    return List.copyOf(found);
  }

  /** An app configured from defaults, {@code carafe.properties} and {@code CARAFE_*} variables. */
  public static Carafe create() {
    return create(Config.load(Optional.empty(), System.getenv(), Map.of()));
  }

  /** An app with this configuration. */
  public static Carafe create(Config config) {
    return new Carafe(config);
  }

  public Config config() {
    return config;
  }

  /** Liveness and readiness, served at {@code /healthz} and {@code /readyz}. */
  public Health health() {
    return health;
  }

  /**
   * The app's meters (Micrometer), and Carafe's own: a production worker adds its Prometheus
   * registry here and serves them through the master (see docs/guides/deployment.md, "Metrics").
   * Outside a worker nothing is kept unless a registry is added. A connection pool registers its
   * gauges here, e.g. HikariCP's {@code config.setMetricRegistry(app.metrics())}.
   */
  public CompositeMeterRegistry metrics() {
    return metrics;
  }

  /**
   * Pages a new production worker requests from itself, over a private port, before it takes
   * traffic, so that clients meet code the JIT has already compiled: name the pages clients ask for
   * most. The {@code warmup_paths} setting overrides them; with neither, the warm-up requests
   * {@code /healthz}, which warms the server but little of the app. Warm-up requests carry no
   * cookies, and GETs should change nothing anyway.
   */
  public void warmUp(String... paths) {
    for (String path : paths) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("A warm-up path starts with '/', got '" + path + "'.");
      }
      warmUpPaths.add(path);
    }
  }

  List<String> warmUpPaths() {
    return List.copyOf(warmUpPaths);
  }

  /** True in production mode ({@code mode=production}). */
  public boolean isProduction() {
    return "production".equals(config.require("mode"));
  }

  /**
   * Keeps sessions somewhere else than in the signed cookie, Flask's {@code app.session_interface}:
   * a server-side store, or none.
   */
  public Carafe sessionInterface(SessionInterface sessions) {
    checkSetup("set the session interface");
    this.sessionInterface = Objects.requireNonNull(sessions, "sessionInterface");
    return this;
  }

  SessionInterface sessionInterface() {
    return sessionInterface;
  }

  /** Renders templates with another engine than Carafe's Pebble templates. */
  public Carafe templateRenderer(TemplateRenderer renderer) {
    checkSetup("set the template renderer");
    this.templateRenderer = Objects.requireNonNull(renderer, "templateRenderer");
    return this;
  }

  TemplateRenderer templateRenderer() {
    return templateRenderer;
  }

  /**
   * Adds a template filter, Flask's {@code @app.template_filter}: {@code {{ post.created | ago }}}
   * calls it with the value and the filter's arguments.
   */
  public Carafe templateFilter(String name, TemplateFilter filter) {
    checkSetup("add template filter '" + name + "'");
    templateFilters.put(name, Objects.requireNonNull(filter, "filter"));
    return this;
  }

  /** The template filters added so far, by name, for a {@link TemplateRenderer} to install. */
  public Map<String, TemplateFilter> templateFilters() {
    return Collections.unmodifiableMap(templateFilters);
  }

  /**
   * Adds a value every template sees, such as the site's name: Flask's {@code
   * app.jinja_env.globals}.
   */
  public Carafe templateGlobal(String name, Object value) {
    checkSetup("add template global '" + name + "'");
    templateGlobals.put(name, Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The template globals added so far, by name, for a {@link TemplateRenderer} to install. */
  public Map<String, Object> templateGlobals() {
    return Collections.unmodifiableMap(templateGlobals);
  }

  /**
   * The app's instance of an extension (sessions, templates, a connection pool), made by {@code
   * create} on first use: Flask's {@code app.extensions}. An extension that is {@link
   * AutoCloseable} is closed with the app, see {@link #onClose}.
   */
  public <T> T extension(Class<T> type, Function<Carafe, T> create) {
    Object existing = extensions.get(type);
    if (existing == null) {
      // Not computeIfAbsent: creating one extension may look up another.
      Object created = create.apply(this);
      existing = extensions.putIfAbsent(type, created);
      if (existing == null) {
        existing = created;
        if (created instanceof AutoCloseable resource) {
          onClose(resource);
        }
      }
    }
    return type.cast(existing);
  }

  /**
   * Closes {@code resource} when the app is closed: when a production worker stops, when the
   * development server replaces the app with a reloaded one, when the app factory fails after
   * making the app, or on {@link #close()}. Resources close in the reverse order they were added.
   * One added to a closed app is closed at once, and the call fails.
   */
  public Carafe onClose(AutoCloseable resource) {
    Objects.requireNonNull(resource, "resource");
    synchronized (closeables) {
      if (lifecycle.get() != Lifecycle.CLOSED) {
        closeables.push(resource);
        return this;
      }
    }
    closeQuietly(resource);
    throw new IllegalStateException("The app is closed: it takes no more resources to close.");
  }

  /**
   * Stops the server, if any, and closes what {@link #onClose} collected, once: the app serves no
   * more after it. A resource that fails to close is logged and the others still close.
   */
  @Override
  public void close() {
    stop();
    List<AutoCloseable> toClose;
    synchronized (closeables) {
      if (lifecycle.getAndSet(Lifecycle.CLOSED) == Lifecycle.CLOSED) {
        return;
      }
      toClose = List.copyOf(closeables);
      closeables.clear();
    }
    toClose.forEach(Carafe::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LoggerFactory.getLogger(Carafe.class).warn("Closing {} failed", resource, e);
    }
  }

  TrustedProxies trustedProxies() {
    return trustedProxies;
  }

  BodyLimits bodyLimits() {
    return bodyLimits;
  }

  Router<Route> router() {
    return urls.router();
  }

  /** The route of a request; see {@link AppServer#match}. */
  Router.Match<Route> match(String method, String path, Object earlyMatch) {
    return serverView.match(method, path, earlyMatch);
  }

  /**
   * Mounts a blueprint: its routes, hooks and error handlers (and its nested ones') join the app.
   */
  public Carafe register(Blueprint blueprint) {
    return register(blueprint, blueprint.urlPrefix());
  }

  /**
   * Mounts a blueprint under {@code urlPrefix} instead of its own, Flask's {@code
   * register_blueprint(bp, url_prefix=...)}: for a blueprint a library hands you.
   */
  public Carafe register(Blueprint blueprint, String urlPrefix) {
    checkSetup("register blueprint '" + blueprint.name() + "'");
    blueprint.registerOn(this, urlPrefix);
    return this;
  }

  /** Records a blueprint mounted on this app, directly or nested; its dotted name must be new. */
  void addBlueprint(Blueprint blueprint) {
    if (blueprints.putIfAbsent(blueprint.fullName(), blueprint) != null) {
      throw new IllegalArgumentException(
          "A blueprint named '"
              + blueprint.fullName()
              + "' is already registered. Blueprint names must be unique.");
    }
  }

  /**
   * The folders templates are looked up in, first match wins: the app's {@code template_folder},
   * then each blueprint's {@link Blueprint#templateFolder(String)}, nested ones included, in the
   * order they were registered. So the app's template overrides a blueprint's of the same name, and
   * any view may render any blueprint's template, as in Flask.
   */
  public List<String> templateFolders() {
    Set<String> folders = new LinkedHashSet<>(List.of(config.require("template_folder")));
    blueprints.values().stream()
        .map(Blueprint::templateFolder)
        .filter(folder -> !folder.isEmpty())
        .forEach(folders::add);
    return List.copyOf(folders);
  }

  /** Every route in registration order. */
  public List<Route> routes() {
    return urls.routes();
  }

  /** Adds a command to the app's command line ({@code carafe init-db}). */
  public Carafe command(String name, String description, AppCommand command) {
    checkSetup("add command " + name);
    if (!name.matches("[a-z][a-z0-9-]*")) {
      throw new IllegalArgumentException(
          "Command names are lower-case words joined by '-', got '" + name + "'.");
    }
    commands.put(name, command);
    commandHelp.put(name, description);
    return this;
  }

  /** The app's own commands with their descriptions. */
  public Map<String, String> commands() {
    return Collections.unmodifiableMap(commandHelp);
  }

  /** Runs one of the app's commands. */
  public int runCommand(String name, List<String> args) throws Exception {
    AppCommand command = commands.get(name);
    if (command == null) {
      throw new IllegalArgumentException(
          "No command '" + name + "'. Commands: " + commands.keySet());
    }
    return command.run(this, args);
  }

  /**
   * The escape hatch to Javalin's and Jetty's own configuration, for what Carafe does not offer:
   * the customizer runs on every server built for this app. Together with {@link
   * Request#javalinContext()} it is the only place Javalin's types appear in Carafe's API, and it
   * follows Javalin's releases rather than Carafe's.
   */
  public Carafe configureJavalin(Consumer<JavalinConfig> customizer) {
    checkSetup("configure Javalin");
    javalinCustomizers.add(customizer);
    return this;
  }

  List<Consumer<JavalinConfig>> javalinCustomizers() {
    return javalinCustomizers;
  }

  void propagateExceptions() {
    if (isProduction()) {
      throw new IllegalStateException("Debug error pages are never enabled in production mode.");
    }
    this.propagateExceptions = true;
  }

  boolean propagatesExceptions() {
    return propagateExceptions;
  }

  @Override
  Carafe self() {
    return this;
  }

  /** Moves the app from setup to serving, for good. */
  void startServing() {
    if (lifecycle.getAndUpdate(s -> s == Lifecycle.CLOSED ? s : Lifecycle.SERVING)
        == Lifecycle.CLOSED) {
      throw new IllegalStateException("This app is closed: create a new one to serve again.");
    }
  }

  @Override
  void checkSetup(String what) {
    if (lifecycle.get() != Lifecycle.SETUP) {
      throw new IllegalStateException(
          "Cannot "
              + what
              + ": the app has already started serving. Do all setup (routes, blueprints, hooks, error handlers) before start(), e.g. in your create() factory.");
    }
  }

  @Override
  Route add(String rule, Set<String> methods, String endpoint, View view) {
    Route route = new Route(rule, methods, endpoint, view, null);
    addRoute(route);
    return route;
  }

  void addRoute(Route route) {
    checkSetup("add route " + route.rule());
    urls.add(route);
  }

  Optional<Route> endpoint(String name) {
    return urls.endpoint(name);
  }

  /**
   * Builds the URL of an endpoint: rule values fill the path, other values become the query string
   * in the map's order (pass a {@code LinkedHashMap} for a fixed order); null values are left out.
   * {@code _external=true} makes it absolute (from the request as the client sees it, or {@code
   * server_name} outside a request), {@code _anchor} adds a fragment. Inside a request a leading
   * '.' names an endpoint of the current blueprint.
   */
  public String urlFor(String endpoint, Map<String, ?> values) {
    return urlFor(CURRENT.get(), endpoint, values);
  }

  public String urlFor(String endpoint) {
    return urlFor(endpoint, Map.of());
  }

  String urlFor(Request request, String endpoint, Map<String, ?> values) {
    return urls.build(this, request, endpoint, values);
  }

  /**
   * Ends the current request with an error status, Flask's {@code abort}: error handlers for the
   * status or for {@link HttpAbort} answer it, else Carafe's error page.
   *
   * <p>It always throws. It is declared to return the {@link HttpAbort} so that it reads wherever
   * Java allows it: as a lambda's whole body, {@code req -> abort(404)}; as {@code throw
   * abort(404);} inside a block, where the {@code throw} tells the compiler (and the reader) that
   * the path ends there; and in {@code optional.orElseThrow(() -> abort(404))}. A method returning
   * {@code void} would allow only the first, a generic {@code <T> T} would break the {@code throw}.
   */
  public static HttpAbort abort(int status) {
    throw new HttpAbort(status, ErrorPages.reason(status));
  }

  /** Ends the current request with an error status and a message shown to the client. */
  public static HttpAbort abort(int status, String message) {
    throw new HttpAbort(status, message);
  }

  /**
   * Ends the current request with an error status, a message and headers the error response carries
   * whoever renders it: {@code WWW-Authenticate} on a 401, {@code Allow} on a 405, {@code
   * Retry-After} on a 429 or 503 (Werkzeug's {@code www_authenticate}, {@code valid_methods} and
   * {@code retry_after}). An error handler's response gets those it does not set itself.
   */
  public static HttpAbort abort(int status, String message, Map<String, String> headers) {
    throw new HttpAbort(status, message, headers);
  }

  /** The request being served on this thread; fails outside a request, as Flask does. */
  public static Request request() {
    Request request = CURRENT.get();
    if (request == null) {
      throw new IllegalStateException(
          "Working outside of request context: Carafe.request() only works while a request is served.");
    }
    return request;
  }

  static void bind(Request request) {
    if (request == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(request);
    }
  }

  /** Starts serving on {@code host} and {@code port} from the configuration. */
  public Carafe start() {
    return start(config.require("host"), config.getInt("port"));
  }

  /** Starts serving on this address; port 0 picks a free port. */
  public synchronized Carafe start(String host, int port) {
    if (running != null) {
      throw new IllegalStateException(
          "This app is already serving on port " + running.port() + ".");
    }
    running = serverView.createServer(javalin -> {}).start(host, port);
    health.ready();
    return this;
  }

  /** The port the app serves on after {@link #start}. */
  public synchronized int port() {
    if (running == null) {
      throw new IllegalStateException("The app is not serving; call start() first.");
    }
    return running.port();
  }

  /** Stops the server started by {@link #start}. */
  public synchronized void stop() {
    if (running != null) {
      health.draining();
      running.stop();
      running = null;
    }
  }
}
