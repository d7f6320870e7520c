package dev.carafe;

import dev.carafe.internal.Json;
import dev.carafe.internal.MinimumBodyRate;
import dev.carafe.internal.Router;
import dev.carafe.internal.ServerView;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the app, in Flask's order: match the URL, before-request hooks, the view (or
 * the routing error), error handlers, after-request hooks, write the response, teardown hooks.
 *
 * <p>These steps stay in one file, longer than most, because their order and what each does when a
 * previous one failed is the contract; split up, that order could only be read across files.
 */
final class Dispatcher {
  /** The most of a refused body read only to be dropped; see {@link #drainSmallBody}. */
  private static final long SMALL_BODY = 1 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(Carafe.class);

  private final Carafe app;
  private final List<Scaffold<?>> appOnly;

  Dispatcher(Carafe app) {
    this.app = app;
    this.appOnly = List.of(app);
  }

  void handle(Context ctx) throws Exception {
    String path;
    boolean ambiguous = false;
    try {
      path = ctx.req().getPathInfo();
    } catch (IllegalArgumentException e) {
      path = pathWithEmptySegments(ctx);
      if (path == null) {
        // An encoded "/" (%2F) or the like: the path is refused as a routing error (a 400), with
        // the hooks and error handlers a 404 gets; the request shows its path as sent.
        path = ctx.req().getRequestURI();
        ambiguous = true;
      }
    }
    Request request = new Request(app, ctx, path == null ? "/" : path);
    Carafe.bind(request);
    Throwable unhandled = null; // what teardown hooks are told of: an error no handler took
    try {
      Response response;
      try {
        response = dispatch(request, ambiguous);
      } catch (Exception | LinkageError e) {
        unhandled = e;
        if (ctx.res().isCommitted()) {
          // Too late for an error page: part of the answer went out. The connection is cut, as a
          // WSGI server does, so the client sees a broken response instead of a complete one.
          LOG.error(
              "Exception on {} {} after the response began: closing the connection",
              request.method(),
              request.path(),
              e);
          ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(e);
          return;
        }
        ctx.res().resetBuffer(); // what the view wrote and never flushed is not part of the page
        Handled handled = handleException(request, e);
        unhandled = handled.unhandled();
        response = handled.response();
        if (response.status() == 408 || response.status() == 413) {
          // The body was refused unread: a client must not send its next request on a connection
          // that still carries the rest of this one (nor race the server closing it).
          response.header("Connection", "close");
        }
        if (response.status() == 413 || response.status() == 503) {
          drainSmallBody(ctx);
        }
      }
      Handled after = afterRequest(request, response, unhandled != null);
      unhandled = unhandled != null ? unhandled : after.unhandled();
      commit(ctx, after.response());
    } catch (Propagated p) {
      unhandled = unhandled != null ? unhandled : p.getCause();
      throw p.original;
    } finally {
      teardown(request, unhandled);
      request.body().release();
      Carafe.bind(null);
    }
  }

  /**
   * Reads and drops what is left of a small refused body. Closing a connection that still holds
   * unread bytes makes the kernel answer them with a reset, which can discard the refusal before
   * the client reads it; nginx's lingering close does the same. A chunked body is read up to the
   * same bound. A larger body stays unread: the connection closes, and a client that wants its
   * refusal intact sends {@code Expect: 100-continue}.
   */
  private static void drainSmallBody(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    if (length == 0 || length > SMALL_BODY) {
      return;
    }
    try {
      InputStream rest = ctx.req().getInputStream();
      byte[] scrap = new byte[8192];
      long left = SMALL_BODY;
      for (int n; left > 0 && (n = rest.read(scrap)) > 0; ) {
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      // already read as text, or the client went away: nothing left to protect
    }
  }

  private Response dispatch(Request request, boolean ambiguousPath) throws Exception {
    Router.Match<Route> match =
        ambiguousPath || hasPathParameters(request)
            ? null
            : app.match(
                request.method(),
                request.path(),
                request.ctx().req().getAttribute(ServerView.EARLY_MATCH));
    if (match instanceof Router.Found<Route> found) {
      request.matched(found.entry().target(), found.values());
      // For the server's request metrics, which count by endpoint, never by raw path.
      request.ctx().req().setAttribute(ServerView.ENDPOINT, found.entry().target().endpoint());
    }
    Object early = beforeRequest(request);
    if (early != null) {
      return toResponse(early, request.ctx());
    }
    if (match instanceof Router.Found<Route> found) {
      return toResponse(found.entry().target().view().handle(request), request.ctx());
    }
    if (match instanceof Router.MethodNotAllowed<Route> m) {
      throw new HttpAbort(
          405, ErrorPages.reason(405), Map.of("Allow", String.join(", ", m.allowed())));
    }
    if (match instanceof Router.Options<Route> o) {
      return Response.empty(200).header("Allow", String.join(", ", o.allowed()));
    }
    if (match instanceof Router.Redirect<Route> redirect) {
      String query = request.ctx().queryString();
      String location = request.scriptRoot() + redirect.path() + (query == null ? "" : "?" + query);
      return Response.redirect(location, 308);
    }
    if (ambiguousPath) {
      throw new HttpAbort(400, "The request path is malformed or ambiguous.");
    }
    throw new HttpAbort(404, ErrorPages.reason(404));
  }

  /**
   * The decoded path of a request whose only ambiguity is an empty segment ({@code /a//b}), which
   * the servlet API refuses to decode. Werkzeug routes such a path (redirecting it to the path with
   * its slashes merged), so Carafe's router gets it too. Null for any other ambiguity, such as an
   * encoded '/': that stays a 400.
   */
  private static String pathWithEmptySegments(Context ctx) {
    HttpURI uri = ServletContextRequest.getServletContextRequest(ctx.req()).getHttpURI();
    if (!EnumSet.of(UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT).equals(uri.getViolations())) {
      return null;
    }
    String decoded = uri.getDecodedPath();
    String context = ctx.req().getContextPath();
    return decoded != null && decoded.startsWith(context)
        ? decoded.substring(context.length())
        : null;
  }

  /**
   * True for a path with ";" parameters, such as {@code /auth/login;x}. Jetty drops them from the
   * path Carafe routes on, while nginx (and Werkzeug) take ";x" as part of the segment: nginx's
   * {@code location = /auth/login} and its rate limit would not apply to a request the login view
   * then served. Such a path matches no rule, a 404 as in Flask; an encoded ";" ({@code %3B}) is a
   * character of its segment and routes as one.
   */
  private static boolean hasPathParameters(Request request) {
    return request.ctx().req().getRequestURI().indexOf(';') >= 0;
  }

  /** The app's hooks, then the outermost blueprint's, in to the route's own: Flask's order. */
  private Object beforeRequest(Request request) throws Exception {
    List<Scaffold<?>> scopes = scopes(request);
    for (int i = scopes.size() - 1; i >= 0; i--) {
      for (BeforeRequest hook : scopes.get(i).beforeRequest) {
        Object rv = hook.before(request);
        if (rv != null) {
          return rv;
        }
      }
    }
    return null;
  }

  /**
   * The route's blueprint's after-request hooks, outward, then the app's. A hook that fails is an
   * unhandled error, as in Flask 2.2's {@code handle_exception}: only what handles the 500 {@link
   * HttpAbort} answers it (a handler for 500, {@code HttpAbort} or {@code Exception}; never one for
   * its own type or status), then the hooks run once more on that 500, so it gets the headers and
   * session they add. A hook failing on the answer to an unhandled error is only logged.
   */
  private Handled afterRequest(Request request, Response response, boolean answersUnhandled) {
    try {
      for (Scaffold<?> scope : scopes(request)) {
        runAfter(scope.afterRequest, request, response);
      }
      return new Handled(response, null);
    } catch (Exception e) {
      if (answersUnhandled) {
        LOG.error("An after_request hook failed on the error page for {}", request, e);
        return new Handled(response, null);
      }
      Handled error = serverError(request, e);
      return new Handled(
          afterRequest(request, error.response(), true).response(), error.unhandled());
    }
  }

  private static void runAfter(List<AfterRequest> hooks, Request request, Response response)
      throws Exception {
    for (int i = hooks.size() - 1; i >= 0; i--) {
      hooks.get(i).after(request, response);
    }
  }

  private void teardown(Request request, Throwable unhandled) {
    Optional<Throwable> error = Optional.ofNullable(unhandled);
    for (Scaffold<?> scope : scopes(request)) {
      runTeardown(scope.teardownRequest, request, error);
    }
  }

  private static void runTeardown(
      List<TeardownRequest> hooks, Request request, Optional<Throwable> error) {
    for (int i = hooks.size() - 1; i >= 0; i--) {
      try {
        hooks.get(i).teardown(request, error);
      } catch (Exception e) {
        LOG.error("teardown_request hook failed on {}", request, e);
      }
    }
  }

  /**
   * Where a request's hooks and error handlers come from: the route's blueprint, the blueprints it
   * is nested in, outward, then the app (Flask's {@code request.blueprints}, then the app).
   */
  private List<Scaffold<?>> scopes(Request request) {
    return request.route().map(Route::owner).map(Blueprint::scopes).orElse(appOnly);
  }

  /** What error handling answered, and the error teardown hooks hear of: one no handler took. */
  private record Handled(Response response, Throwable unhandled) {}

  /**
   * Answers an error as Flask does. An error no handler takes is logged and becomes a 500 {@link
   * HttpAbort} caused by it, which handlers are asked about in turn; an abort no handler takes is
   * answered with Carafe's error page, and counts as handled.
   */
  private Handled handleException(Request request, Throwable failure) {
    // A body cut for arriving too slowly is why the request failed, however its reader put it.
    Throwable error =
        BodyLimits.asAbort(
            request.ctx().attribute(MinimumBodyRate.CUT) instanceof Throwable cut ? cut : failure);
    ErrorView<Throwable> handler = findHandler(scopes(request), error);
    if (handler == null && !(error instanceof HttpAbort)) {
      return serverError(request, error);
    }
    return answer(request, error, handler, null);
  }

  /**
   * Flask's {@code handle_exception}: logs an error no handler took (or hands it to the development
   * server's debug page) and answers the 500 {@link HttpAbort} caused by it.
   */
  private Handled serverError(Request request, Throwable error) {
    LOG.error("Exception on {} {}", request.method(), request.path(), error);
    if (app.propagatesExceptions()) {
      throw new Propagated(error);
    }
    HttpAbort abort = new HttpAbort(500, ErrorPages.reason(500), Map.of(), error);
    return answer(request, abort, findHandler(scopes(request), abort), error);
  }

  /** The handler's answer to an error, or Carafe's page for an abort that has no handler. */
  private Handled answer(
      Request request, Throwable error, ErrorView<Throwable> handler, Throwable unhandled) {
    HttpAbort abort = error instanceof HttpAbort a ? a : null;
    if (handler == null) { // only an abort is left without a handler by now
      return new Handled(errorPage(request, abort), unhandled);
    }
    try {
      request.ctx().status(abort != null ? abort.status() : 500);
      Object rv = handler.handle(request, error);
      // Returning the abort itself asks for its own page, as returning the HTTPException does.
      Response response =
          rv instanceof HttpAbort returned
              ? errorPage(request, returned)
              : toResponse(rv, request.ctx());
      if (abort != null) {
        abort
            .headers()
            .forEach(
                (k, v) -> {
                  if (response.header(k).isEmpty()) {
                    response.header(k, v);
                  }
                });
      }
      return new Handled(response, unhandled);
    } catch (Exception | LinkageError e) {
      LOG.error(
          "The error handler for {} failed on {} {}",
          error.getClass().getSimpleName(),
          request.method(),
          request.path(),
          e);
      return new Handled(ErrorPages.render(500, null, accept(request)), e);
    }
  }

  /**
   * Carafe's page for an abort, with the headers it carries and the message the app gave it, of any
   * status, as Flask shows an {@code abort(503, "Back soon")} description. The 500 that stands for
   * an unhandled exception carries none of that exception's words, so they never show.
   */
  private static Response errorPage(Request request, HttpAbort abort) {
    Response page = ErrorPages.render(abort.status(), abort.getMessage(), accept(request));
    abort.headers().forEach(page::header);
    return page;
  }

  /**
   * Flask's {@code _find_error_handler}: a handler for the abort's status (the route's blueprint,
   * the blueprints around it, then the app), else one for the error's class or the nearest
   * superclass, in the same order of scopes.
   */
  private static ErrorView<Throwable> findHandler(List<Scaffold<?>> scopes, Throwable error) {
    if (error instanceof HttpAbort abort) {
      for (Scaffold<?> scope : scopes) {
        ErrorView<Throwable> handler = statusHandler(scope, abort.status());
        if (handler != null) {
          return handler;
        }
      }
    }
    for (Scaffold<?> scope : scopes) {
      ErrorView<Throwable> handler = typeHandler(scope, error.getClass());
      if (handler != null) {
        return handler;
      }
    }
    return null;
  }

  /**
   * What an error page answers to: the Accept header, except that a client that sent JSON and
   * prefers no HTML gets its error as JSON (problem+json) too.
   */
  private static String accept(Request request) {
    String accept = request.header("Accept").orElse(null);
    return request.isJson() && !ErrorPages.prefersHtml(accept) ? "application/json" : accept;
  }

  @SuppressWarnings("unchecked")
  private static ErrorView<Throwable> statusHandler(Scaffold<?> scope, int status) {
    return (ErrorView<Throwable>) (ErrorView<?>) scope.statusHandlers.get(status);
  }

  @SuppressWarnings("unchecked")
  private static ErrorView<Throwable> typeHandler(Scaffold<?> scope, Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      ErrorView<?> handler = scope.exceptionHandlers.get(c);
      if (handler != null) {
        return (ErrorView<Throwable>) handler;
      }
    }
    return null;
  }

  /** Turns what a view returned into a response. */
  static Response toResponse(Object rv, Context ctx) {
    if (rv == null) {
      return Response.fromContext(ctx.statusCode());
    }
    if (rv instanceof Response r) {
      return r;
    }
    if (rv instanceof Optional<?> o) {
      if (o.isEmpty()) {
        throw new HttpAbort(404, ErrorPages.reason(404));
      }
      return toResponse(o.get(), ctx);
    }
    Response response =
        Response.of(ctx.statusCode(), rv instanceof CharSequence cs ? cs.toString() : rv);
    if (rv instanceof CharSequence) {
      response.contentType("text/html; charset=utf-8");
    } else if (rv instanceof byte[] || rv instanceof InputStream) {
      response.contentType("application/octet-stream");
    }
    return response;
  }

  static void commit(Context ctx, Response response) throws Exception {
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    Instant now = Instant.now();
    for (Cookie cookie : response.cookies()) {
      // Written as Werkzeug writes it: Jetty's own cookie writing refuses a value with a space.
      ctx.res().addHeader("Set-Cookie", CookieHeaders.setCookie(cookie, now));
    }
    if (response.keepsContextBody()) {
      String type = ctx.res().getContentType();
      if (type != null) {
        ctx.res().setContentType(Response.withCharset(type));
      }
      return;
    }
    Object body = response.body().orElse("");
    if (body instanceof InputStream stream) {
      ctx.result(stream);
      return;
    }
    byte[] bytes;
    if (body instanceof String s) {
      if (response.header("Content-Type").isEmpty()) {
        ctx.contentType("text/html; charset=utf-8");
      }
      bytes = s.getBytes(ctx.responseCharset());
    } else if (body instanceof byte[] b) {
      bytes = b;
    } else {
      if (response.header("Content-Type").isEmpty()) {
        ctx.contentType("application/json");
      }
      bytes = Json.mapper().writeValueAsBytes(body);
    }
    // Written here, not handed to ctx.result(): Javalin copies a result through a new buffer of
    // the response buffer's size (32 KB), which was four fifths of what a JSON request allocated.
    ctx.outputStream().write(bytes);
  }

  /** The {@code /readyz} view: 200 when serving and every check passes, 503 otherwise. */
  Object readiness(Request request) {
    Map<String, Boolean> checks = app.health().runChecks();
    Health.State state = app.health().state();
    boolean ready = state == Health.State.READY && !checks.containsValue(false);
    String status =
        ready
            ? "ready"
            : state == Health.State.READY
                ? "unavailable"
                : state.name().toLowerCase(java.util.Locale.ROOT);
    return Response.of(ready ? 200 : 503, Map.of("status", status, "checks", checks))
        .header("Cache-Control", "no-store");
  }

  /** Carries an unhandled exception past the error handling to the server (dev debug page). */
  private static final class Propagated extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Exception original;

    Propagated(Throwable original) {
      super(original);
      this.original = original instanceof Exception e ? e : new RuntimeException(original);
    }
  }
}
