package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kong.unirest.core.HttpResponse;
import org.junit.jupiter.api.Test;

class CookieTest {
  private static String setCookie(HttpResponse<?> response, String name) {
    List<String> all = response.getHeaders().get("Set-Cookie");
    return all.stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Set-Cookie for " + name + ": " + all));
  }

  @Test
  void aCookieWithEveryAttributeReachesTheBrowserAsSet() throws Exception {
    Carafe app = app();
    app.get(
        "/set",
        req ->
            Response.of("ok")
                .cookie(
                    Cookie.of("theme", "dark")
                        .withPath("/app")
                        .withDomain("example.com")
                        .withMaxAge(Duration.ofHours(1))
                        .withSecure(true)
                        .withHttpOnly(true)
                        .withSameSite(Cookie.SameSite.STRICT))
                .cookie(
                    Cookie.of("until", "2030").withExpires(Instant.parse("2030-01-02T03:04:05Z"))));
    CarafeTest.test(
        app,
        (server, client) -> {
          String header = setCookie(client.get("/set").asString(), "theme");
          assertTrue(header.startsWith("theme=dark"), header);
          for (String attribute :
              List.of(
                  "Path=/app",
                  "Domain=example.com",
                  "Max-Age=3600",
                  "Secure",
                  "HttpOnly",
                  "SameSite=Strict")) {
            assertTrue(header.contains(attribute), attribute + " missing in " + header);
          }
          String until = setCookie(client.get("/set").asString(), "until");
          assertTrue(until.contains("Jan 2030") && until.contains("Max-Age="), until);
        });
  }

  @Test
  void aPlainCookieIsForTheWholeSiteUntilTheBrowserCloses() throws Exception {
    Carafe app = app();
    app.get("/set", req -> Response.of("ok").cookie("lang", "de"));
    CarafeTest.test(
        app,
        (server, client) -> {
          String header = setCookie(client.get("/set").asString(), "lang");
          assertTrue(header.contains("Path=/"), header);
          assertTrue(!header.contains("Max-Age") && !header.contains("Expires"), header);
          assertTrue(!header.contains("HttpOnly") && !header.contains("Secure"), header);
        });
  }

  @Test
  void deletingACookieExpiresItAtOnce() throws Exception {
    Carafe app = app();
    app.get("/forget", req -> Response.of("ok").deleteCookie("lang"));
    CarafeTest.test(
        app,
        (server, client) -> {
          String header = setCookie(client.get("/forget").asString(), "lang");
          assertTrue(header.startsWith("lang=;") || header.startsWith("lang=\"\""), header);
          assertTrue(header.contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"), header);
        });
  }

  @Test
  void aCookieSetTwiceIsSentOnceWithTheLaterValue() throws Exception {
    Carafe app = app();
    app.get("/twice", req -> Response.of("ok").cookie("a", "1").cookie("a", "2"));
    CarafeTest.test(
        app,
        (server, client) -> {
          var response = client.get("/twice").asString();
          assertEquals(1, response.getHeaders().get("Set-Cookie").size());
          assertTrue(setCookie(response, "a").startsWith("a=2"));
        });
  }

  @Test
  void aCookieThatWouldBreakTheHeaderIsRefusedWithTheFix() {
    var badName = assertThrows(IllegalArgumentException.class, () -> Cookie.of("a b", "x"));
    assertTrue(badName.getMessage().contains("valid cookie name"), badName.getMessage());
    var badValue = assertThrows(IllegalArgumentException.class, () -> Cookie.of("a", "x;y"));
    assertTrue(badValue.getMessage().contains("encode it"), badValue.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Cookie.of("a", "x").withMaxAge(Duration.ofSeconds(-1)));
  }
}
