package dev.carafe.it.parity;

import dev.carafe.Blueprint;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Cookie;
import dev.carafe.HttpAbort;
import dev.carafe.Response;
import dev.carafe.View;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Carafe twin of {@code parity/flask/parity_app.py}: the same routes answering the same way,
 * written with Carafe's API. A route Carafe refuses to register (a rule it cannot parse yet) is
 * left out and listed in {@link #refused()}, so the other rows still run.
 *
 * <p>Three rows need the options Flask's routing takes; {@link #routingOptions(Carafe)} writes them
 * as a Flask user would in Carafe: {@code strictSlashes(false)}, {@code defaults(Map)} with one
 * endpoint on two rules, and a blueprint nested in another.
 *
 * <p>Aborting with headers (401 with WWW-Authenticate, 503 with Retry-After) uses the {@link
 * HttpAbort} constructor that exists; a {@code Carafe.abort(status, message, headers)} would read
 * better there.
 */
final class ParityTwin {
  private final List<String> refused = new ArrayList<>();
  private final AtomicReference<String> lastTeardownError = new AtomicReference<>("never ran");
  private final Carafe app;

  ParityTwin() {
    app =
        Carafe.create(
            Config.builder()
                .set("secret_key", "parity-test-secret-key-not-for-production")
                .set("template_folder", "parity/carafe/templates")
                // As ProxyFix(x_host=1) in front of the Flask app: the one proxy is this host.
                .set("forwarded_allow_ips", "127.0.0.1")
                .build());
    app.get("/", req -> "index");
    converters(app);
    requests(app);
    responses(app);
    cookies(app);
    errors(app);
    routingOptions(app);
  }

  /** The app, set up and not yet started. */
  Carafe app() {
    return app;
  }

  /** Rules Carafe refused to register, each with its reason. */
  List<String> refused() {
    return List.copyOf(refused);
  }

  private void converters(Carafe app) {
    View echo = req -> req.viewArgs();
    for (String rule :
        List.of(
            "/int/<int:n>",
            "/int-range/<int(min=1, max=100):n>",
            "/signed/<int(signed=True):n>",
            "/signed-float/<float(signed=True):x>",
            "/two/<string(length=2):s>",
            "/short/<string(minlength=2, maxlength=3):s>",
            "/any/<any(a, b):choice>",
            "/str/<s>")) {
      register(rule, () -> app.get(rule, echo));
    }
  }

  private void requests(Carafe app) {
    app.get(
        "/args",
        req -> {
          Map<String, String> first = new LinkedHashMap<>();
          req.args().names().forEach(name -> first.put(name, req.args().get(name, "")));
          return first;
        });
    app.post("/form", req -> Map.of("name", req.form().require("name"))).csrfExempt();
    app.get("/a/b", req -> "a/b");
    app.get("/strict/", req -> "strict");
    app.get("/host", req -> Map.of("host", req.host()));
    app.get("/target", "target", req -> "target");
    app.get(
        "/url-for",
        req -> {
          Map<String, Object> values = new LinkedHashMap<>();
          values.put("b", "2");
          values.put("a", "1");
          values.put("skip", null);
          return Map.of("url", req.urlFor("target", values));
        });
  }

  private void responses(Carafe app) {
    app.get("/redirect-cafe", req -> Response.redirect("/str/café"));
    app.get("/text", req -> Response.of("plain text").contentType("text/plain"));
    app.get(
        "/stream",
        req ->
            Response.of(new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)))
                .contentType("text/plain"));
    app.get(
        "/flash/set",
        req -> {
          req.session().flash("first", "info").flash("second", "error");
          return Response.redirect("/flash/show");
        });
    app.get("/flash/show", req -> req.render("flashes.html", Map.of()));
  }

  private void cookies(Carafe app) {
    app.get("/cookie/set", req -> Response.of("set").cookie("spaced", "a b"));
    app.get(
        "/cookie/get",
        req -> Collections.singletonMap("spaced", req.cookie("spaced").orElse(null)));
    app.get("/cookie/delete", req -> Response.of("deleted").deleteCookie("gone"));
    app.get(
        "/cookie/options",
        req ->
            Response.of("options")
                .cookie(
                    Cookie.of("opts", "v")
                        .withMaxAge(Duration.ofHours(1))
                        .withPath("/cookie")
                        .withDomain("example.test")
                        .withSecure(true)
                        .withHttpOnly(true)
                        .withSameSite(Cookie.SameSite.STRICT)));
  }

  private void errors(Carafe app) {
    app.get(
        "/unauthorized",
        req -> {
          throw new HttpAbort(
              401, "Log in first", Map.of("WWW-Authenticate", "Basic realm=\"parity\""));
        });
    app.get(
        "/unavailable",
        req -> {
          throw new HttpAbort(503, "Down for maintenance", Map.of("Retry-After", "120"));
        });
    app.get("/teardown/abort", req -> Carafe.abort(404));
    app.get("/teardown/last", req -> Collections.singletonMap("error", lastTeardownError.get()));
    app.teardownRequest(
        (req, error) -> {
          if (req.path().equals("/teardown/abort")) {
            lastTeardownError.set(error.map(e -> e.getClass().getSimpleName()).orElse(null));
          }
        });
    app.errorHandler(409, (req, error) -> Response.of(409, "app 409 handler"));
    Blueprint handlers = new Blueprint("handlers", "/bp");
    handlers.errorHandler(
        HttpAbort.class, (req, error) -> Response.of(error.status(), "blueprint handler"));
    handlers.get("/conflict", req -> Carafe.abort(409));
    app.register(handlers);
  }

  private void routingOptions(Carafe app) {
    app.get("/loose/", "loose", req -> "loose").strictSlashes(false);

    View users = req -> Map.of("page", req.viewArgs().get("page"));
    app.get("/users/", "users", users).defaults(Map.of("page", 1));
    app.get("/users/page/<int:page>", "users", users);

    Blueprint parent = new Blueprint("parent", "/parent");
    Blueprint child = new Blueprint("child", "/child");
    child.get(
        "/x", "x", req -> Map.of("endpoint", req.endpoint().orElse(""), "url", req.urlFor(".x")));
    parent.register(child);
    app.register(parent);
  }

  private void register(String rule, Runnable registration) {
    try {
      registration.run();
    } catch (IllegalArgumentException e) {
      refused.add(rule + ": " + e.getMessage());
    }
  }
}
