package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import org.junit.jupiter.api.Test;

class BlueprintTest {
  @Test
  void routesLiveUnderThePrefixWithPrefixedEndpoints() throws Exception {
    Blueprint auth = new Blueprint("auth", "/auth");
    auth.get("/login", "login", req -> "login form");
    Carafe app = app().register(auth);
    assertEquals("/auth/login", app.urlFor("auth.login"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("login form", client.get("/auth/login").asString().getBody()));
  }

  @Test
  void rootRuleBecomesPrefixWithSlash() {
    Blueprint blog = new Blueprint("blog", "/blog");
    Route index = blog.get("/", req -> "");
    assertEquals("/blog/", index.rule());
    assertEquals("blog.index", index.endpoint());
  }

  @Test
  void hooksApplyOnlyToTheBlueprintsRoutes() throws Exception {
    Blueprint admin = new Blueprint("admin", "/admin");
    admin.beforeRequest(req -> Response.of(403, "admins only"));
    admin.get("/panel", req -> "panel");
    Carafe app = app().register(admin);
    app.get("/public", req -> "public");
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals(403, client.get("/admin/panel").asString().getStatus());
          assertEquals("public", client.get("/public").asString().getBody());
        });
  }

  @Test
  void blueprintAfterHookRunsBeforeTheAppOne() throws Exception {
    Blueprint bp = new Blueprint("bp", "/bp");
    bp.afterRequest((req, res) -> res.header("X-Trail", "bp"));
    bp.get("/x", req -> "x");
    Carafe app = app().register(bp);
    app.afterRequest(
        (req, res) -> res.header("X-Trail", res.header("X-Trail").orElse("") + ",app"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "bp,app", client.get("/bp/x").asString().getHeaders().getFirst("X-Trail")));
  }

  @Test
  void blueprintErrorHandlerWinsForItsRoutes() throws Exception {
    Blueprint api = new Blueprint("api", "/api");
    api.errorHandler(
        IllegalArgumentException.class, (req, e) -> Response.of(400, "api: " + e.getMessage()));
    api.get(
        "/bad",
        req -> {
          throw new IllegalArgumentException("bad input");
        });
    Carafe app = app().register(api);
    app.errorHandler(IllegalArgumentException.class, (req, e) -> Response.of(400, "app"));
    app.get(
        "/bad",
        req -> {
          throw new IllegalArgumentException("x");
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("api: bad input", client.get("/api/bad").asString().getBody());
          assertEquals("app", client.get("/bad").asString().getBody());
        });
  }

  @Test
  void twoBlueprintsUnderOneNameAreRefused() {
    Carafe app = app().register(new Blueprint("blog", "/a"));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> app.register(new Blueprint("blog", "/b")));
    assertTrue(e.getMessage().contains("already registered"), e.getMessage());
  }

  @Test
  void theSameBlueprintTwiceIsRefused() {
    Blueprint bp = new Blueprint("bp");
    app().register(bp);
    assertThrows(IllegalStateException.class, () -> app().register(bp));
  }

  @Test
  void badNamesAndPrefixesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Blueprint("my.bp"));
    assertThrows(IllegalArgumentException.class, () -> new Blueprint("bp", "auth"));
    assertThrows(IllegalArgumentException.class, () -> new Blueprint("bp", "/auth/"));
  }

  @Test
  void duplicateEndpointInsideABlueprintIsRefused() {
    Blueprint bp = new Blueprint("bp");
    bp.get("/a", "same", req -> "");
    assertThrows(IllegalArgumentException.class, () -> bp.get("/b", "same", req -> ""));
  }

  @Test
  void staticFolderIsServedUnderThePrefix() throws Exception {
    Blueprint docs = new Blueprint("docs", "/docs").staticFolder("bpstatic");
    Carafe app = app().register(docs);
    assertTrue(
        app.urlFor("docs.static", java.util.Map.of("filename", "bp.txt"))
            .startsWith("/docs/static/bp.txt"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("bp\n", client.get("/docs/static/bp.txt").asString().getBody()));
  }

  @Test
  void requestKnowsItsBlueprint() throws Exception {
    Blueprint bp = new Blueprint("shop", "/shop");
    bp.get("/", req -> req.blueprint().orElse("none"));
    Carafe app = app().register(bp);
    app.get("/", req -> req.blueprint().orElse("none"));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("shop", client.get("/shop/").asString().getBody());
          assertEquals("none", client.get("/").asString().getBody());
        });
  }
}
