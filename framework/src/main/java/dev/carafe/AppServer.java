package dev.carafe;

import static org.eclipse.jetty.http.UriCompliance.Violation.BAD_UTF8_ENCODING;

import dev.carafe.internal.Json;
import dev.carafe.internal.MinimumBodyRate;
import dev.carafe.internal.Router;
import dev.carafe.internal.SecureErrorHandler;
import dev.carafe.internal.ServerView;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.router.EndpointNotFound;
import jakarta.servlet.MultipartConfigElement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
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

  /** A match made before dispatch, for the dispatcher to reuse. */
  private record Early(String method, String path, Router.Match<Route> match)
      implements EarlyMatch {
    @Override
    public boolean nonBlocking() {
      return match instanceof Router.Found<Route> found && found.entry().target().isNonBlocking();
    }
  }

  private final Carafe app;
  private final Dispatcher dispatcher;

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
                // Bad UTF-8 in a path decodes to U+FFFD and routes, as in Werkzeug, not a 400.
                http.setUriCompliance(http.getUriCompliance().with("CARAFE", BAD_UTF8_ENCODING));
              });
          // What Jetty refuses before the app runs gets Carafe's error pages.
          javalin.jetty.modifyServer(
              server -> server.setErrorHandler(new SecureErrorHandler(SecurityHeaders.of(config))));
          // Innermost of the server's handlers: whatever reads a body reads through it.
          long minBodyRate = config.getLong("min_request_body_rate");
          javalin.jetty.modifyServer(
              server -> server.insertHandler(new MinimumBodyRate(minBodyRate)));
          // One handler per method under "*", which Javalin's router takes without matching a
          // pattern: the app's own router matches each request, once.
          for (HandlerType method : DISPATCHED) {
            javalin.routes.addHttpHandler(method, "*", dispatcher::handle);
          }
          // Any other method (PROPFIND, TRACE, FOO) finds no handler in Javalin, which throws this;
          // Carafe's router answers it as Werkzeug's does: 405 with Allow on a known path, or 404.
          javalin.routes.exception(EndpointNotFound.class, (e, ctx) -> dispatchOtherMethod(ctx));
          app.javalinCustomizers().forEach(c -> c.accept(javalin));
          tuning.accept(javalin);
        });
  }

  private void dispatchOtherMethod(Context ctx) {
    try {
      dispatcher.handle(ctx);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
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
  public Optional<BiFunction<String, String, EarlyMatch>> nonBlockingViews() {
    if (app.routes().stream().noneMatch(Route::isNonBlocking)) {
      return Optional.empty();
    }
    return Optional.of((method, path) -> new Early(method, path, app.router().match(method, path)));
  }

  @Override
  public MultipartConfigElement multipartConfig() {
    return app.bodyLimits().multipart();
  }

  /**
   * The route for a request: the match the server made before dispatch ({@code early}, the {@link
   * #EARLY_MATCH} attribute) when it was made for this method and path, else a new match.
   */
  Router.Match<Route> match(String method, String path, Object early) {
    return early instanceof Early known
            && known.method().equals(method)
            && known.path().equals(path)
        ? known.match()
        : app.router().match(method, path);
  }
}
