package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Carafe;
import dev.carafe.test.CarafeTest;
import java.nio.file.Path;
import java.time.Duration;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration and log in refuse what they must: wrong passwords, forged forms, foreign sites. */
class AuthTest {
  @TempDir Path instance;

  @Test
  void anonymousVisitorsAreSentToLogIn() throws Exception {
    CarafeTest.test(
        AppTest.app(instance),
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
        AppTest.app(instance),
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
        AppTest.app(instance),
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
        AppTest.app(instance),
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
  void aSessionCookieKeptAfterLogOutLogsNoOneIn() throws Exception {
    CarafeTest.test(
        AppTest.app(instance),
        (server, client) -> {
          try (Browser ann = new Browser(server);
              Browser annsPhone = new Browser(server);
              UnirestInstance thief = CarafeTest.client(server.url(""))) {
            thief.config().enableCookieManagement(false);
            ann.register("ann", "right");
            String cookie = sessionCookie(ann.logIn("ann", "right"));
            annsPhone.logIn("ann", "right");
            assertEquals(200, thief.get("/create").header("Cookie", cookie).asString().getStatus());

            assertEquals(302, ann.submit("/", "/auth/logout").getStatus());

            var replayed = thief.get("/create").header("Cookie", cookie).asString();
            assertEquals(302, replayed.getStatus(), "the copy no longer logs in");
            assertEquals("/auth/login?next=%2Fcreate", replayed.getHeaders().getFirst("Location"));
            // Log out ends the user's every session: the phone's too.
            assertEquals(302, annsPhone.get("/create").getStatus());
            ann.logIn("ann", "right");
            assertEquals(200, ann.get("/create").getStatus(), "a new log in works");
            assertEquals(302, thief.get("/create").header("Cookie", cookie).asString().getStatus());
          }
        });
  }

  /** The app with small limits on failed password checks that never start again in a test. */
  static Carafe limited(Path instance, int perAddress, int perAccount, int hashesAtOnce) {
    Carafe app = AppTest.app(instance);
    Duration never = Duration.ofHours(1);
    app.extension(
        PasswordChecks.class,
        self ->
            new PasswordChecks(
                new PasswordChecks.Limit(perAddress, never),
                new PasswordChecks.Limit(perAccount, never),
                hashesAtOnce));
    return app;
  }

  @Test
  void failedLogInsAreLimitedPerAccountAndThenPerAddress() throws Exception {
    CarafeTest.test(
        limited(instance, 3, 2, 2),
        (server, client) -> {
          try (Browser eve = new Browser(server)) {
            eve.register("ann", "right");
            assertEquals(200, eve.logIn("ann", "guess 1").getStatus());
            assertEquals(200, eve.logIn("ann", "guess 2").getStatus());
            var limited = eve.logIn("ann", "guess 3");
            assertEquals(429, limited.getStatus());
            assertTrue(limited.getBody().contains("Too many failed log-ins for this account"));
            int retryAfter = Integer.parseInt(limited.getHeaders().getFirst("Retry-After"));
            assertTrue(retryAfter > 3500 && retryAfter <= 3600, "Retry-After: " + retryAfter);
            // Other names still get their checks, until the address has used up its own limit.
            assertEquals(200, eve.logIn("bob", "guess").getStatus());
            var fromAddress = eve.logIn("carl", "guess");
            assertEquals(429, fromAddress.getStatus());
            assertTrue(fromAddress.getBody().contains("from your address"));
          }
        });
  }

  @Test
  void aRightPasswordGivesItsTokensBack() throws Exception {
    CarafeTest.test(
        limited(instance, 2, 2, 2),
        (server, client) -> {
          try (Browser ann = new Browser(server)) {
            ann.register("ann", "right");
            for (int i = 0; i < 3; i++) {
              assertEquals(302, ann.logIn("ann", "right").getStatus());
            }
          }
        });
  }

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

  /** The {@code session=...} pair a response set, for a Cookie header. */
  private static String sessionCookie(HttpResponse<String> response) {
    return response.getHeaders().get("Set-Cookie").stream()
        .filter(c -> c.startsWith("session="))
        .map(c -> c.split(";", 2)[0])
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session cookie: " + response.getHeaders()));
  }
}
