package dev.carafe;

import static dev.carafe.AppTesting.app;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.TreeMap;
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

  /** The body of a raw response, read as UTF-8. */
  private static String utf8Body(String rawResponse) {
    return new String(rawResponse.split("\r\n\r\n", 2)[1].getBytes(ISO_8859_1), UTF_8);
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
          // Flask: an expires date alone is sent as Expires, without a Max-Age.
          String until = setCookie(client.get("/set").asString(), "until");
          assertEquals("until=2030; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/", until);
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
    var badPath =
        assertThrows(IllegalArgumentException.class, () -> Cookie.of("a", "x").withPath("/a;b"));
    assertTrue(badPath.getMessage().contains("no ';'"), badPath.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Cookie.of("a", "x").withMaxAge(Duration.ofSeconds(-1)));
  }

  /** A value and the Set-Cookie value Flask (Werkzeug 2.2) sends for it. */
  private record Quoted(String value, String flask) {}

  private static final List<Quoted> WERKZEUG_QUOTED =
      List.of(
          new Quoted("hello world", "\"hello world\""),
          new Quoted("a\"b\\c,d;e é€", "\"a\\\"b\\\\c\\054d\\073e \\303\\251\\342\\202\\254\""),
          new Quoted("abc", "abc"),
          new Quoted("a=b:c/d", "a=b:c/d"),
          new Quoted("", ""),
          new Quoted("(x)\t", "\"(x)\\011\""));

  @Test
  void anyCookieValueIsQuotedAsFlaskQuotesItAndReadsBackAsSet() throws Exception {
    Carafe app = app();
    app.get(
        "/set/<int:i>",
        req -> Response.of("ok").cookie("c", WERKZEUG_QUOTED.get(req.intParam("i")).value()));
    app.get("/get", req -> req.cookie("c").orElse("(none)"));
    CarafeTest.test(
        app,
        (server, client) -> {
          for (int i = 0; i < WERKZEUG_QUOTED.size(); i++) {
            Quoted quoted = WERKZEUG_QUOTED.get(i);
            var set = client.get("/set/" + i).asString();
            assertEquals(200, set.getStatus(), "Jetty refuses a value with a space: a 500");
            String header = setCookie(set, "c");
            String sent = header.substring(0, header.indexOf("; "));
            assertEquals("c=" + quoted.flask(), sent);
            // Sent raw: Unirest rewrites a Cookie header, dropping its quotes.
            String read =
                RawHttp.exchange(
                    server.port(),
                    "GET /get HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: "
                        + sent
                        + "\r\n\r\n");
            assertEquals(quoted.value(), utf8Body(read));
          }
        });
  }

  @Test
  void cookiesAFlaskAppSetReadAsFlaskReadsThem() throws Exception {
    Carafe app = app();
    app.get("/cookies", req -> new TreeMap<>(req.cookies()).toString());
    CarafeTest.test(
        app,
        (server, client) -> {
          String response =
              RawHttp.exchange(
                  server.port(),
                  "GET /cookies HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie:"
                      + " raw=caf\u00c3\u00a9; bad=\u00ff; q=\"a\\\"b\\054c\"; k; e=;"
                      + " sp= a b ; dup=1; dup=2; tail=\"x\"y; lone=\"\r\n\r\n");
          // Flask: {'raw': 'café', 'bad': '\ufffd', 'q': 'a"b,c', 'k': '', 'e': '', 'sp': 'a b',
          // 'dup': '1', 'tail': '"x"y', 'lone': '"'}
          assertEquals(
              "{bad=\ufffd, dup=1, e=, k=, lone=\", q=a\"b,c, raw=café, sp=a b, tail=\"x\"y}",
              utf8Body(response));
        });
  }

  @Test
  void setCookieTakesFlasksOptions() throws Exception {
    Carafe app = app();
    app.get(
        "/set",
        req ->
            Response.of("ok")
                .cookie(
                    Cookie.of("opts", "v")
                        .withMaxAge(3600)
                        .withPath("/p")
                        .withDomain("example.com")
                        .withSecure(true)
                        .withHttpOnly(true)
                        .withSameSite(Cookie.SameSite.LAX))
                .cookie(
                    Cookie.of("until", "v")
                        .withExpires(
                            ZonedDateTime.of(2030, 1, 2, 4, 4, 5, 0, ZoneId.of("+01:00")))));
    CarafeTest.test(
        app,
        (server, client) -> {
          var response = client.get("/set").asString();
          // Flask: opts=v; Domain=example.com; Expires=<in an hour>; Max-Age=3600; Secure;
          // HttpOnly; Path=/p; SameSite=Lax
          String opts = setCookie(response, "opts");
          assertTrue(
              opts.matches(
                  "opts=v; Domain=example\\.com; Expires=[A-Z][a-z]{2}, \\d\\d [A-Z][a-z]{2} \\d{4}"
                      + " \\d\\d:\\d\\d:\\d\\d GMT; Max-Age=3600; Secure; HttpOnly; Path=/p; SameSite=Lax"),
              opts);
          assertEquals(
              "until=v; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/",
              setCookie(response, "until"));
        });
  }

  @Test
  void deleteCookieExpiresItForThePathAndDomainItWasSetFor() throws Exception {
    Carafe app = app();
    app.get("/forget", req -> Response.of("ok").deleteCookie("c", "/p", "example.com"));
    app.get(
        "/forget-secure",
        req ->
            Response.of("ok")
                .deleteCookie(
                    Cookie.of("s", "").withSecure(true).withSameSite(Cookie.SameSite.NONE)));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: delete_cookie("c", path="/p", domain="example.com")
          assertEquals(
              "c=; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/p",
              setCookie(client.get("/forget").asString(), "c"));
          // Flask: delete_cookie("s", secure=True, samesite="None")
          assertEquals(
              "s=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; Path=/;"
                  + " SameSite=None",
              setCookie(client.get("/forget-secure").asString(), "s"));
        });
  }
}
