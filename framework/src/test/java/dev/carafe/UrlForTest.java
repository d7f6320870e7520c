package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.HashMap;
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

  @Test
  void queryKeepsTheMapsOrderAndLeavesOutNullValues() throws Exception {
    Carafe app = app();
    app.get("/a/b", "ab", req -> "");
    app.get(
        "/link",
        req -> {
          Map<String, Object> values = new LinkedHashMap<>();
          values.put("b", 2);
          values.put("a", 1);
          values.put("z", null);
          return req.urlFor("ab", values);
        });
    CarafeTest.test(
        app,
        // Flask: url_for("ab", b=2, a=1, z=None) -> /a/b?b=2&a=1
        (server, client) -> assertEquals("/a/b?b=2&a=1", client.get("/link").asString().getBody()));
  }

  @Test
  void aNullRouteValueIsABuildError() throws Exception {
    Carafe app = app();
    app.get("/users/<int:id>", "user", req -> "");
    app.get(
        "/link",
        req -> {
          Map<String, Object> values = new HashMap<>();
          values.put("id", null);
          try {
            return req.urlFor("user", values);
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: BuildError "Could not build url for endpoint 'user'. Did you forget to specify
          // values ['id']?"
          String message = client.get("/link").asString().getBody();
          assertTrue(message.contains("cannot build endpoint 'user'"), message);
          assertTrue(message.contains("'id' (null)"), message);
        });
  }

  @Test
  void valuesAreWrittenAsTheirConvertersWriteThem() throws Exception {
    Carafe app = app();
    app.get("/d/<int(fixed_digits=4):y>", "year", req -> "");
    app.get("/s/<int(signed=True):n>", "signed", req -> "");
    app.get("/any/<any(a, b):v>", "choice", req -> "");
    app.get(
        "/links",
        req ->
            String.join(
                " ",
                req.urlFor("year", Map.of("y", 42)),
                req.urlFor("year", Map.of("y", "7")),
                req.urlFor("signed", Map.of("n", -3L)),
                req.urlFor("choice", Map.of("v", "b"))));
    app.get(
        "/bad",
        req -> {
          try {
            return req.urlFor("choice", Map.of("v", "e"));
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: /d/0042 /d/0007 /s/-3 /any/b; url_for("choice", v="e") ValueError
          // "'e' is not one of 'a', 'b'"
          assertEquals("/d/0042 /d/0007 /s/-3 /any/b", client.get("/links").asString().getBody());
          String bad = client.get("/bad").asString().getBody();
          assertTrue(bad.contains("'e' is not one of [a, b]"), bad);
        });
  }

  @Test
  void aValueItsOwnRuleWouldRefuseIsNotBuilt() {
    // Flask builds /r/500 for <int(max=100)>, a link that is 404; Carafe refuses to write it.
    Carafe app = app();
    app.get("/r/<int(max=100):n>", "rng", req -> "");
    var e = assertThrows(IllegalArgumentException.class, () -> app.urlFor("rng", Map.of("n", 500)));
    assertTrue(e.getMessage().contains("does not fit <n>"), e.getMessage());
  }
}
