package dev.carafe;

import dev.carafe.internal.Json;
import dev.carafe.internal.MinimumBodyRate;
import dev.carafe.internal.Router;
import dev.carafe.internal.ServerView;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import jakarta.servlet.MultipartConfigElement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * An app as the development and production servers see it: the Javalin server that serves it, and
 * the route matching the production server does before the app.
 */
final class AppServer implements ServerView {
  private static final Set<HandlerType> DISPATCHED =
      Set.of(
          HandlerType.GET,
          HandlerType.HEAD,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE,
          HandlerType.OPTIONS);

  /** A match made before dispatch, for the dispatcher on the same thread to reuse. */
  private record Early(String method, String path, Router.Match<Route> match) {}

  private final Carafe app;
  private final Dispatcher dispatcher;
  private final ThreadLocal<Early> early = new ThreadLocal<>();
  private volatile boolean matchesEarly;

  AppServer(Carafe app, Dispatcher dispatcher) {
    this.app = app;
    this.dispatcher = dispatcher;
  }

  @Override
  public Javalin createServer(Consumer<JavalinConfig> tuning) {
    app.startServing();
    Config config = app.config();
    if (app.isProduction()) {
      config.checkProductionSecret();
    }
    return Javalin.create(
        javalin -> {
          javalin.startup.showJavalinBanner = false;
          javalin.startup.showOldJavalinVersionWarning = false;
          javalin.router.ignoreTrailingSlashes = false;
          javalin.router.treatMultipleSlashesAsSingleSlash = false;
          javalin.http.maxRequestSize = config.getLong("max_content_length");
          javalin.jsonMapper(new JavalinJackson(Json.mapper(), false));
          javalin.jetty.modifyHttpConfiguration(
              http -> {
                // Jetty answers 414 and 431 itself past this size; nginx uses the same value.
                http.setRequestHeaderSize(config.getInt("max_request_header_size"));
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
              });
          // Innermost of the server's handlers: whatever reads a body reads through it.
          long minBodyRate = config.getLong("min_request_body_rate");
          javalin.jetty.modifyServer(
              server -> server.insertHandler(new MinimumBodyRate(minBodyRate)));
          // One handler per method under "*", which Javalin's router takes without matching a
          // pattern: the app's own router matches each request, once.
          for (HandlerType method : DISPATCHED) {
            javalin.routes.addHttpHandler(method, "*", dispatcher::handle);
          }
          app.javalinCustomizers().forEach(c -> c.accept(javalin));
          tuning.accept(javalin);
        });
  }

  @Override
  public void propagateExceptions() {
    app.propagateExceptions();
  }

  @Override
  public List<String> warmUpPaths() {
    return app.warmUpPaths();
  }

  @Override
  public Optional<BiPredicate<String, String>> nonBlockingViews() {
    if (app.routes().stream().noneMatch(Route::isNonBlocking)) {
      return Optional.empty();
    }
    matchesEarly = true;
    return Optional.of(
        (method, path) -> {
          Router.Match<Route> match = app.router().match(method, path);
          early.set(new Early(method, path, match));
          return match instanceof Router.Found<Route> found
              && found.entry().target().isNonBlocking();
        });
  }

  @Override
  public MultipartConfigElement multipartConfig() {
    return app.bodyLimits().multipart();
  }

  /** The route for a request: the one matched before dispatch on this thread, else a new match. */
  Router.Match<Route> match(String method, String path) {
    if (matchesEarly) {
      Early known = early.get();
      if (known != null) {
        early.remove();
        if (known.method().equals(method) && known.path().equals(path)) {
          return known.match();
        }
      }
    }
    return app.router().match(method, path);
  }
}
