package dev.carafe;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.carafe.internal.Json;
import io.javalin.http.Context;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The request being served: URL values, query and form parameters, JSON, files, cookies and
 * headers, the client as seen through trusted proxies, and {@link #g()} for request-scoped data.
 *
 * <p>The whole request API is in this one class, as Flask's is in its request object, so it is long
 * in accessors of a few lines each; parsing lives elsewhere ({@code Params}, {@code Json}).
 */
public final class Request {
  private final Carafe app;
  private final Context ctx;
  private final String path;
  private final RequestBody body;
  private Route route;
  private Map<String, Object> viewArgs = Collections.emptyMap();
  private Map<String, Object> g;
  private Params args;
  private Params form;
  private ClientView client;
  private Session session;
  private Map<String, String> cookies;
  String csrfToken;

  Request(Carafe app, Context ctx, String path) {
    this.app = app;
    this.ctx = ctx;
    this.path = path;
    this.body = new RequestBody(ctx, app.bodyLimits());
  }

  void matched(Route route, Map<String, Object> viewArgs) {
    this.route = route;
    this.viewArgs = viewArgs;
  }

  /** The application serving this request. */
  public Carafe app() {
    return app;
  }

  /**
   * The escape hatch to Javalin's context, for what Carafe does not wrap. Together with {@link
   * Carafe#configureJavalin} it is the only place Javalin's types appear in Carafe's API, and it
   * follows Javalin's releases rather than Carafe's.
   */
  public Context javalinContext() {
    return ctx;
  }

  Context ctx() {
    return ctx;
  }

  public String method() {
    return ctx.req().getMethod();
  }

  /** The decoded path, without the query string. */
  public String path() {
    return path;
  }

  /** The endpoint that matched, e.g. {@code blog.show}; empty when no route matched. */
  public Optional<String> endpoint() {
    return route == null ? Optional.empty() : Optional.of(route.endpoint());
  }

  /**
   * The blueprint of the matched route, when it belongs to one; dotted when nested ({@code
   * api.v2}).
   */
  public Optional<String> blueprint() {
    return route == null ? Optional.empty() : route.blueprint();
  }

  /** The route that matched; empty for a 404 or 405. */
  public Optional<Route> route() {
    return Optional.ofNullable(route);
  }

  /**
   * The converted URL values, then the route's defaults: Long for {@code <int:>} (BigInteger past
   * long's range), Double for {@code <float:>}, UUID, or String.
   */
  public Map<String, Object> viewArgs() {
    return Collections.unmodifiableMap(viewArgs);
  }

  /** A URL value as text. */
  public String param(String name) {
    Object value = viewArgs.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "The rule " + route + " has no variable '" + name + "'; it has " + viewArgs.keySet());
    }
    return String.valueOf(value);
  }

  /**
   * A URL value converted by {@code <int:name>}, as an int. {@code <int:>} matches any number of
   * digits, as in Flask; a value past an int's range ends the request with 404, since nothing the
   * view looks up by an int lives there. Use {@link #longParam} for more, or bound the rule, e.g.
   * {@code <int(max=1000):id>}.
   */
  public int intParam(String name) {
    BigInteger value = integerParam(name);
    if (value.bitLength() > 31) {
      throw new HttpAbort(404, ErrorPages.reason(404));
    }
    return value.intValue();
  }

  /** A URL value converted by {@code <int:name>}, as a long; 404 past a long's range. */
  public long longParam(String name) {
    BigInteger value = integerParam(name);
    if (value.bitLength() > 63) {
      throw new HttpAbort(404, ErrorPages.reason(404));
    }
    return value.longValue();
  }

  private BigInteger integerParam(String name) {
    Object value = viewArgs.get(name);
    if (value instanceof BigInteger big) {
      return big;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    throw new IllegalArgumentException(
        "URL value '"
            + name
            + "' is "
            + (value == null ? "missing" : value.getClass().getSimpleName())
            + ", not an integer: declare it as <int:"
            + name
            + "> in the rule "
            + route
            + ".");
  }

  /** A URL value with its converted type. */
  public <T> T typedParam(String name, Class<T> type) {
    Object value = viewArgs.get(name);
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          "URL value '"
              + name
              + "' is "
              + (value == null ? "missing" : value.getClass().getSimpleName())
              + ", not "
              + type.getSimpleName()
              + ".");
    }
    return type.cast(value);
  }

  /**
   * The query string parameters, decoded as Flask decodes them: as UTF-8 whatever charset the body
   * declares, bad escapes kept as written.
   */
  public Params args() {
    if (args == null) {
      String query = Optional.ofNullable(ctx.queryString()).orElse("");
      args =
          new Params(
              UrlEncodedDecoder.decode(
                  query.getBytes(StandardCharsets.UTF_8),
                  StandardCharsets.UTF_8,
                  Integer.MAX_VALUE));
    }
    return args;
  }

  /**
   * Form fields from an {@code application/x-www-form-urlencoded} or {@code multipart/form-data}
   * body (files are in {@link #files()}); empty for any other body. A urlencoded body is decoded as
   * Flask decodes it, in the charset it declares (UTF-8 when none). Fields larger than {@code
   * max_form_memory_size} in all are refused with 413.
   */
  public Params form() {
    if (form == null) {
      try {
        form = new Params(body.fields());
      } catch (IOException | ServletException e) {
        throw RequestBody.unreadable(e);
      }
    }
    return form;
  }

  /**
   * Uploaded files of a multipart body, by field name. Files larger than a few KiB are spooled to
   * {@code upload_temp_folder} and deleted when the request ends; read or save them while it runs.
   */
  public Map<String, List<UploadedFile>> files() {
    if (!body.mediaType().equals(RequestBody.MULTIPART)) {
      return Map.of();
    }
    Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
    try {
      for (Part part : body.parts()) {
        if (part.getSubmittedFileName() != null) {
          files
              .computeIfAbsent(part.getName(), k -> new ArrayList<>())
              .add(new UploadedFile(new io.javalin.http.UploadedFile(part)));
        }
      }
    } catch (IOException | ServletException e) {
      throw RequestBody.unreadable(e);
    }
    files.replaceAll((field, uploads) -> List.copyOf(uploads));
    return Collections.unmodifiableMap(files);
  }

  /** The first file uploaded under a field name. */
  public Optional<UploadedFile> file(String field) {
    List<UploadedFile> files = files().get(field);
    return files == null || files.isEmpty() ? Optional.empty() : Optional.of(files.get(0));
  }

  /** True when the body is declared as JSON ({@code application/json} or {@code +json}). */
  public boolean isJson() {
    String type = body.mediaType();
    return type.equals("application/json") || type.endsWith("+json");
  }

  RequestBody body() {
    return body;
  }

  /**
   * The JSON body as plain Java values: a {@code Map<String, Object>} for an object, a {@code
   * List<Object>} for an array, or a String, Number or Boolean. See {@link #json(Class)} for the
   * errors.
   */
  public Object json() {
    return json(Object.class);
  }

  /**
   * The JSON body bound to a type. A body that is not declared JSON is a 415; malformed JSON or a
   * wrong shape is a 400 that says what and where (field, line, column) in the client's terms,
   * never with Java class names. The body is held in memory: over {@code max_content_length} it is
   * a 413, and when {@code body_memory_budget} has no room for it a 503 with {@code Retry-After}.
   */
  public <T> T json(Class<T> type) {
    if (!isJson()) {
      throw new HttpAbort(
          415,
          "Expected a JSON body (Content-Type: application/json), got "
              + Optional.ofNullable(ctx.contentType()).orElse("no content type")
              + ".");
    }
    byte[] bytes;
    try {
      bytes = body.bytes();
    } catch (IOException e) {
      throw RequestBody.unreadable(e);
    }
    if (bytes.length == 0) {
      throw new HttpAbort(400, "The JSON body is empty.");
    }
    T value;
    try (JsonParser parser = Json.mapper().createParser(bytes)) {
      try {
        value = Json.mapper().readValue(parser, type);
      } catch (JsonProcessingException e) {
        throw JsonErrors.badRequest(e); // while the parser is open: it knows where it stopped
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (value == null) {
      throw new HttpAbort(400, "The JSON body is empty.");
    }
    return value;
  }

  public Optional<String> header(String name) {
    return Optional.ofNullable(ctx.header(name));
  }

  public Map<String, String> headers() {
    return ctx.headerMap();
  }

  /** A cookie's value, unquoted as Werkzeug does: what a Carafe or Flask app set, as it set it. */
  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies().get(name));
  }

  /** The cookies the client sent, the first of each name, Flask's {@code request.cookies}. */
  public Map<String, String> cookies() {
    if (cookies == null) {
      var headers = ctx.req().getHeaders("Cookie");
      cookies =
          CookieHeaders.parse(headers == null ? "" : String.join("; ", Collections.list(headers)));
    }
    return cookies;
  }

  /** The client address: the peer, or what a trusted proxy says in X-Forwarded-For. */
  public String remoteAddr() {
    return client().ip();
  }

  /** http or https, as the client used it (trusted X-Forwarded-Proto honoured). */
  public String scheme() {
    return client().scheme();
  }

  /** The Host the client asked for (trusted X-Forwarded-Host honoured), with port if any. */
  public String host() {
    return client().host();
  }

  /** The path prefix a trusted proxy mounts the app under (X-Forwarded-Prefix), or "". */
  public String scriptRoot() {
    return client().prefix();
  }

  /** The URL the client requested, as the client sees it. */
  public String url() {
    String query = ctx.queryString();
    return scheme()
        + "://"
        + host()
        + scriptRoot()
        + ctx.path()
        + (query == null ? "" : "?" + query);
  }

  /** Request-scoped storage, Flask's {@code g}: gone when the request ends. */
  public Map<String, Object> g() {
    if (g == null) {
      g = new HashMap<>();
    }
    return g;
  }

  /**
   * The session, Flask's {@code session}: opened by the app's {@link SessionInterface} (the signed
   * cookie by default) on first use, the same object for the rest of the request.
   */
  public Session session() {
    if (session == null) {
      session = app.sessionInterface().open(this);
    }
    return session;
  }

  /** The after-request hook that saves a session this request opened. */
  void saveSession(Response response) {
    if (session != null) {
      app.sessionInterface().save(this, session, response);
    }
  }

  /**
   * The token this request's forms send back in a hidden {@code csrf_token} field (or a script in
   * the {@code X-CSRF-Token} header); see {@code csrf_token()} in templates.
   */
  public String csrfToken() {
    return Csrf.token(this);
  }

  /**
   * Renders a template from {@code templates/} (or a blueprint's template folder, searched after
   * it: {@link Carafe#templateFolders()}) with the app's {@link TemplateRenderer}; returns HTML.
   * Every template sees {@code request}, {@code session}, {@code g} and what the context processors
   * of the app (and of the route's blueprints, outermost first) add, under the model.
   */
  public String render(String template, Map<String, ?> model) {
    Map<String, Object> context = new HashMap<>();
    context.put("request", this);
    context.put("session", new SessionValues(this));
    context.put("g", g());
    // The app first, the route's own blueprint last, so that it has the last word, as in Flask.
    List<Scaffold<?>> scopes =
        route().map(Route::owner).map(Blueprint::scopes).orElse(List.of(app));
    for (int i = scopes.size() - 1; i >= 0; i--) {
      addContext(context, scopes.get(i).contextProcessors);
    }
    context.putAll(model);
    try {
      return app.templateRenderer().render(template, context);
    } catch (RuntimeException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Rendering " + template + " failed: " + e, e);
    }
  }

  private void addContext(Map<String, Object> context, List<ContextProcessor> processors) {
    for (ContextProcessor processor : processors) {
      try {
        context.putAll(processor.values(this));
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("A template context processor failed: " + e, e);
      }
    }
  }

  /** Builds a URL for an endpoint; see {@link Carafe#urlFor(String, Map)}. */
  public String urlFor(String endpoint, Map<String, ?> values) {
    return app.urlFor(this, endpoint, values);
  }

  public String urlFor(String endpoint) {
    return urlFor(endpoint, Map.of());
  }

  private ClientView client() {
    if (client == null) {
      client = ClientView.of(ctx, app.trustedProxies());
    }
    return client;
  }

  @Override
  public String toString() {
    return method() + " " + path;
  }

  /** {@code session} in templates: the session, opened only if the template reads it. */
  private static final class SessionValues extends AbstractMap<String, Object> {
    private final Request request;

    SessionValues(Request request) {
      this.request = request;
    }

    @Override
    public Object get(Object key) {
      return key instanceof String k ? request.session().get(k).orElse(null) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return key instanceof String k && request.session().contains(k);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return request.session().asMap().entrySet();
    }
  }
}
