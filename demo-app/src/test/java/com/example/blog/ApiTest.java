package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.test.CarafeTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API, the fixed endpoints and readiness: what programs rely on. */
class ApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path instance;

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }

  @Test
  void jsonApiAgreesWithThePages() throws Exception {
    CarafeTest.test(
        AppTest.app(instance),
        (server, client) -> {
          try (Browser ann = new Browser(server)) {
            ann.register("ann", "secret words");
            ann.logIn("ann", "secret words");
            ann.submit("/create", "/create", "title", "From the page", "body", "written in HTML");
          }
          var created =
              client
                  .post("/api/posts")
                  .header("Authorization", basic("ann", "secret words"))
                  .header("Content-Type", "application/json")
                  .body("{\"title\":\"From the API\",\"body\":\"written as <json>\"}")
                  .asString();
          assertEquals(201, created.getStatus(), created.getBody());
          assertEquals("/api/posts/2", created.getHeaders().getFirst("Location"));
          assertEquals("From the API", json(created.getBody()).get("title").asText());

          JsonNode posts = json(client.get("/api/posts").asString().getBody());
          assertEquals(2, posts.size());
          assertEquals(
              List.of("From the API", "From the page"),
              List.of(posts.get(0).get("title").asText(), posts.get(1).get("title").asText()));
          assertEquals("ann", posts.get(1).get("author").asText());
          String html = client.get("/").asString().getBody();
          for (JsonNode post : posts) {
            assertTrue(html.contains("<h1>" + post.get("title").asText() + "</h1>"), html);
            assertTrue(html.contains("on " + post.get("created").asText().substring(0, 10)), html);
          }
          assertTrue(html.contains("written as &lt;json&gt;"), html);
          JsonNode one = json(client.get("/api/posts/1").asString().getBody());
          assertEquals("written in HTML", one.get("body").asText());
        });
  }

  @Test
  void apiWritesNeedValidCredentials() throws Exception {
    CarafeTest.test(
        AppTest.app(instance),
        (server, client) -> {
          try (Browser ann = new Browser(server)) {
            ann.register("ann", "pw");
          }
          for (String auth :
              new String[] {null, basic("ann", "wrong"), basic("nobody", "pw"), "Basic !!"}) {
            var request = client.post("/api/posts").header("Content-Type", "application/json");
            if (auth != null) {
              request = request.header("Authorization", auth);
            }
            var refused = request.body("{\"title\":\"x\"}").asString();
            assertEquals(401, refused.getStatus(), String.valueOf(auth));
            assertTrue(
                refused.getHeaders().getFirst("WWW-Authenticate").startsWith("Basic realm="));
            assertEquals("application/problem+json", refused.getHeaders().getFirst("Content-Type"));
          }
          var untitled =
              client
                  .post("/api/posts")
                  .header("Authorization", basic("ann", "pw"))
                  .header("Content-Type", "application/json")
                  .body("{\"body\":\"no title\"}")
                  .asString();
          assertEquals(400, untitled.getStatus());
          assertEquals(0, json(client.get("/api/posts").asString().getBody()).size());
          var missing = client.get("/api/posts/42").asString();
          assertEquals(404, missing.getStatus());
          assertEquals("Post 42 does not exist.", json(missing.getBody()).get("detail").asText());
        });
  }

  @Test
  void failedBasicCredentialsAreAnswered429PastTheLimits() throws Exception {
    CarafeTest.test(
        AuthTest.limited(instance, 3, 2, 2),
        (server, client) -> {
          try (Browser ann = new Browser(server)) {
            ann.register("ann", "pw");
          }
          List<Integer> statuses = new ArrayList<>();
          for (String password : List.of("guess 1", "guess 2", "guess 3", "pw")) {
            statuses.add(post(client, basic("ann", password)).getStatus());
          }
          assertEquals(List.of(401, 401, 429, 429), statuses, "the account waits, right or not");
          var limited = post(client, basic("bob", "x"));
          assertEquals(401, limited.getStatus(), "another account, from the same address");
          limited = post(client, basic("carl", "x"));
          assertEquals(429, limited.getStatus());
          assertEquals("application/problem+json", limited.getHeaders().getFirst("Content-Type"));
          assertTrue(Integer.parseInt(limited.getHeaders().getFirst("Retry-After")) > 3500);
          assertTrue(json(limited.getBody()).get("detail").asText().contains("from your address"));
        });
  }

  @Test
  void aPasswordCheckPastTheHashingBoundIs503AtOnce() throws Exception {
    CarafeTest.test(
        AuthTest.limited(instance, 10, 10, 0),
        (server, client) -> {
          var busy = post(client, basic("ann", "pw"));
          assertEquals(503, busy.getStatus());
          assertEquals("1", busy.getHeaders().getFirst("Retry-After"));
          try (Browser ann = new Browser(server)) {
            assertEquals(503, ann.logIn("ann", "pw").getStatus());
          }
        });
  }

  private static HttpResponse<String> post(UnirestInstance client, String authorization) {
    return client
        .post("/api/posts")
        .header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .body("{\"title\":\"x\"}")
        .asString();
  }

  @Test
  void fixedEndpointsKeepTheirContract() throws Exception {
    CarafeTest.test(
        AppTest.app(instance),
        (server, client) -> {
          assertEquals(
              "{\"message\":\"Hello, World!\"}", client.get("/api/hello").asString().getBody());
          JsonNode who = json(client.get("/api/whoami").asString().getBody());
          assertEquals("127.0.0.1", who.get("ip").asText());
          assertEquals("http", who.get("scheme").asText());
          assertEquals("127.0.0.1:" + server.port(), who.get("host").asText());
          assertEquals(200, client.get("/healthz").asString().getStatus());
          var css = client.get("/static/app.css").asString();
          assertEquals(200, css.getStatus());
          assertTrue(css.getHeaders().getFirst("Content-Type").startsWith("text/css"));
          assertTrue(client.get("/").asString().getBody().contains("/static/app.css?v="));
        });
  }

  @Test
  void readinessFollowsTheDatabase() throws Exception {
    CarafeTest.test(
        AppTest.app(instance),
        (server, client) -> {
          var ready = client.get("/readyz").asString();
          assertEquals(200, ready.getStatus(), ready.getBody());
          assertTrue(json(ready.getBody()).get("checks").get("database").asBoolean());
          Path file = instance.resolve("blog.sqlite");
          Files.delete(file);
          Files.createDirectory(file); // now nothing can open it
          var broken = client.get("/readyz").asString();
          assertEquals(503, broken.getStatus());
          assertFalse(json(broken.getBody()).get("checks").get("database").asBoolean());
        });
  }
}
