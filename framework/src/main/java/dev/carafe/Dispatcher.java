package dev.carafe;

import dev.carafe.internal.Json;
import dev.carafe.internal.Router;
import dev.carafe.internal.ServerView;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
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

  Dispatcher(Carafe app) {
    this.app = app;
  }

  void handle(Context ctx) throws Exception {
    String path;
    try {
      path = ctx.req().getPathInfo();
    } catch (IllegalArgumentException ambiguous) {
      commit(
          ctx,
          ErrorPages.render(
              400, "The request path is malformed or ambiguous.", ctx.header("Accept")));
      return;
    }
    Request request = new Request(app, ctx, path == null ? "/" : path);
    Carafe.bind(request);
    Throwable failure = null;
    try {
      Response response;
      try {
        response = dispatch(request);
      } catch (Exception | LinkageError e) {
        failure = e;
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
        response = handleException(request, e);
        if (response.status() == 408 || response.status() == 413) {
          // The body was refused unread: a client must not send its next request on a connection
          // that still carries the rest of this one (nor race the server closing it).
          response.header("Connection", "close");
        }
        if (response.status() == 413 || response.status() == 503) {
          drainSmallBody(ctx);
        }
      }
      response = afterRequest(request, response);
      commit(ctx, response);
    } catch (Propagated p) {
      throw p.original;
    } finally {
      teardown(request, failure);
      request.body().release();
      Carafe.bind(null);
    }
  }

  /**
   * Reads and drops what is left of a small refused body. Closing a connection that still holds
   * unread bytes makes the kernel answer them with a reset, which can discard the refusal before
   * the client reads it; nginx's lingering close does the same. A larger body stays unread: the
   * connection closes, and a client that wants its refusal intact sends {@code Expect:
   * 100-continue}.
   */
  private static void drainSmallBody(Context ctx) {
    long length = ctx.req().getContentLengthLong();
    if (length <= 0 || length > SMALL_BODY) {
      return;
    }
    try {
      ctx.req().getInputStream().transferTo(OutputStream.nullOutputStream());
    } catch (IOException | RuntimeException e) {
      // already read as text, or the client went away: nothing left to protect
    }
  }

  private Response dispatch(Request request) throws Exception {
    Router.Match<Route> match =
        hasPathParameters(request)
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
    if (match instanceof Router.RedirectToSlash<Route>) {
      String query = request.ctx().queryString();
      String location =
          request.scriptRoot() + request.ctx().path() + "/" + (query == null ? "" : "?" + query);
      return Response.redirect(location, 308);
    }
    throw new HttpAbort(404, ErrorPages.reason(404));
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

  private Object beforeRequest(Request request) throws Exception {
    for (BeforeRequest hook : app.beforeRequest) {
      Object rv = hook.before(request);
      if (rv != null) {
        return rv;
      }
    }
    Blueprint blueprint = blueprintOf(request);
    if (blueprint != null) {
      for (BeforeRequest hook : blueprint.beforeRequest) {
        Object rv = hook.before(request);
        if (rv != null) {
          return rv;
        }
      }
    }
    return null;
  }

  private Response afterRequest(Request request, Response response) {
    try {
      Blueprint blueprint = blueprintOf(request);
      if (blueprint != null) {
        runAfter(blueprint.afterRequest, request, response);
      }
      runAfter(app.afterRequest, request, response);
      return response;
    } catch (Exception e) {
      // A failing after hook gets the error handlers once, without running the hooks again.
      return handleException(request, e);
    }
  }

  private static void runAfter(List<AfterRequest> hooks, Request request, Response response)
      throws Exception {
    for (int i = hooks.size() - 1; i >= 0; i--) {
      hooks.get(i).after(request, response);
    }
  }

  private void teardown(Request request, Throwable failure) {
    Optional<Throwable> error = Optional.ofNullable(failure);
    Blueprint blueprint = blueprintOf(request);
    if (blueprint != null) {
      runTeardown(blueprint.teardownRequest, request, error);
    }
    runTeardown(app.teardownRequest, request, error);
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

  private static Blueprint blueprintOf(Request request) {
    return request.route().map(Route::owner).orElse(null);
  }

  /**
   * Finds the handler Flask would: blueprint before app, status before type, most specific type.
   */
  private Response handleException(Request request, Throwable failure) {
    Throwable error = BodyLimits.asAbort(failure);
    HttpAbort abort = error instanceof HttpAbort a ? a : null;
    int status = abort != null ? abort.status() : 500;
    Blueprint blueprint = blueprintOf(request);
    ErrorView<Throwable> handler = null;
    Throwable handled = error;
    for (Scaffold<?> scope :
        blueprint == null ? List.<Scaffold<?>>of(app) : List.<Scaffold<?>>of(blueprint, app)) {
      handler = abort != null ? statusHandler(scope, status) : null;
      if (handler == null) {
        handler = typeHandler(scope, error.getClass());
      }
      if (handler != null) {
        break;
      }
    }
    if (handler == null && abort == null) {
      LOG.error("Exception on {} {}", request.method(), request.path(), error);
      if (app.propagatesExceptions()) {
        throw new Propagated(error);
      }
      handled = new HttpAbort(500, ErrorPages.reason(500), Map.of(), error);
      for (Scaffold<?> scope :
          blueprint == null ? List.<Scaffold<?>>of(app) : List.<Scaffold<?>>of(blueprint, app)) {
        handler = statusHandler(scope, 500);
        if (handler != null) {
          break;
        }
      }
    }
    if (handler == null) {
      Response page =
          ErrorPages.render(status, status >= 500 ? null : abort.getMessage(), accept(request));
      if (abort != null) {
        abort.headers().forEach(page::header);
      }
      return page;
    }
    try {
      request.ctx().status(status);
      Response response = toResponse(handler.handle(request, handled), request.ctx());
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
      return response;
    } catch (Exception | LinkageError e) {
      LOG.error(
          "The error handler for {} failed on {} {}",
          error.getClass().getSimpleName(),
          request.method(),
          request.path(),
          e);
      return ErrorPages.render(500, null, accept(request));
    }
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
    for (Cookie cookie : response.cookies()) {
      ctx.res().addCookie(servletCookie(cookie));
    }
    if (response.keepsContextBody()) {
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

  private static jakarta.servlet.http.Cookie servletCookie(Cookie cookie) {
    jakarta.servlet.http.Cookie out =
        new jakarta.servlet.http.Cookie(cookie.name(), cookie.value());
    out.setPath(cookie.path());
    // Jetty writes Expires from Max-Age (and drops an Expires of its own), so an expiry instant
    // goes out as the Max-Age that ends there, with the matching Expires.
    Optional<Duration> maxAge = cookie.maxAge().or(() -> cookie.expires().map(Dispatcher::until));
    out.setMaxAge(maxAge.map(age -> (int) Math.min(Integer.MAX_VALUE, age.toSeconds())).orElse(-1));
    out.setSecure(cookie.secure());
    out.setHttpOnly(cookie.httpOnly());
    cookie.domain().ifPresent(out::setDomain);
    cookie.sameSite().ifPresent(sameSite -> out.setAttribute("SameSite", sameSite.attribute()));
    return out;
  }

  private static Duration until(Instant at) {
    Duration left = Duration.between(Instant.now(), at);
    return left.isNegative() ? Duration.ZERO : left;
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
