package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.internal.Router;
import dev.carafe.internal.ServerView;
import dev.carafe.test.CarafeTest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingTest {
  @Test
  void everyVerbHasItsShortcut() throws Exception {
    Carafe app = app();
    app.get("/r", req -> "get");
    app.post("/r", req -> "post");
    app.put("/r", req -> "put");
    app.patch("/r", req -> "patch");
    app.delete("/r", req -> "delete");
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("get", client.get("/r").asString().getBody());
          assertEquals("post", client.post("/r").asString().getBody());
          assertEquals("put", client.put("/r").asString().getBody());
          assertEquals("patch", client.patch("/r").asString().getBody());
          assertEquals("delete", client.delete("/r").asString().getBody());
        });
  }

  @Test
  void matchNamesTheRouteARequestReachesAsTheAppDispatchesIt() {
    Carafe app = app();
    Route hello = app.get("/api/hello", req -> "hi").nonBlocking();
    Route user = app.get("/users/<int:id>", req -> "user");
    assertEquals(Optional.of(hello), routeFor(app, "GET", "/api/hello"));
    assertEquals(Optional.of(hello), routeFor(app, "HEAD", "/api/hello"));
    assertEquals(Optional.of(user), routeFor(app, "GET", "/users/7"));
    assertEquals(Optional.empty(), routeFor(app, "GET", "/users/abc"));
    assertEquals(Optional.empty(), routeFor(app, "POST", "/api/hello"));
    assertTrue(hello.isNonBlocking());
    assertFalse(user.isNonBlocking());
  }

  @Test
  void theServersEarlyMatchTellsNonBlockingViewsAndIsReusedForItsOwnMethodAndPathOnly() {
    Carafe app = app();
    Route hello = app.get("/api/hello", req -> "hi").nonBlocking();
    Route user = app.get("/users/<int:id>", req -> "user");
    var early = ServerView.of(app).nonBlockingViews().orElseThrow();
    assertTrue(early.apply("GET", "/api/hello").nonBlocking());
    assertFalse(early.apply("GET", "/users/7").nonBlocking());
    assertFalse(early.apply("GET", "/no/such/page").nonBlocking());

    var userMatch = early.apply("GET", "/users/7");
    assertEquals(Optional.of(user), routeFor(app, "GET", "/users/7", userMatch));
    assertEquals(Optional.of(hello), routeFor(app, "GET", "/api/hello", userMatch));
    assertEquals(Optional.empty(), routeFor(app, "POST", "/users/7", userMatch));
  }

  @Test
  void anAppWithoutNonBlockingViewsHasNoTestForThem() {
    Carafe app = app();
    app.get("/users/<int:id>", req -> "user");
    assertTrue(ServerView.of(app).nonBlockingViews().isEmpty());
  }

  private static Optional<Route> routeFor(Carafe app, String method, String path) {
    return routeFor(app, method, path, null);
  }

  private static Optional<Route> routeFor(Carafe app, String method, String path, Object early) {
    return app.match(method, path, early) instanceof Router.Found<Route> found
        ? Optional.of(found.entry().target())
        : Optional.empty();
  }

  @Test
  void routeServesSeveralMethodsWithOneView() throws Exception {
    Carafe app = app();
    app.route("/both", List.of("GET", "POST"), req -> req.method());
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("GET", client.get("/both").asString().getBody());
          assertEquals("POST", client.post("/both").asString().getBody());
        });
  }

  @Test
  void intConverterPassesAnInteger() throws Exception {
    Carafe app = app();
    app.get("/users/<int:id>", req -> Map.of("next", req.intParam("id") + 1));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("{\"next\":8}", client.get("/users/7").asString().getBody()));
  }

  @Test
  void nonIntegerIdIs404() throws Exception {
    Carafe app = app();
    app.get("/users/<int:id>", req -> "user");
    CarafeTest.test(
        app,
        (server, client) -> assertEquals(404, client.get("/users/abc").asString().getStatus()));
  }

  @Test
  void floatUuidPathAndAnyConvertersServeTheirValues() throws Exception {
    Carafe app = app();
    app.get("/f/<float:x>", req -> String.valueOf(req.typedParam("x", Double.class) * 2));
    app.get("/u/<uuid:u>", req -> req.typedParam("u", java.util.UUID.class).toString());
    app.get("/p/<path:rest>", req -> req.param("rest"));
    app.get("/<any(about,help):page>", req -> "page " + req.param("page"));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("5.0", client.get("/f/2.5").asString().getBody());
          assertEquals(
              "123e4567-e89b-12d3-a456-426614174000",
              client.get("/u/123e4567-e89b-12d3-a456-426614174000").asString().getBody());
          assertEquals(404, client.get("/u/123").asString().getStatus());
          assertEquals("a/b/c.txt", client.get("/p/a/b/c.txt").asString().getBody());
          assertEquals("page help", client.get("/help").asString().getBody());
          assertEquals(404, client.get("/contact").asString().getStatus());
        });
  }

  @Test
  void percentEncodedValuesArriveDecoded() throws Exception {
    Carafe app = app();
    app.get("/hello/<name>", req -> req.param("name"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("Zoë Ann", client.get("/hello/Zo%C3%AB%20Ann").asString().getBody()));
  }

  @Test
  void headIsAnsweredForGetRoutesWithoutABody() throws Exception {
    Carafe app = app();
    app.get("/page", req -> "some body");
    CarafeTest.test(
        app,
        (server, client) -> {
          var head = client.head("/page").asString();
          assertEquals(200, head.getStatus());
          assertEquals("", head.getBody());
          assertEquals("9", head.getHeaders().getFirst("Content-Length"));
        });
  }

  @Test
  void optionsIsAnsweredWithAllow() throws Exception {
    Carafe app = app();
    app.get("/things", req -> "list");
    app.post("/things", req -> "made");
    CarafeTest.test(
        app,
        (server, client) -> {
          var options = client.options("/things").asString();
          assertEquals(200, options.getStatus());
          assertEquals("GET, HEAD, OPTIONS, POST", options.getHeaders().getFirst("Allow"));
        });
  }

  @Test
  void wrongMethodIs405WithAllow() throws Exception {
    Carafe app = app();
    app.get("/things", req -> "list");
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.delete("/things").asString();
          assertEquals(405, r.getStatus());
          assertEquals("GET, HEAD, OPTIONS", r.getHeaders().getFirst("Allow"));
        });
  }

  @Test
  void slashlessRequestForSlashRuleRedirectsWith308KeepingTheQuery() throws Exception {
    Carafe app = app();
    app.get("/projects/", req -> "projects");
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/projects?page=2").asString();
          assertEquals(308, r.getStatus());
          assertEquals("/projects/?page=2", r.getHeaders().getFirst("Location"));
          assertEquals("projects", client.get("/projects/").asString().getBody());
        });
  }

  @Test
  void trailingSlashOnSlashlessRuleIs404() throws Exception {
    Carafe app = app();
    app.get("/about", req -> "about");
    CarafeTest.test(
        app, (server, client) -> assertEquals(404, client.get("/about/").asString().getStatus()));
  }

  @Test
  void unknownPathIs404() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> assertEquals(404, client.get("/nothing/here").asString().getStatus()));
  }

  @Test
  void aPathWithSemicolonParametersMatchesNoRule() throws Exception {
    Carafe app = app();
    app.post("/auth/login", req -> "checked a password");
    app.get("/users/<name>", req -> "user " + req.param("name"));
    CarafeTest.test(
        app,
        (server, client) -> {
          for (String path : List.of("/auth/login;x", "/auth/login;", "/auth;x/login")) {
            String answer =
                RawHttp.exchange(
                    server.port(),
                    "POST "
                        + path
                        + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
            assertEquals(404, RawHttp.status(answer), path + ": " + answer);
          }
          assertEquals(404, client.get("/users/ann;x").asString().getStatus());
          // An encoded ";" is a character of the segment, as in Flask.
          assertEquals("user ann;x", client.get("/users/ann%3Bx").asString().getBody());
          assertEquals("checked a password", client.post("/auth/login").asString().getBody());
        });
  }

  @Test
  void anEncodedSlashIs400NotA500() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> assertEquals(400, client.get("/a/%2F/b").asString().getStatus()));
  }

  private static String raw(int port, String method, String target, String... headers)
      throws Exception {
    return RawHttp.exchange(
        port,
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: x\r\n"
            + String.join("", List.of(headers).stream().map(h -> h + "\r\n").toList())
            + "Connection: close\r\n\r\n");
  }

  @Test
  void emptyPathSegmentsRedirectToTheMergedPathKeepingTheQuery() throws Exception {
    Carafe app = app();
    app.get("/a/b", req -> "ab");
    app.get("/files/<path:rest>", req -> "rest " + req.param("rest"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: /a//b?x=1&y=2 -> 308 /a/b?x=1&y=2
          String merged = raw(server.port(), "GET", "/a//b?x=1&y=2");
          assertEquals(308, RawHttp.status(merged), merged);
          assertTrue(RawHttp.hasHeader(merged, "Location", "/a/b?x=1&y=2"), merged);
          // Werkzeug 2.2 merges only pairs of slashes (a bug later versions fixed): Carafe merges
          // every run, as Werkzeug 2.3 and later do.
          String three = raw(server.port(), "GET", "/a///b");
          assertTrue(RawHttp.hasHeader(three, "Location", "/a/b"), three);
          // Flask: //a/b is /a/b (leading slashes do not count), a path value keeps its "//",
          // a merged path that matches nothing is 404, and POST /a//b is 405.
          assertEquals("ab", RawHttp.body(raw(server.port(), "GET", "//a/b")));
          assertEquals("rest x//y", RawHttp.body(raw(server.port(), "GET", "/files/x//y")));
          assertEquals(404, RawHttp.status(raw(server.port(), "GET", "/a//c")));
          String post = raw(server.port(), "POST", "/a//b", "Content-Length: 0");
          assertEquals(405, RawHttp.status(post), post);
          assertTrue(RawHttp.hasHeader(post, "Allow", "GET, HEAD, OPTIONS"), post);
        });
  }

  @Test
  void unknownMethodsAre405WithAllowOnAKnownPathAnd404Elsewhere() throws Exception {
    Carafe app = app();
    app.get("/a/b", req -> "ab");
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: PROPFIND /a/b and FOO /a/b -> 405, Allow: GET, HEAD, OPTIONS; FOO /nope -> 404
          for (String method : List.of("PROPFIND", "FOO", "TRACE")) {
            String answer = raw(server.port(), method, "/a/b", "Accept: text/html");
            assertEquals(405, RawHttp.status(answer), answer);
            assertTrue(RawHttp.hasHeader(answer, "Allow", "GET, HEAD, OPTIONS"), answer);
            assertTrue(answer.contains("Method Not Allowed"), answer);
          }
          String json = raw(server.port(), "FOO", "/nope", "Accept: application/json");
          assertEquals(404, RawHttp.status(json), json);
          assertTrue(RawHttp.hasHeader(json, "Content-Type", "application/problem+json"), json);
        });
  }

  @Test
  void strictSlashesOffServesBothFormsOfThePath() throws Exception {
    Carafe app = app();
    app.get("/x/", req -> "x").strictSlashes(false);
    app.get("/z", req -> "z").strictSlashes(false);
    app.get("/u/<name>/", req -> "u " + req.param("name")).strictSlashes(false);
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask with strict_slashes=False: /x, /x/, /z and /z/ are all 200
          assertEquals("x", client.get("/x").asString().getBody());
          assertEquals("x", client.get("/x/").asString().getBody());
          assertEquals("z", client.get("/z").asString().getBody());
          assertEquals("z", client.get("/z/").asString().getBody());
          assertEquals("u ann", client.get("/u/ann").asString().getBody());
        });
  }

  @Test
  void theSlashRedirectIsOnlyForMethodsTheRuleServes() throws Exception {
    Carafe app = app();
    app.get("/y/", req -> "y");
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: GET /y -> 308 /y/, POST /y -> 404 (the rule does not take POST)
          assertEquals(308, client.get("/y").asString().getStatus());
          assertEquals(404, client.post("/y").asString().getStatus());
        });
  }

  @Test
  void derivedEndpointNamesFollowTheRule() {
    Carafe app = app();
    assertEquals("index", app.get("/", req -> "").endpoint());
    assertEquals("users_id_edit", app.get("/users/<int:id>/edit", req -> "").endpoint());
    assertEquals("users_id_edit_post", app.post("/users/<int:id>/edit", req -> "").endpoint());
  }

  @Test
  void explicitEndpointNameIsKept() {
    Carafe app = app();
    assertEquals("profile", app.get("/users/<int:id>", "profile", req -> "").endpoint());
  }
}
