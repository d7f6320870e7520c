package com.example.blog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.nio.file.Path;
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
