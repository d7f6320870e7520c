package dev.carafe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo app as separate processes: its command line, and sessions shared by two servers. */
class DemoAppProcessesIT {
  private static final Pattern TOKEN = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

  /** {@code java -cp <this test's class path> dev.carafe.cli.Main --app App <args>}. */
  static String[] carafe(String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.carafe.cli.Main");
    command.add("--app");
    command.add("com.example.blog.App");
    command.addAll(List.of(args));
    return command.toArray(String[]::new);
  }

  static String token(HttpResponse<String> page) {
    Matcher m = TOKEN.matcher(page.getBody());
    assertTrue(m.find(), page.getBody());
    return m.group(1);
  }

  @Test
  void initDbCreatesTheDatabaseInTheInstanceFolder(@TempDir Path workDir) throws Exception {
    try (Launched initDb = Launched.start(workDir, Map.of(), carafe("init-db"))) {
      assertEquals(0, initDb.awaitExit(Duration.ofMinutes(3)), initDb.output());
      Path database = workDir.resolve("instance/app.sqlite").toRealPath();
      assertTrue(Files.size(database) > 0);
      assertTrue(
          initDb.output().contains("Initialized the database at jdbc:sqlite:" + database),
          initDb.output());
    }
  }

  @Test
  void aSessionFromOneServerIsValidOnAnother(@TempDir Path workDir) throws Exception {
    Map<String, String> env =
        Map.of(
            "CARAFE_SECRET_KEY",
            "a-shared-secret-for-both-servers-0123456789",
            "CARAFE_DATABASE_URL",
            "jdbc:sqlite:" + workDir.resolve("shared.sqlite"),
            "CARAFE_WARMUP_REQUESTS",
            "50");
    // Production workers never migrate: the deployer does, once, before they start.
    try (Launched migrate = Launched.start(workDir, env, carafe("db-migrate"))) {
      assertEquals(0, migrate.awaitExit(Duration.ofMinutes(3)), migrate.output());
    }
    int portA = Launched.freePort();
    int portB = Launched.freePort();
    try (Launched a =
            Launched.start(
                workDir, env, carafe("serve", "--workers", "1", "--bind", "127.0.0.1:" + portA));
        Launched b =
            Launched.start(
                workDir, env, carafe("serve", "--workers", "1", "--bind", "127.0.0.1:" + portB));
        UnirestInstance clientA = CarafeTest.client("http://127.0.0.1:" + portA);
        UnirestInstance clientB = CarafeTest.client("http://127.0.0.1:" + portB)) {
      a.awaitHttp("http://127.0.0.1:" + portA + "/readyz", 200, Duration.ofMinutes(3));
      b.awaitHttp("http://127.0.0.1:" + portB + "/readyz", 200, Duration.ofMinutes(3));
      clientA.config().enableCookieManagement(false);
      clientB.config().enableCookieManagement(false);

      // Register and log in on server A, keeping the session cookie by hand.
      var page = clientA.get("/auth/register").asString();
      String cookie = sessionCookie(page);
      var registered =
          clientA
              .post("/auth/register")
              .header("Cookie", cookie)
              .field("csrf_token", token(page))
              .field("username", "ann")
              .field("password", "correct horse")
              .asString();
      assertEquals(302, registered.getStatus(), registered.getBody());
      cookie = sessionCookie(registered, cookie);
      var loggedIn =
          clientA
              .post("/auth/login")
              .header("Cookie", cookie)
              .field("csrf_token", token(page))
              .field("username", "ann")
              .field("password", "correct horse")
              .asString();
      assertEquals(302, loggedIn.getStatus(), loggedIn.getBody());
      cookie = sessionCookie(loggedIn, cookie);

      // Server B knows nothing of A, yet the signed cookie logs Ann in, form token and all.
      var create = clientB.get("/create").header("Cookie", cookie).asString();
      assertEquals(200, create.getStatus(), create.getBody());
      cookie = sessionCookie(create, cookie); // the form's token went into the session
      var posted =
          clientB
              .post("/create")
              .header("Cookie", cookie)
              .field("csrf_token", token(create))
              .field("title", "Written on B")
              .field("body", "read on A")
              .asString();
      assertEquals(302, posted.getStatus(), posted.getBody());
      String onA = clientA.get("/").header("Cookie", cookie).asString().getBody();
      assertTrue(onA.contains("<span>ann</span>") && onA.contains("Written on B"), onA);
    }
  }

  private static String sessionCookie(HttpResponse<String> response) {
    return sessionCookie(response, "");
  }

  /** The Cookie header to send next: the session cookie this response set, else the old one. */
  private static String sessionCookie(HttpResponse<String> response, String previous) {
    for (String header : response.getHeaders().get("Set-Cookie")) {
      if (header.startsWith("session=")) {
        return header.split(";", 2)[0];
      }
    }
    return previous;
  }
}
