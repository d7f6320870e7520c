package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

  @Test
  void aNestedBlueprintLivesUnderBothPrefixesWithADottedName() throws Exception {
    // Flask 2.2: /p/c/v answers with request.blueprint "parent.child", endpoint
    // "parent.child.v", url_for(".w") "/p/c/w"; the routes list shows parent.child.v.
    Blueprint parent = new Blueprint("parent", "/p");
    Blueprint child = new Blueprint("child", "/c");
    child.get(
        "/v",
        "v",
        req ->
            String.join(
                ",",
                req.blueprint().orElseThrow(),
                req.endpoint().orElseThrow(),
                req.urlFor(".w")));
    child.get("/w", "w", req -> "w");
    parent.register(child);
    Carafe app = app().register(parent);
    assertEquals("/p/c/v", app.urlFor("parent.child.v"));
    assertTrue(
        app.routes().stream().anyMatch(r -> r.endpoint().equals("parent.child.w")),
        app.routes().toString());
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "parent.child,parent.child.v,/p/c/w", client.get("/p/c/v").asString().getBody()));
  }

  @Test
  void aPrefixGivenAtRegistrationReplacesTheBlueprintsOwn() throws Exception {
    // Flask: register_blueprint(bp, url_prefix="/v2") serves bp's routes under /v2.
    Blueprint api = new Blueprint("api", "/api");
    api.get("/hello", "hello", req -> "hi");
    Blueprint child = new Blueprint("child", "/c");
    child.get("/x", "x", req -> "x");
    api.register(child, "/kid");
    Carafe app = app().register(api, "/v2");
    assertEquals("/v2/kid/x", app.urlFor("api.child.x"));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("hi", client.get("/v2/hello").asString().getBody());
          assertEquals(404, client.get("/api/hello").asString().getStatus());
        });
  }

  @Test
  void theParentsHooksWrapTheChildsInFlasksOrder() throws Exception {
    // Flask 2.2: before_request app, parent, child; after_request and teardown child, parent,
    // app; context processors app, parent, child, so the child's value wins.
    List<String> seen = new CopyOnWriteArrayList<>();
    Carafe app = app();
    Blueprint parent = new Blueprint("parent", "/p");
    Blueprint child = new Blueprint("child", "/c");
    // Registered child first, so that registration order cannot explain the order seen.
    traced(child, "child", seen);
    traced(parent, "parent", seen);
    traced(app, "app", seen);
    app.templateRenderer((template, context) -> String.valueOf(context.get("who")));
    child.get("/v", "v", req -> req.render("any.html", Map.of()));
    parent.register(child);
    app.register(parent);
    CarafeTest.test(
        app, (server, client) -> assertEquals("child", client.get("/p/c/v").asString().getBody()));
    assertEquals(
        List.of(
            "before app",
            "before parent",
            "before child",
            "after child",
            "after parent",
            "after app",
            "teardown child",
            "teardown parent",
            "teardown app"),
        seen);
  }

  private static void traced(Scaffold<?> scope, String name, List<String> seen) {
    scope.beforeRequest(
        req -> {
          seen.add("before " + name);
          return null;
        });
    scope.afterRequest((req, res) -> seen.add("after " + name));
    scope.teardownRequest((req, error) -> seen.add("teardown " + name));
    scope.contextProcessor(req -> Map.of("who", name));
  }

  @Test
  void theParentsErrorHandlersServeTheChildBeforeTheApps() throws Exception {
    // Flask 2.2 looks handlers up child, parent, then app: "parent".
    Blueprint parent = new Blueprint("parent", "/p");
    Blueprint child = new Blueprint("child", "/c");
    parent.errorHandler(IllegalArgumentException.class, (req, e) -> Response.of(400, "parent"));
    child.get(
        "/bad",
        req -> {
          throw new IllegalArgumentException();
        });
    parent.register(child);
    Carafe app = app().register(parent);
    app.errorHandler(IllegalArgumentException.class, (req, e) -> Response.of(400, "app"));
    CarafeTest.test(
        app,
        (server, client) -> assertEquals("parent", client.get("/p/c/bad").asString().getBody()));
  }

  @Test
  void aChildAddedAfterItsParentWasRegisteredIsServedWithItsStaticFolder() throws Exception {
    // Flask 2.2 ignores such a late child (with a deprecation warning); Carafe serves it, as it
    // serves a route added to a registered blueprint, while the app is still being set up. Its
    // static folder is Flask's <prefixes>/static, endpoint parent.docs.static.
    Blueprint parent = new Blueprint("parent", "/p");
    Carafe app = app().register(parent);
    Blueprint docs = new Blueprint("docs", "/docs").staticFolder("bpstatic");
    parent.register(docs);
    assertTrue(
        app.urlFor("parent.docs.static", Map.of("filename", "bp.txt"))
            .startsWith("/p/docs/static/bp.txt"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("bp\n", client.get("/p/docs/static/bp.txt").asString().getBody()));
  }

  @Test
  void aCsrfExemptParentExemptsItsChildren() throws Exception {
    // Flask has no CSRF protection of its own; Flask-WTF's csrf.exempt(bp) covers a blueprint's
    // views. Carafe's exemption covers what is nested in the blueprint too.
    Carafe app =
        Carafe.create(
            Config.builder().set("secret_key", "a-test-secret-of-sufficient-length").build());
    Blueprint api = new Blueprint("api", "/api").csrfExempt();
    Blueprint v2 = new Blueprint("v2", "/v2");
    v2.post("/items", "create", req -> "created");
    api.register(v2);
    app.register(api);
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("created", client.post("/api/v2/items").asString().getBody()));
  }

  @Test
  void aBlueprintRegisteredOnItselfInsideItselfOrTwiceIsRefused() {
    // Flask: "Cannot register a blueprint on itself"; registering it a second time is refused
    // unless given another name (Carafe: another Blueprint).
    Blueprint parent = new Blueprint("parent");
    Blueprint child = new Blueprint("child");
    var self = assertThrows(IllegalArgumentException.class, () -> parent.register(parent));
    assertTrue(self.getMessage().contains("on itself"), self.getMessage());
    parent.register(child);
    var cycle = assertThrows(IllegalArgumentException.class, () -> child.register(parent));
    assertTrue(cycle.getMessage().contains("inside itself"), cycle.getMessage());
    var twice = assertThrows(IllegalStateException.class, () -> app().register(child));
    assertTrue(
        twice.getMessage().contains("already registered on blueprint 'parent'"),
        twice.getMessage());
  }
}
