package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.internal.Json;
import dev.carafe.test.CarafeTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTest {
  // snippet:app
  @TempDir Path instance;

  Carafe app() {
    return App.create(
        Config.builder()
            .set("database", instance.resolve("blog.sqlite").toString())
            .set("secret_key", "demo-app-test-secret-key")
            .build());
  }

  // end-snippet:app

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode json(String body) throws Exception {
    return Json.mapper().readTree(body);
  }

  // snippet:author
  @Test
  void authorRegistersLogsInPostsEditsAndDeletes() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          try (Browser ann = new Browser(server)) {
            var registered = ann.register("ann", "correct horse");
            assertEquals(302, registered.getStatus(), registered.getBody());
            assertEquals("/auth/login", registered.getHeaders().getFirst("Location"));
            assertTrue(ann.get("/auth/login").getBody().contains("Registered. Please log in."));

            var loggedIn = ann.logIn("ann", "correct horse");
            assertEquals(302, loggedIn.getStatus(), loggedIn.getBody());
            assertEquals("/", loggedIn.getHeaders().getFirst("Location"));
            String home = ann.get("/").getBody();
            assertTrue(home.contains("<span>ann</span>") && home.contains("Log Out"), home);
            assertTrue(home.contains("No posts yet."), home);

            var created =
                ann.submit(
                    "/create", "/create", "title", "First <post>", "body", "Hello & welcome");
            assertEquals(302, created.getStatus(), created.getBody());
            home = ann.get("/").getBody();
            assertTrue(home.contains("<h1>First &lt;post&gt;</h1>"), home);
            assertTrue(home.contains("Hello &amp; welcome"), home);
            assertTrue(home.contains("href=\"/1/update\""), home);

            var edited =
                ann.submit(
                    "/1/update", "/1/update", "title", "First post, edited", "body", "Better");
            assertEquals(302, edited.getStatus(), edited.getBody());
            home = ann.get("/").getBody();
            assertTrue(home.contains("First post, edited") && home.contains("Better"), home);

            var deleted = ann.submit("/1/update", "/1/delete");
            assertEquals(302, deleted.getStatus(), deleted.getBody());
            home = ann.get("/").getBody();
            assertTrue(home.contains("No posts yet."), home);
            assertTrue(home.contains("Deleted &quot;First post, edited&quot;."), home);

            var loggedOut = ann.submit("/", "/auth/logout");
            assertEquals(302, loggedOut.getStatus());
            assertFalse(ann.get("/").getBody().contains("Log Out"));
          }
        });
  }

  // end-snippet:author

  @Test
  void anotherUserCannotEditOrDeleteAPost() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          try (Browser ann = new Browser(server);
              Browser bob = new Browser(server)) {
            ann.register("ann", "ann's password");
            ann.logIn("ann", "ann's password");
            ann.submit("/create", "/create", "title", "Ann's post", "body", "mine");
            bob.register("bob", "bob's password");
            bob.logIn("bob", "bob's password");

            String bobsView = bob.get("/").getBody();
            assertTrue(bobsView.contains("Ann&#39;s post"), bobsView);
            assertFalse(bobsView.contains("href=\"/1/update\""), "no edit link for others");
            assertEquals(403, bob.get("/1/update").getStatus());
            // Bob's own valid token, on a form of his own, does not open Ann's post.
            var edit = bob.submit("/create", "/1/update", "title", "Bob was here", "body", "");
            assertEquals(403, edit.getStatus());
            assertTrue(edit.getBody().contains("Only its author may change this post."));
            assertEquals(403, bob.submit("/create", "/1/delete").getStatus());
            assertEquals(404, bob.get("/99/update").getStatus());

            String after = ann.get("/").getBody();
            assertTrue(after.contains("Ann&#39;s post") && !after.contains("Bob was here"), after);
          }
        });
  }

  @Test
  void anonymousVisitorsAreSentToLogIn() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          var create = client.get("/create").asString();
          assertEquals(302, create.getStatus());
          assertEquals("/auth/login?next=%2Fcreate", create.getHeaders().getFirst("Location"));
          try (Browser eve = new Browser(server)) {
            assertEquals(302, eve.submit("/auth/login", "/1/delete").getStatus());
          }
        });
  }

  @Test
  void logInReturnsToALocalNextButNeverToAnotherSite() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          try (Browser bob = new Browser(server)) {
            bob.register("bob", "a long passphrase");
            var back =
                bob.submit(
                    "/auth/login?next=/create",
                    "/auth/login?next=/create",
                    "username",
                    "bob",
                    "password",
                    "a long passphrase");
            assertEquals("/create", back.getHeaders().getFirst("Location"));
            var away =
                bob.submit(
                    "/auth/login",
                    "/auth/login?next=//evil.example/",
                    "username",
                    "bob",
                    "password",
                    "a long passphrase");
            assertEquals("/", away.getHeaders().getFirst("Location"));
          }
        });
  }

  @Test
  void wrongPasswordsAndTakenNamesAreRefused() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          try (Browser ann = new Browser(server)) {
            ann.register("ann", "right");
            var wrong = ann.logIn("ann", "wrong");
            assertEquals(200, wrong.getStatus());
            assertTrue(wrong.getBody().contains("Incorrect username or password."));
            var unknown = ann.logIn("nobody", "right");
            assertTrue(unknown.getBody().contains("Incorrect username or password."));
            var taken = ann.register("ann", "other");
            assertTrue(taken.getBody().contains("User ann is already registered."));
            var empty = ann.register("", "x");
            assertTrue(empty.getBody().contains("Username is required."));
          }
        });
  }

  @Test
  void formsWithoutTheirCsrfTokenAreRefused() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          var forged =
              client
                  .post("/auth/register")
                  .field("username", "mallory")
                  .field("password", "x")
                  .asString();
          assertEquals(400, forged.getStatus());
          assertTrue(forged.getBody().contains("CSRF"), forged.getBody());
          assertTrue(forged.getBody().contains("Carafe Blog"), "the friendly error page");
        });
  }

  @Test
  void jsonApiAgreesWithThePages() throws Exception {
    CarafeTest.test(
        app(),
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
        app(),
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
  void fixedEndpointsKeepTheirContract() throws Exception {
    CarafeTest.test(
        app(),
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
        app(),
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

  // snippet:error-page
  @Test
  void unknownPagesGetTheSitesErrorPage() throws Exception {
    CarafeTest.test(
        app(),
        (server, client) -> {
          var page = client.get("/no/such/page").asString();
          assertEquals(404, page.getStatus());
          assertTrue(
              page.getBody().contains("Carafe Blog") && page.getBody().contains("404 Not Found"));
          var json = client.get("/no/such/page").header("Accept", "application/json").asString();
          assertEquals("application/problem+json", json.getHeaders().getFirst("Content-Type"));
          assertEquals(405, client.delete("/").asString().getStatus());
        });
  }

  // end-snippet:error-page

  // snippet:init-db
  @Test
  void initDbCreatesTheSchemaInTheInstanceFolderAndResetsIt() throws Exception {
    Path file = instance.resolve("nested/instance/blog.sqlite");
    Carafe app = App.create(Config.builder().set("database", file.toString()).build());
    assertTrue(Files.isRegularFile(file), "created on first start");
    Database database = App.database(app);
    try (Connection db = database.connect();
        Statement s = db.createStatement()) {
      s.execute("INSERT INTO user (username, password) VALUES ('x', 'y')");
    }
    assertEquals(0, app.runCommand("init-db", List.of()));
    try (Connection db = database.connect();
        Statement s = db.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT (SELECT count(*) FROM user), (SELECT count(*) FROM post)")) {
      rows.next();
      assertEquals(0, rows.getInt(1));
      assertEquals(0, rows.getInt(2));
    }
    assertTrue(app.commands().containsKey("init-db"));
  }

  // end-snippet:init-db

  @Test
  void passwordsAreStoredAsSlowSaltedHashes() {
    String first = Passwords.hash("same password");
    String second = Passwords.hash("same password");
    assertTrue(first.startsWith("pbkdf2_sha256$600000$"), first);
    assertFalse(first.equals(second), "each hash has its own salt");
    assertTrue(Passwords.verify("same password", first));
    assertFalse(Passwords.verify("same password!", first));
    assertFalse(Passwords.verify("same password", "plain text"));
  }
}
