package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UrlForTest {
  @Test
  void fillsPathValuesAndAddsTheRestAsQuery() {
    Carafe app = app();
    app.get("/users/<int:id>", "user", req -> "");
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", 5);
    values.put("tab", "posts");
    assertEquals("/users/5?tab=posts", app.urlFor("user", values));
  }

  @Test
  void unknownEndpointNamesTheKnownOnes() {
    Carafe app = app();
    app.get("/a", "alpha", req -> "");
    var e = assertThrows(IllegalArgumentException.class, () -> app.urlFor("beta"));
    assertTrue(e.getMessage().contains("no endpoint 'beta'"), e.getMessage());
    assertTrue(e.getMessage().contains("alpha"), e.getMessage());
  }

  @Test
  void missingValueIsAClearError() {
    Carafe app = app();
    app.get("/users/<int:id>", "user", req -> "");
    var e = assertThrows(IllegalArgumentException.class, () -> app.urlFor("user"));
    assertTrue(e.getMessage().contains("'id'"), e.getMessage());
  }

  @Test
  void anchorIsAppended() {
    Carafe app = app();
    app.get("/doc", "doc", req -> "");
    assertEquals("/doc#part%202", app.urlFor("doc", Map.of("_anchor", "part 2")));
  }

  @Test
  void staticEndpointBuildsFileUrls() {
    assertTrue(
        app()
            .urlFor("static", Map.of("filename", "css/site.css"))
            .startsWith("/static/css/site.css"));
  }

  @Test
  void externalUrlOutsideARequestNeedsServerName() {
    Carafe app = app();
    app.get("/x", "x", req -> "");
    var e =
        assertThrows(IllegalStateException.class, () -> app.urlFor("x", Map.of("_external", true)));
    assertTrue(e.getMessage().contains("server_name"));
    Carafe named = AppTesting.app("server_name", "example.com");
    named.get("/x", "x", req -> "");
    assertEquals("http://example.com/x", named.urlFor("x", Map.of("_external", true)));
  }

  @Test
  void externalUrlInARequestUsesTheHostTheClientUsed() throws Exception {
    Carafe app = app();
    app.get("/link", req -> req.urlFor("link", Map.of("_external", true)));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "http://127.0.0.1:" + server.port() + "/link",
                client.get("/link").asString().getBody()));
  }

  @Test
  void externalUrlHonoursTrustedProxyHeaders() throws Exception {
    Carafe app = app();
    app.get("/link", req -> req.urlFor("link", Map.of("_external", true)));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r =
              client
                  .get("/link")
                  .header("X-Forwarded-Proto", "https")
                  .header("X-Forwarded-Host", "blog.example")
                  .header("X-Forwarded-Prefix", "/app")
                  .asString();
          assertEquals("https://blog.example/app/link", r.getBody());
        });
  }

  @Test
  void externalUrlIgnoresHeadersFromUntrustedPeers() throws Exception {
    Carafe app = AppTesting.app("forwarded_allow_ips", "10.9.9.9");
    app.get("/link", req -> req.urlFor("link", Map.of("_external", true)));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r =
              client
                  .get("/link")
                  .header("X-Forwarded-Proto", "https")
                  .header("X-Forwarded-Host", "evil.example")
                  .asString();
          assertEquals("http://127.0.0.1:" + server.port() + "/link", r.getBody());
        });
  }

  @Test
  void dotEndpointResolvesInTheCurrentBlueprint() throws Exception {
    Carafe app = app();
    Blueprint blog = new Blueprint("blog", "/blog");
    blog.get("/", "index", req -> req.urlFor(".post", Map.of("id", 3)));
    blog.get("/<int:id>", "post", req -> "");
    app.register(blog);
    CarafeTest.test(
        app,
        (server, client) -> assertEquals("/blog/3", client.get("/blog/").asString().getBody()));
  }

  @Test
  void staticUrlCanBeCalledFromAView() throws Exception {
    Carafe app = app();
    app.get("/", req -> Carafe.request().urlFor("static", Map.of("filename", "css/site.css")));
    CarafeTest.test(
        app,
        (server, client) ->
            assertTrue(client.get("/").asString().getBody().startsWith("/static/css/site.css")));
  }
}
