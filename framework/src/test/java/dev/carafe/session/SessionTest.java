package dev.carafe.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.test.CarafeTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SessionTest {
  static final String SECRET = "a-test-secret-of-sufficient-length";

  static Carafe app(Map<String, String> settings) {
    Config.Builder config = Config.builder().set("secret_key", SECRET);
    settings.forEach(config::set);
    Carafe app = Carafe.create(config.build());
    app.get("/plain", req -> "no session here");
    app.get("/get", req -> req.session().getString("name").orElse("none"));
    app.get(
        "/set/<name>",
        req -> {
          req.session().put("name", req.param("name"));
          return "set";
        });
    app.get(
        "/big",
        req -> {
          req.session().put("blob", "x".repeat(5000));
          return "big";
        });
    app.get(
        "/remember",
        req -> {
          req.session().permanent(true).put("name", "ann");
          return "remembered";
        });
    app.get(
        "/clear",
        req -> {
          req.session().clear();
          return "cleared";
        });
    app.get(
        "/flash",
        req -> {
          req.session().flash("Saved.", "success").flash("Hello.");
          return "flashed";
        });
    app.get("/flashes", req -> req.session().flashes().toString());
    return app;
  }

  /** The value of the session cookie a response sets, or null when it sets none. */
  static String sessionCookie(HttpResponse<?> response) {
    String header = setCookie(response, "session");
    return header == null ? null : header.substring("session=".length()).split(";", 2)[0];
  }

  static String setCookie(HttpResponse<?> response, String name) {
    List<String> all = response.getHeaders().get("Set-Cookie");
    return all.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
  }

  static UnirestInstance withoutCookieJar(UnirestInstance client) {
    client.config().enableCookieManagement(false);
    return client;
  }

  @Test
  void valueSetInOneRequestIsReadInTheNext() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          String cookie = sessionCookie(client.get("/set/ann").asString());
          assertNotNull(cookie);
          var read = client.get("/get").header("Cookie", "session=" + cookie).asString();
          assertEquals("ann", read.getBody());
          assertEquals("Cookie", read.getHeaders().getFirst("Vary"));
        });
  }

  @Test
  void cookieIsWrittenOnlyWhenTheSessionChanges() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          assertNull(setCookie(client.get("/plain").asString(), "session"));
          assertNull(setCookie(client.get("/get").asString(), "session"));
          String cookie = sessionCookie(client.get("/set/ann").asString());
          var read = client.get("/get").header("Cookie", "session=" + cookie).asString();
          assertEquals("ann", read.getBody());
          assertNull(setCookie(read, "session"), "an unchanged session is not written again");
          assertNull(setCookie(client.get("/plain").asString(), "JSESSIONID"));
        });
  }

  @Test
  void cookieIsHttpOnlyLaxAndSiteWideByDefault() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          String header = setCookie(client.get("/set/ann").asString(), "session");
          assertTrue(header.contains("HttpOnly"), header);
          assertTrue(header.contains("SameSite=Lax"), header);
          assertTrue(header.contains("Path=/"), header);
          assertFalse(header.contains("Secure"), header);
          assertFalse(header.contains("Max-Age"), "a non-permanent session ends with the browser");
        });
  }

  @Test
  void cookieIsSecureWhenTheClientCameOverHttps() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          // Loopback is a trusted proxy by default: this is TLS terminated in front of the app.
          var https = client.get("/set/ann").header("X-Forwarded-Proto", "https").asString();
          assertTrue(setCookie(https, "session").contains("Secure"), setCookie(https, "session"));
        });
    CarafeTest.test(
        app(Map.of("session_cookie_secure", "false")),
        (server, client) -> {
          withoutCookieJar(client);
          var https = client.get("/set/ann").header("X-Forwarded-Proto", "https").asString();
          assertFalse(setCookie(https, "session").contains("Secure"));
        });
  }

  @Test
  void cookieSettingsFollowTheConfiguration() throws Exception {
    CarafeTest.test(
        app(
            Map.of(
                "session_cookie_name", "sid",
                "session_cookie_secure", "true",
                "session_cookie_samesite", "Strict",
                "session_cookie_path", "/app",
                "session_cookie_httponly", "false")),
        (server, client) -> {
          withoutCookieJar(client);
          var response = client.get("/set/ann").asString();
          String header = setCookie(response, "sid");
          assertNotNull(header, response.getHeaders().toString());
          assertTrue(header.contains("Secure"), header);
          assertTrue(header.contains("SameSite=Strict"), header);
          assertTrue(header.contains("Path=/app"), header);
          assertFalse(header.contains("HttpOnly"), header);
          String value = header.substring(4).split(";", 2)[0];
          assertEquals(
              "ann", client.get("/get").header("Cookie", "sid=" + value).asString().getBody());
        });
  }

  @Test
  void tamperedCookieYieldsAnEmptySession() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          String cookie = sessionCookie(client.get("/set/ann").asString());
          String payload = cookie.substring(0, cookie.indexOf('.'));
          String forged =
              java.util.Base64.getUrlEncoder()
                      .withoutPadding()
                      .encodeToString("{\"name\":\"admin\"}".getBytes(StandardCharsets.UTF_8))
                  + cookie.substring(payload.length());
          for (String bad : List.of(forged, cookie + "x", "garbage", cookie.replace('.', '-'))) {
            var read = client.get("/get").header("Cookie", "session=" + bad).asString();
            assertEquals(200, read.getStatus());
            assertEquals("none", read.getBody(), bad);
          }
        });
  }

  @Test
  void expiredCookieYieldsAnEmptySession() throws Exception {
    CookieSigner signer = new CookieSigner(List.of(SECRET), "carafe.session");
    long now = System.currentTimeMillis() / 1000;
    byte[] payload = "{\"name\":\"ann\"}".getBytes(StandardCharsets.UTF_8);
    String fresh = signer.sign(payload, now - 3_000);
    String expired = signer.sign(payload, now - 4_000);
    CarafeTest.test(
        app(Map.of("permanent_session_lifetime", "1h")),
        (server, client) -> {
          withoutCookieJar(client);
          assertEquals(
              "ann", client.get("/get").header("Cookie", "session=" + fresh).asString().getBody());
          assertEquals(
              "none",
              client.get("/get").header("Cookie", "session=" + expired).asString().getBody());
        });
  }

  @Test
  void cookieFromAnotherSecretYieldsAnEmptySession() throws Exception {
    String foreign =
        new CookieSigner(List.of("another-apps-secret-key-here"), "carafe.session")
            .sign(
                "{\"name\":\"ann\"}".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() / 1000);
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          var read = client.get("/get").header("Cookie", "session=" + foreign).asString();
          assertEquals("none", read.getBody());
        });
  }

  @Test
  void rotatedKeyStillReadsOldCookiesAndResignsThem() throws Exception {
    String oldCookie =
        new CookieSigner(List.of(SECRET), "carafe.session")
            .sign(
                "{\"name\":\"ann\"}".getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() / 1000);
    Carafe rotated =
        app(
            Map.of(
                "secret_key", "the-new-secret-key-after-rotation", "secret_key_fallbacks", SECRET));
    CarafeTest.test(
        rotated,
        (server, client) -> {
          withoutCookieJar(client);
          var read = client.get("/get").header("Cookie", "session=" + oldCookie).asString();
          assertEquals("ann", read.getBody());
          String resigned = sessionCookie(read);
          assertNotNull(resigned, "a cookie signed with a fallback key is re-signed");
          var current =
              new CookieSigner(List.of("the-new-secret-key-after-rotation"), "carafe.session");
          assertTrue(current.verify(resigned, System.currentTimeMillis() / 1000, 60).isPresent());
        });
    CarafeTest.test(
        app(Map.of("secret_key", "the-new-secret-key-after-rotation")),
        (server, client) -> {
          withoutCookieJar(client);
          var read = client.get("/get").header("Cookie", "session=" + oldCookie).asString();
          assertEquals("none", read.getBody(), "without the fallback the old key is foreign");
        });
  }

  @Test
  void permanentSessionLastsItsLifetimeAndIsRefreshed() throws Exception {
    CarafeTest.test(
        app(Map.of("permanent_session_lifetime", "7d")),
        (server, client) -> {
          withoutCookieJar(client);
          var set = client.get("/remember").asString();
          String header = setCookie(set, "session");
          assertTrue(header.contains("Max-Age=604800"), header);
          var read =
              client.get("/get").header("Cookie", "session=" + sessionCookie(set)).asString();
          assertEquals("ann", read.getBody());
          String refreshed = setCookie(read, "session");
          assertNotNull(refreshed, "a permanent session slides its expiry when used");
          assertTrue(refreshed.contains("Max-Age=604800"), refreshed);
        });
  }

  @Test
  void clearingTheSessionDeletesTheCookie() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          String cookie = sessionCookie(client.get("/set/ann").asString());
          var cleared = client.get("/clear").header("Cookie", "session=" + cookie).asString();
          String header = setCookie(cleared, "session");
          assertNotNull(header);
          assertTrue(header.startsWith("session=;"), header);
          assertTrue(
              header.contains("Max-Age=0") || header.contains("Expires=Thu, 01 Jan 1970"), header);
        });
  }

  @Test
  void cookieNearTheBrowserLimitLogsAWarning() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(SessionStore.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    try {
      CarafeTest.test(
          app(Map.of()),
          (server, client) -> {
            withoutCookieJar(client);
            assertNull(setCookie(client.get("/set/ann").asString(), "no-such-cookie"));
            assertTrue(events.list.isEmpty(), "a small cookie is no news");
            var big = client.get("/big").asString();
            assertTrue(sessionCookie(big).length() > SessionStore.COOKIE_WARNING_BYTES);
          });
    } finally {
      logger.detachAppender(events);
    }
    assertEquals(1, events.list.size());
    assertTrue(events.list.get(0).getFormattedMessage().contains("4096 bytes"));
  }

  @Test
  void flashedMessagesShowOnceWithTheirCategories() throws Exception {
    CarafeTest.test(
        app(Map.of()),
        (server, client) -> {
          withoutCookieJar(client);
          String cookie = sessionCookie(client.get("/flash").asString());
          var shown = client.get("/flashes").header("Cookie", "session=" + cookie).asString();
          assertEquals(
              "[Flash[category=success, message=Saved.], Flash[category=message, message=Hello.]]",
              shown.getBody());
          String after = sessionCookie(shown);
          assertNotNull(after, "taking the flashes changes the session");
          assertEquals(
              "[]",
              client.get("/flashes").header("Cookie", "session=" + after).asString().getBody());
        });
  }

  @Test
  void developmentWithoutASecretStillSignsSessions() throws Exception {
    Carafe app = Carafe.create(Config.defaults());
    app.get(
        "/set",
        req -> {
          req.session().put("n", 1);
          return "set";
        });
    app.get("/get", req -> String.valueOf(req.session().getLong("n").orElse(0L)));
    CarafeTest.test(
        app,
        (server, client) -> {
          withoutCookieJar(client);
          String cookie = sessionCookie(client.get("/set").asString());
          assertEquals(
              "1", client.get("/get").header("Cookie", "session=" + cookie).asString().getBody());
        });
  }

  @Test
  void nonJsonValuesAreRefusedWithAHint() throws Exception {
    Carafe app = app(Map.of());
    app.get(
        "/bad",
        req -> {
          try {
            req.session().put("user", new Object());
            return "stored";
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
    CarafeTest.test(
        app,
        (server, client) ->
            assertTrue(client.get("/bad").asString().getBody().contains("store its id")));
  }
}
