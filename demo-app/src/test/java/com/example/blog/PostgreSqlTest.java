package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.test.CarafeTest;
import dev.carafe.test.PostgreSql;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The blog on PostgreSQL, as deployed: production mode, so nothing migrates by itself; the deployer
 * runs db-migrate; then people use it over HTTP. Nothing but the database settings changes.
 */
class PostgreSqlTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theBlogRunsOnPostgreSqlOnceDbMigrateHasRun() throws Exception {
    assumeTrue(PostgreSql.binaries().isPresent(), PostgreSql.MISSING);
    try (PostgreSql postgres = PostgreSql.start()) {
      Config config =
          Config.builder()
              .set("mode", "production")
              .set("secret_key", "a-secret-key-for-tests")
              .set("database_url", postgres.jdbcUrl())
              .set("database_user", postgres.user())
              .build();
      try (Carafe app = App.create(config)) {
        assertEquals(0, app.runCommand("db-migrate", List.of()));
        assertEquals(0, app.runCommand("db-migrate", List.of()), "a second run changes nothing");
        CarafeTest.test(
            app,
            (server, client) -> {
              try (Browser ann = new Browser(server)) {
                assertEquals(302, ann.register("ann", "correct horse").getStatus());
                assertEquals(
                    200, ann.register("ann", "again").getStatus(), "the name is taken: the form");
                assertEquals(302, ann.logIn("ann", "correct horse").getStatus());
                var created =
                    ann.submit("/create", "/create", "title", "On PostgreSQL", "body", "It works.");
                assertEquals(302, created.getStatus(), created.getBody());
                assertTrue(ann.get("/").getBody().contains("On PostgreSQL"));
              }
              JsonNode post = JSON.readTree(client.get("/api/posts/1").asString().getBody());
              assertEquals("On PostgreSQL", post.get("title").asText());
              assertEquals("ann", post.get("author").asText());
              assertTrue(
                  post.get("created")
                      .asText()
                      .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
                  post.toString());
              var api =
                  client
                      .post("/api/posts")
                      .basicAuth("ann", "correct horse")
                      .header("Content-Type", "application/json")
                      .body("{\"title\":\"From the API\",\"body\":\"\"}")
                      .asString();
              assertEquals(201, api.getStatus(), api.getBody());
              assertEquals(2, JSON.readTree(client.get("/api/posts").asString().getBody()).size());
              assertEquals(200, client.get("/readyz").asString().getStatus());
            });
        assertEquals(0, app.runCommand("init-db", List.of()));
        CarafeTest.test(
            app,
            (server, client) -> assertEquals("[]", client.get("/api/posts").asString().getBody()));
      }
    }
  }
}
