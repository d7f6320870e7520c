package dev.carafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.List;
import java.util.Map;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

class CsrfTest {
  private static final String SECRET = "a-test-secret-of-sufficient-length";

  /** A browser's view of the app: a session cookie and a token from a rendered form. */
  record Visit(String cookie, String token) {}

  static Carafe app(Map<String, String> settings) {
    Config.Builder config = Config.builder().set("secret_key", SECRET);
    settings.forEach(config::set);
    Carafe app = Carafe.create(config.build());
    app.get("/form", req -> Csrf.token(req));
    app.post("/submit", req -> "accepted " + req.form().get("title", ""));
    app.delete("/things/<int:id>", req -> "deleted " + req.intParam("id"));
    app.post("/hook", req -> "hooked").csrfExempt();
    Blueprint api = new Blueprint("api", "/api").csrfExempt();
    api.post("/items", req -> "created");
    app.register(api);
    return app;
  }

  /** The value of the session cookie a response sets, or null when it sets none. */
  private static String sessionCookie(HttpResponse<?> response) {
    List<String> all = response.getHeaders().get("Set-Cookie");
    String header = all.stream().filter(c -> c.startsWith("session=")).findFirst().orElse(null);
    return header == null ? null : header.substring("session=".length()).split(";", 2)[0];
  }

  private static UnirestInstance withoutCookieJar(UnirestInstance client) {
    client.config().enableCookieManagement(false);
    return client;
  }

  static Visit visit(UnirestInstance client) {
    var page = client.get("/form").asString();
    return new Visit(sessionCookie(page), page.getBody());
  }

  @Test
  void formPostWithoutTokenIsRefused() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          Visit visit = visit(client);
          var refused =
              client
                  .post("/submit")
                  .header("Cookie", "session=" + visit.cookie())
                  .field("title", "hello")
                  .asString();
          assertEquals(400, refused.getStatus());
          assertTrue(refused.getBody().contains("The CSRF token is missing."), refused.getBody());
          assertEquals(400, client.post("/submit").asString().getStatus(), "no body, no token");
        });
  }

  @Test
  void formPostWithWrongTokenIsRefused() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          Visit mine = visit(client);
          Visit someoneElses = visit(client);
          for (String token :
              new String[] {"nonsense", someoneElses.token(), mine.token().substring(1)}) {
            var refused =
                client
                    .post("/submit")
                    .header("Cookie", "session=" + mine.cookie())
                    .field("csrf_token", token)
                    .asString();
            assertEquals(400, refused.getStatus(), token);
            assertTrue(refused.getBody().contains("The CSRF token is invalid."), refused.getBody());
          }
        });
  }

  @Test
  void tokenWithoutItsSessionIsRefused() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          Visit visit = visit(client);
          var refused = client.post("/submit").field("csrf_token", visit.token()).asString();
          assertEquals(400, refused.getStatus());
          assertTrue(refused.getBody().contains("session token is missing"), refused.getBody());
        });
  }

  @Test
  void formPostWithTheRightTokenPasses() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          Visit visit = visit(client);
          var accepted =
              client
                  .post("/submit")
                  .header("Cookie", "session=" + visit.cookie())
                  .field("csrf_token", visit.token())
                  .field("title", "hello")
                  .asString();
          assertEquals(200, accepted.getStatus(), accepted.getBody());
          assertEquals("accepted hello", accepted.getBody());
          var multipart =
              client
                  .post("/submit")
                  .header("Cookie", "session=" + visit.cookie())
                  .field("csrf_token", visit.token())
                  .field("file", new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}), "a.bin")
                  .asString();
          assertEquals(200, multipart.getStatus(), multipart.getBody());
          var header =
              client
                  .delete("/things/3")
                  .header("Cookie", "session=" + visit.cookie())
                  .header("X-CSRF-Token", visit.token())
                  .asString();
          assertEquals("deleted 3", header.getBody());
        });
  }

  @Test
  void tokensAreMaskedAnewButShareTheSessionSecret() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          Visit first = visit(client);
          var again = client.get("/form").header("Cookie", "session=" + first.cookie()).asString();
          assertNotEquals(first.token(), again.getBody(), "each page gets a fresh mask");
          var accepted =
              client
                  .post("/submit")
                  .header("Cookie", "session=" + first.cookie())
                  .field("csrf_token", again.getBody())
                  .asString();
          assertEquals(200, accepted.getStatus());
        });
  }

  @Test
  void exemptRoutesBlueprintsAndJsonBodiesSkipTheCheck() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          assertEquals("hooked", client.post("/hook").field("a", "b").asString().getBody());
          assertEquals("created", client.post("/api/items").field("a", "b").asString().getBody());
          var json =
              client
                  .post("/submit")
                  .header("Content-Type", "application/json")
                  .body("{}")
                  .asString();
          assertEquals(200, json.getStatus(), "a cross-site page cannot send JSON unasked");
          assertEquals(404, client.post("/nowhere").asString().getStatus());
        });
  }

  @Test
  void nearMissContentTypesNeedTheTokenLikeEveryBodyButJson() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          Visit visit = visit(client);
          for (String type :
              new String[] {
                "application/x-www-form-urlencodedx",
                "application/x-www-form-urlencoded-foo",
                "multipart/form-datax; boundary=x",
                "text/plainx",
                "application/jsonx",
                "text/json",
                "application/json, text/plain",
                "application/octet-stream",
                "application/xml"
              }) {
            var refused =
                client
                    .post("/submit")
                    .header("Cookie", "session=" + visit.cookie())
                    .header("Content-Type", type)
                    .body("title=forged&csrf_token=" + visit.token())
                    .asString();
            assertEquals(400, refused.getStatus(), type);
            assertTrue(refused.getBody().contains("The CSRF token is missing."), type);
          }
          var header =
              client
                  .post("/submit")
                  .header("Cookie", "session=" + visit.cookie())
                  .header("Content-Type", "application/octet-stream")
                  .header("X-CSRF-Token", visit.token())
                  .body("raw")
                  .asString();
          assertEquals(200, header.getStatus(), "any body passes with the token in the header");
        });
  }

  @Test
  void checkCanBeTurnedOff() throws Exception {
    CarafeTest.test(
        app(Map.of("csrf_enabled", "false")),
        (server, client) ->
            assertEquals(200, client.post("/submit").field("a", "b").asString().getStatus()));
  }
}
