package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.database.Database;
import dev.carafe.test.CarafeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blog as its people use it: pages, forms, errors, and the init-db command. */
class AppTest {
  @TempDir Path instance;

  /** A fresh blog with its own database in {@code folder} and a fixed secret key. */
  static Carafe app(Path folder) {
    return App.create(
        Config.builder()
            .set("database_url", "jdbc:sqlite:" + folder.resolve("blog.sqlite"))
            .set("secret_key", "a-secret-key-for-tests")
            .build());
  }

  @Test
  void unknownPagesGetTheSitesErrorPage() throws Exception {
    CarafeTest.test(
        app(instance),
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

  @Test
  void authorRegistersLogsInPostsEditsAndDeletes() throws Exception {
    CarafeTest.test(
        app(instance),
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

  @Test
  void anotherUserCannotEditOrDeleteAPost() throws Exception {
    CarafeTest.test(
        app(instance),
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
  void initDbCreatesTheSchemaInTheInstanceFolderAndResetsIt() throws Exception {
    Path file = instance.resolve("nested/instance/blog.sqlite");
    Carafe app = App.create(Config.builder().set("database_url", "jdbc:sqlite:" + file).build());
    assertTrue(Files.isRegularFile(file), "created on first start");
    DataSource database = Database.of(app).dataSource();
    try (Connection db = database.getConnection();
        Statement s = db.createStatement()) {
      s.execute("INSERT INTO users (username, password) VALUES ('x', 'y')");
    }
    assertEquals(0, app.runCommand("init-db", List.of()));
    try (Connection db = database.getConnection();
        Statement s = db.createStatement();
        ResultSet rows =
            s.executeQuery("SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM post)")) {
      rows.next();
      assertEquals(0, rows.getInt(1));
      assertEquals(0, rows.getInt(2));
    }
    assertTrue(app.commands().containsKey("init-db"));
    assertTrue(app.commands().containsKey("db-migrate"));
  }
}
