package dev.carafe.internal;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.MultipartConfigElement;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the development and production servers need of an app and users never do: building its
 * Javalin server, debug pages, warm-up pages and the non-blocking views. Every app has one, found
 * with {@link #of(Object)}; the app type registers how to find it, so this package names no type of
 * the public API, and nothing here holds an app (the development server's old apps stay
 * collectable).
 */
public interface ServerView {
  /**
   * Builds (without starting) a Javalin server for the app and ends its setup; the servers pass
   * their own tuning. Each call builds a fresh Javalin: Javalin instances cannot be restarted.
   */
  Javalin createServer(Consumer<JavalinConfig> tuning);

  /**
   * Lets unhandled exceptions reach the server instead of becoming a plain 500, so that the
   * development server can show its debug page. Refused in production mode.
   */
  void propagateExceptions();

  /** The pages the app asked a new production worker to warm up with, in order. */
  List<String> warmUpPaths();

  /**
   * The route match the production server makes by method and path before dispatch, to tell the
   * app's non-blocking views; empty when the app has none, so that its requests pay for no match.
   * The server keeps the answer on the request as {@link #EARLY_MATCH}, and the app's dispatcher
   * takes it from there instead of matching the request again.
   */
  Optional<BiFunction<String, String, EarlyMatch>> nonBlockingViews();

  /** The request attribute holding a request's {@link EarlyMatch}. */
  String EARLY_MATCH = "carafe.early_match";

  /**
   * The request attribute holding the endpoint of the route that matched, set once the app has
   * matched it; absent when no route matched.
   */
  String ENDPOINT = "carafe.endpoint";

  /** A route match made before dispatch. */
  interface EarlyMatch {
    /** Whether the route found is a non-blocking view. */
    boolean nonBlocking();
  }

  /**
   * The app's multipart settings (part limits, where large parts are spooled), for a server that
   * parses a body's parts before the app sees the request.
   */
  MultipartConfigElement multipartConfig();

  /** The server view of an app. */
  static ServerView of(Object app) {
    return ServerViews.of(app);
  }

  /** Tells this package how to find an app's view; the app type does so once, when it loads. */
  static void register(Function<Object, ServerView> lookup) {
    ServerViews.register(lookup);
  }
}
