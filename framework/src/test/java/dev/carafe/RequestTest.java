package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import kong.unirest.core.HttpResponse;
import org.junit.jupiter.api.Test;

class RequestTest {
  record NewPost(String title, int stars) {}

  @Test
  void argsGiveFirstAllAndDefaults() throws Exception {
    Carafe app = app();
    app.get(
        "/s",
        req ->
            Map.of(
                "q",
                req.args().get("q", "-"),
                "tags",
                req.args().getAll("tag"),
                "page",
                req.args().getInt("page", 1)));
    CarafeTest.test(
        app,
        (server, client) -> {
          var json =
              dev.carafe.internal.Json.mapper()
                  .readTree(client.get("/s?q=x+y&tag=a&tag=b&page=3").asString().getBody());
          assertEquals("x y", json.get("q").asText());
          assertEquals("[\"a\",\"b\"]", json.get("tags").toString());
          assertEquals(3, json.get("page").asInt());
          String body = client.get("/s").asString().getBody();
          assertTrue(body.contains("\"q\":\"-\"") && body.contains("\"page\":1"), body);
        });
  }

  @Test
  void nonNumericIntArgIs400NamingTheParameter() throws Exception {
    Carafe app = app();
    app.get("/s", req -> String.valueOf(req.args().getInt("page", 1)));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.get("/s?page=two").header("Accept", "application/json").asString();
          assertEquals(400, r.getStatus());
          assertTrue(r.getBody().contains("'page' must be a whole number"), r.getBody());
        });
  }

  @Test
  void requiredFormFieldMissingIs400() throws Exception {
    Carafe app = app();
    app.post("/f", req -> req.form().require("title"));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals(400, client.post("/f").field("other", "x").asString().getStatus());
          assertEquals("T", client.post("/f").field("title", "T").asString().getBody());
        });
  }

  @Test
  void urlencodedFormIsRead() throws Exception {
    Carafe app = app();
    app.post("/f", req -> req.form().get("name", "") + "/" + req.form().getAll("tag"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "Ann/[a, b]",
                client
                    .post("/f")
                    .field("name", "Ann")
                    .field("tag", List.of("a", "b"))
                    .asString()
                    .getBody()));
  }

  @Test
  void multipartFormAndFilesAreRead() throws Exception {
    Carafe app = app();
    app.post(
        "/up",
        req -> {
          var file = req.file("doc").orElseThrow();
          return req.form().get("title", "")
              + ":"
              + file.filename()
              + ":"
              + new String(file.content().readAllBytes());
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          var r =
              client
                  .post("/up")
                  .field("title", "T")
                  .field("doc", new java.io.ByteArrayInputStream("hello".getBytes()), "a.txt")
                  .asString();
          assertEquals("T:a.txt:hello", r.getBody());
        });
  }

  /** Posts {@code json} to an app whose one route binds it to a {@link NewPost} and echoes it. */
  private static HttpResponse<String> postNewPost(String json) throws Exception {
    Carafe app = app();
    app.post("/posts", req -> req.json(NewPost.class));
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    CarafeTest.test(
        app,
        (server, client) ->
            answer.set(
                client
                    .post("/posts")
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .body(json)
                    .asString()));
    return answer.get();
  }

  @Test
  void jsonBodyBindsToARecord() throws Exception {
    var r = postNewPost("{\"title\":\"Hi\",\"stars\":4}");
    assertEquals("{\"title\":\"Hi\",\"stars\":4}", r.getBody());
  }

  @Test
  void malformedJsonIs400WithWhereItBroke() throws Exception {
    var r = postNewPost("{\"title\": }");
    assertEquals(400, r.getStatus());
    assertTrue(r.getBody().contains("Malformed JSON"), r.getBody());
    assertTrue(r.getBody().contains("line 1"), r.getBody());
  }

  @Test
  void wrongJsonTypeIs400NamingTheField() throws Exception {
    var r = postNewPost("{\"title\":\"x\",\"stars\":\"many\"}");
    assertEquals(400, r.getStatus());
    assertTrue(r.getBody().contains("stars"), r.getBody());
  }

  @Test
  void jsonErrorsNameTheFieldButNoJavaType() throws Exception {
    for (String[] bad :
        new String[][] {
          {"{\"title\":\"x\",\"stars\":1,\"extra\":true}", "at 'extra': unknown field"},
          {"[1, 2]", "expected an object, got an array"},
          {"{\"title\":\"x\",\"stars\":\"many\"}", "at 'stars': expected a number, got 'many'"},
          {"{\"title\":[],\"stars\":1}", "at 'title': expected a string, got an array"},
          {"{\"title\":\"x\",\n\"stars\": }", "line 2"},
          {"{\"title\":\"x\"", "Malformed JSON"}
        }) {
      var r = postNewPost(bad[0]);
      assertEquals(400, r.getStatus(), bad[0]);
      assertTrue(r.getBody().contains(bad[1]), bad[0] + " -> " + r.getBody());
      for (String javaName : new String[] {"RequestTest", "NewPost", "dev.carafe", "java.", "`"}) {
        assertFalse(r.getBody().contains(javaName), bad[0] + " -> " + r.getBody());
      }
    }
  }

  @Test
  void aBadJsonBodyIsAnsweredAsProblemJsonUnlessHtmlIsPreferred() throws Exception {
    Carafe app = app();
    app.post("/posts", req -> req.json(NewPost.class));
    CarafeTest.test(
        app,
        (server, client) -> {
          var r =
              client
                  .post("/posts")
                  .header("Content-Type", "application/json")
                  .header("Accept", "*/*")
                  .body("[]")
                  .asString();
          assertEquals(400, r.getStatus());
          assertEquals("application/problem+json", r.getHeaders().getFirst("Content-Type"));
          var page =
              client
                  .post("/posts")
                  .header("Content-Type", "application/json")
                  .header("Accept", "text/html")
                  .body("[]")
                  .asString();
          assertTrue(page.getHeaders().getFirst("Content-Type").startsWith("text/html"));
        });
  }

  @Test
  void nonJsonContentTypeIs415() throws Exception {
    Carafe app = app();
    app.post("/posts", req -> req.json());
    CarafeTest.test(
        app,
        (server, client) -> {
          var r = client.post("/posts").header("Content-Type", "text/plain").body("{}").asString();
          assertEquals(415, r.getStatus());
          assertTrue(r.getBody().contains("application/json"), r.getBody());
        });
  }

  @Test
  void jsonBodiesArePlainJavaValues() throws Exception {
    Carafe app = app();
    app.post(
        "/j",
        req -> {
          Map<?, ?> body = (Map<?, ?>) req.json();
          List<?> tags = (List<?>) body.get("tags");
          Map<?, ?> author = (Map<?, ?>) body.get("author");
          return String.join(
              " ",
              body.getClass().getSimpleName(),
              body.get("title").getClass().getSimpleName(),
              body.get("stars").getClass().getSimpleName(),
              body.get("ratio").getClass().getSimpleName(),
              body.get("draft").getClass().getSimpleName(),
              tags.getClass().getSimpleName(),
              String.valueOf(tags),
              String.valueOf(author.get("name")),
              String.valueOf(body.containsKey("none") && body.get("none") == null));
        });
    app.post("/list", req -> ((List<?>) req.json()).size());
    app.post("/text", req -> req.json().getClass().getSimpleName() + " " + req.json());
    CarafeTest.test(
        app,
        (server, client) -> {
          String json =
              "{\"title\":\"Hi\",\"stars\":4,\"ratio\":0.5,\"draft\":true,"
                  + "\"tags\":[\"a\",\"b\"],\"author\":{\"name\":\"ann\"},\"none\":null}";
          assertEquals(
              "LinkedHashMap String Integer Double Boolean ArrayList [a, b] ann true",
              client
                  .post("/j")
                  .header("Content-Type", "application/json")
                  .body(json)
                  .asString()
                  .getBody());
          assertEquals(
              "3",
              client
                  .post("/list")
                  .header("Content-Type", "application/json")
                  .body("[1,2,3]")
                  .asString()
                  .getBody());
          assertEquals(
              "String hello",
              client
                  .post("/text")
                  .header("Content-Type", "application/json")
                  .body("\"hello\"")
                  .asString()
                  .getBody());
        });
  }

  @Test
  void deeplyNestedJsonIsRefusedWith400() throws Exception {
    Carafe app = app();
    app.post("/j", req -> ((List<?>) req.json()).size());
    CarafeTest.test(
        app,
        (server, client) -> {
          String deep = "[".repeat(5000) + "]".repeat(5000);
          assertEquals(
              400,
              client
                  .post("/j")
                  .header("Content-Type", "application/json")
                  .body(deep)
                  .asString()
                  .getStatus());
        });
  }

  @Test
  void plusJsonContentTypesCount() throws Exception {
    Carafe app = app();
    app.post("/j", req -> ((Map<?, ?>) req.json()).get("a"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "b",
                client
                    .post("/j")
                    .header("Content-Type", "application/merge-patch+json")
                    .body("{\"a\":\"b\"}")
                    .asString()
                    .getBody()));
  }

  @Test
  void cookiesAndHeadersAreRead() throws Exception {
    Carafe app = app();
    app.get(
        "/c",
        req -> req.cookie("theme").orElse("none") + "/" + req.header("X-Mode").orElse("none"));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "dark/fast",
                client
                    .get("/c")
                    .header("Cookie", "theme=dark")
                    .header("X-Mode", "fast")
                    .asString()
                    .getBody()));
  }

  @Test
  void remoteAddrIsThePeerWithoutProxyHeaders() throws Exception {
    Carafe app = app();
    app.get("/ip", req -> req.remoteAddr());
    CarafeTest.test(
        app, (server, client) -> assertEquals("127.0.0.1", client.get("/ip").asString().getBody()));
  }

  @Test
  void forwardedForFromATrustedProxyIsBelieved() throws Exception {
    Carafe app = app();
    app.get("/ip", req -> req.remoteAddr() + " " + req.scheme());
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "203.0.113.7 https",
                client
                    .get("/ip")
                    .header("X-Forwarded-For", "203.0.113.7")
                    .header("X-Forwarded-Proto", "https")
                    .asString()
                    .getBody()));
  }

  @Test
  void forwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
    Carafe app = AppTesting.app("forwarded_allow_ips", "10.0.0.0/8");
    app.get("/ip", req -> req.remoteAddr() + " " + req.scheme());
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "127.0.0.1 http",
                client
                    .get("/ip")
                    .header("X-Forwarded-For", "203.0.113.7")
                    .header("X-Forwarded-Proto", "https")
                    .asString()
                    .getBody()));
  }

  @Test
  void bogusForwardedProtoIsIgnored() throws Exception {
    Carafe app = app();
    app.get("/s", req -> req.scheme());
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "http",
                client.get("/s").header("X-Forwarded-Proto", "javascript").asString().getBody()));
  }

  @Test
  void urlIsRebuiltAsTheClientSeesIt() throws Exception {
    Carafe app = app();
    app.get("/u", req -> req.url());
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "http://127.0.0.1:" + server.port() + "/u?a=1",
                client.get("/u?a=1").asString().getBody()));
  }

  @Test
  void unknownUrlValueNameIsAProgrammingError() throws Exception {
    Carafe app = app();
    app.get("/u/<int:id>", req -> req.param("name"));
    CarafeTest.test(
        app, (server, client) -> assertEquals(500, client.get("/u/1").asString().getStatus()));
  }
}
