package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HooksTest {
  @Test
  void beforeRequestCanShortCircuit() throws Exception {
    Carafe app = app();
    app.beforeRequest(
        req -> req.header("X-Token").isPresent() ? null : Response.of(401, "token please"));
    app.get("/data", req -> "data");
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals(401, client.get("/data").asString().getStatus());
          assertEquals("data", client.get("/data").header("X-Token", "t").asString().getBody());
        });
  }

  @Test
  void beforeRequestKnowsTheEndpoint() throws Exception {
    Carafe app = app();
    app.beforeRequest(
        req -> {
          req.g().put("endpoint", req.endpoint().orElse("none"));
          return null;
        });
    app.get("/users/<int:id>", "user", req -> req.g().get("endpoint"));
    CarafeTest.test(
        app, (server, client) -> assertEquals("user", client.get("/users/1").asString().getBody()));
  }

  @Test
  void afterRequestChangesTheResponseInReverseOrder() throws Exception {
    Carafe app = app();
    app.afterRequest(
        (req, res) -> res.header("X-Order", res.header("X-Order").orElse("") + "first"));
    app.afterRequest((req, res) -> res.header("X-Order", "second,"));
    app.get("/", req -> "home");
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "second,first", client.get("/").asString().getHeaders().getFirst("X-Order")));
  }

  @Test
  void afterRequestRunsOnErrorResponsesToo() throws Exception {
    Carafe app = app();
    app.afterRequest((req, res) -> res.header("X-Seen", String.valueOf(res.status())));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("404", client.get("/missing").asString().getHeaders().getFirst("X-Seen")));
  }

  @Test
  void afterRequestCanReplaceTheBody() throws Exception {
    Carafe app = app();
    app.afterRequest((req, res) -> res.body(res.body().orElse("") + "!"));
    app.get("/", req -> "hi");
    CarafeTest.test(
        app, (server, client) -> assertEquals("hi!", client.get("/").asString().getBody()));
  }

  @Test
  void teardownAlwaysRunsAndSeesTheException() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    Carafe app = app();
    app.teardownRequest(
        (req, error) ->
            seen.add(req.path() + ":" + error.map(e -> e.getClass().getSimpleName()).orElse("ok")));
    app.get("/ok", req -> "ok");
    app.get(
        "/boom",
        req -> {
          throw new IllegalStateException();
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          client.get("/ok").asString();
          client.get("/boom").asString();
        });
    assertEquals(List.of("/ok:ok", "/boom:IllegalStateException"), seen);
  }

  @Test
  void failingTeardownDoesNotBreakTheResponse() throws Exception {
    Carafe app = app();
    app.teardownRequest(
        (req, error) -> {
          throw new IllegalStateException("teardown broke");
        });
    app.get("/", req -> "fine");
    CarafeTest.test(
        app, (server, client) -> assertEquals("fine", client.get("/").asString().getBody()));
  }

  @Test
  void gIsFreshForEachRequest() throws Exception {
    Carafe app = app();
    app.get(
        "/count",
        req -> {
          req.g().merge("n", 1, (a, b) -> (Integer) a + (Integer) b);
          return String.valueOf(req.g().get("n"));
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("1", client.get("/count").asString().getBody());
          assertEquals("1", client.get("/count").asString().getBody());
        });
  }

  @Test
  void currentRequestIsReachableStaticallyDuringARequest() throws Exception {
    Carafe app = app();
    app.get("/who", req -> Carafe.request().path());
    CarafeTest.test(
        app, (server, client) -> assertEquals("/who", client.get("/who").asString().getBody()));
  }

  @Test
  void currentRequestOutsideARequestFailsClearly() {
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, Carafe::request);
    assertTrue(e.getMessage().contains("outside of request context"));
  }

  @Test
  void failingAfterHookGoesToTheErrorHandlers() throws Exception {
    Carafe app = app();
    app.afterRequest(
        (req, res) -> {
          throw new IllegalStateException("after broke");
        });
    app.get("/", req -> "x");
    CarafeTest.test(
        app, (server, client) -> assertEquals(500, client.get("/").asString().getStatus()));
  }

  @Test
  void aFailingAfterHookIsAnsweredByTheServerErrorHandlersOnly() throws Exception {
    // Flask 2.2: an after_request raising ValueError never reaches errorhandler(ValueError); the
    // 500 handler answers (original_exception=ValueError), the after_request hooks run again on
    // that 500, and teardown is told of the ValueError.
    List<String> seen = new CopyOnWriteArrayList<>();
    Carafe app = app();
    app.errorHandler(IllegalArgumentException.class, (req, e) -> Response.of(400, "own type"));
    app.errorHandler(
        500,
        (req, e) -> {
          seen.add("500 handler, cause " + e.getCause().getMessage());
          return "server error page";
        });
    app.afterRequest(
        (req, res) -> {
          seen.add("after " + res.status());
          if (res.status() == 200) {
            throw new IllegalArgumentException("after broke");
          }
        });
    app.teardownRequest(
        (req, error) -> seen.add("teardown " + error.map(Throwable::getMessage).orElse("none")));
    app.get("/", req -> "x");
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/").asString();
          assertEquals(500, r.getStatus());
          assertEquals("server error page", r.getBody());
        });
    assertEquals(
        List.of("after 200", "500 handler, cause after broke", "after 500", "teardown after broke"),
        seen);
  }

  @Test
  void anAbortInAnAfterHookIsAServerErrorNotItsStatus() throws Exception {
    // Flask 2.2: abort(403) in an after_request skips errorhandler(403); errorhandler(Exception)
    // gets the InternalServerError and the answer is a 500.
    Carafe app = app();
    app.errorHandler(403, (req, e) -> "forbidden page");
    app.errorHandler(
        Exception.class, (req, e) -> "caught " + ((HttpAbort) e).status() + " from the hook");
    app.afterRequest(
        (req, res) -> {
          if (res.status() == 200) {
            throw Carafe.abort(403);
          }
        });
    app.get("/", req -> "x");
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/").asString();
          assertEquals(500, r.getStatus());
          assertEquals("caught 500 from the hook", r.getBody());
        });
  }

  @Test
  void teardownIsToldOnlyOfUnhandledErrors() throws Exception {
    // Flask's teardown_request gets None after an abort (an HTTPException Flask answers itself)
    // and after an error a handler answered; an error no handler took reaches it, even when a 500
    // handler rendered the page.
    List<String> seen = new CopyOnWriteArrayList<>();
    Carafe app = app();
    app.teardownRequest(
        (req, error) ->
            seen.add(
                req.path() + ":" + error.map(e -> e.getClass().getSimpleName()).orElse("none")));
    app.errorHandler(IllegalArgumentException.class, (req, e) -> Response.of(400, "handled"));
    app.errorHandler(500, (req, e) -> "sorry");
    app.get("/forbidden", req -> Carafe.abort(403));
    app.get(
        "/handled",
        req -> {
          throw new IllegalArgumentException();
        });
    app.get(
        "/unhandled",
        req -> {
          throw new IllegalStateException();
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          for (String path : List.of("/missing", "/forbidden", "/handled", "/unhandled")) {
            client.get(path).asString();
          }
        });
    assertEquals(
        List.of(
            "/missing:none",
            "/forbidden:none",
            "/handled:none",
            "/unhandled:IllegalStateException"),
        seen);
  }

  @Test
  void teardownIsToldWhenAnErrorHandlerFails() throws Exception {
    // Flask: an exception raised by an error handler goes unhandled, so teardown receives it.
    List<Optional<Throwable>> seen = new CopyOnWriteArrayList<>();
    Carafe app = app();
    app.teardownRequest((req, error) -> seen.add(error));
    app.errorHandler(
        404,
        (req, e) -> {
          throw new IllegalStateException("handler broke");
        });
    CarafeTest.test(
        app, (server, client) -> assertEquals(500, client.get("/missing").asString().getStatus()));
    assertEquals("handler broke", seen.get(0).orElseThrow().getMessage());
  }
}
