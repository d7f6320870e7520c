package dev.carafe.it.parity;

import static dev.carafe.it.parity.Aspect.ALLOW;
import static dev.carafe.it.parity.Aspect.CONTENT_TYPE;
import static dev.carafe.it.parity.Aspect.JSON_BODY;
import static dev.carafe.it.parity.Aspect.LOCATION;
import static dev.carafe.it.parity.Aspect.RETRY_AFTER;
import static dev.carafe.it.parity.Aspect.SET_COOKIE;
import static dev.carafe.it.parity.Aspect.STATUS;
import static dev.carafe.it.parity.Aspect.TEXT_BODY;
import static dev.carafe.it.parity.Aspect.WWW_AUTHENTICATE;
import static dev.carafe.it.parity.Aspect.bodyMentions;

import dev.carafe.it.parity.Browser.Reply;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The questions FlaskParityIT asks both apps. Each row names the behaviour, states what Flask 2.2
 * answers (the aspects it compares, joined by " | "; the test checks the statement against the real
 * Flask too), the requests a fresh browser sends, and the aspects compared on the last answer.
 *
 * <p>Deliberate differences, excluded from the comparison:
 *
 * <ul>
 *   <li>{@code SameSite=Lax} on every cookie not told otherwise (Flask sends none): defence in
 *       depth against cross-site requests; {@link SetCookie#canonical()} leaves Lax out.
 *   <li>CSRF tokens checked on unsafe requests whose body is not JSON (Flask leaves it to
 *       Flask-WTF): the twin's form route is {@code csrfExempt()}.
 *   <li>Error bodies: problem+json for JSON clients and Carafe's own HTML page, where Flask sends
 *       Werkzeug's HTML; error rows compare status and headers, at most that the body mentions the
 *       description.
 *   <li>A JSON body under another content type is 415 (Flask 2.2: 400): the status that names the
 *       problem; no row.
 *   <li>Static URLs carry the file's hash, for caching; no row.
 *   <li>An encoded slash ({@code %2F}) in a path is refused rather than matched, so a proxy and the
 *       app never disagree on the path asked; no row.
 *   <li>Security headers (X-Content-Type-Options, X-Frame-Options, Content-Security-Policy,
 *       Referrer-Policy) Flask does not send: only the headers a row names are compared.
 * </ul>
 */
final class ParityRows {
  private ParityRows() {}

  /** What a row sends; the answer to the last request is the one compared. */
  @FunctionalInterface
  interface Requests {
    Reply send(Browser browser) throws Exception;
  }

  record Row(String name, String flask, Requests requests, List<Aspect> aspects) {
    /** The compared aspects of a reply in the row's order, joined as {@link #flask} states them. */
    String summary(Reply reply) {
      return aspects.stream().map(a -> a.read().apply(reply)).collect(Collectors.joining(" | "));
    }
  }

  static final List<Row> ALL =
      List.of(
          row("control: <int> takes 42", "200 | {\"n\":42}", get("/int/42"), STATUS, JSON_BODY),
          // Converter arguments.
          row("<int(min=1, max=100)> refuses 0", "404", get("/int-range/0"), STATUS),
          row(
              "<int(min=1, max=100)> takes 1",
              "200 | {\"n\":1}",
              get("/int-range/1"),
              STATUS,
              JSON_BODY),
          row(
              "<int(min=1, max=100)> takes 100",
              "200 | {\"n\":100}",
              get("/int-range/100"),
              STATUS,
              JSON_BODY),
          row("<int(min=1, max=100)> refuses 101", "404", get("/int-range/101"), STATUS),
          row(
              "<int(signed=True)> takes -5",
              "200 | {\"n\":-5}",
              get("/signed/-5"),
              STATUS,
              JSON_BODY),
          row(
              "<float(signed=True)> takes -1.5",
              "200 | {\"x\":-1.5}",
              get("/signed-float/-1.5"),
              STATUS,
              JSON_BODY),
          row(
              "<string(length=2)> takes ab",
              "200 | {\"s\":\"ab\"}",
              get("/two/ab"),
              STATUS,
              JSON_BODY),
          row("<string(length=2)> refuses abc", "404", get("/two/abc"), STATUS),
          row("<string(minlength=2, maxlength=3)> refuses a", "404", get("/short/a"), STATUS),
          row(
              "<string(minlength=2, maxlength=3)> takes ab",
              "200 | {\"s\":\"ab\"}",
              get("/short/ab"),
              STATUS,
              JSON_BODY),
          row("<string(minlength=2, maxlength=3)> refuses abcd", "404", get("/short/abcd"), STATUS),
          row("<any(a, b)> takes a", "200 | {\"choice\":\"a\"}", get("/any/a"), STATUS, JSON_BODY),
          row(
              "<any(a, b)> takes b (the space after the comma is not part of the choice)",
              "200 | {\"choice\":\"b\"}",
              get("/any/b"),
              STATUS,
              JSON_BODY),
          row("<any(a, b)> refuses c", "404", get("/any/c"), STATUS),
          row(
              "<int> takes 99999999999, beyond 32 bits",
              "200 | {\"n\":99999999999}",
              get("/int/99999999999"),
              STATUS,
              JSON_BODY),
          // Paths and query strings.
          row(
              "/str/%FF is served with U+FFFD for the invalid byte",
              "200 | {\"s\":\"\\uFFFD\"}", get("/str/%FF"), STATUS, JSON_BODY),
          row(
              "?b=%ZZ is echoed as %ZZ",
              "200 | {\"b\":\"%ZZ\"}", browser -> browser.raw("/args?b=%ZZ"), STATUS, JSON_BODY),
          row("/a//b redirects 308 to /a/b", "308 | /a/b", get("/a//b"), STATUS, LOCATION),
          row(
              "PROPFIND / is 405 with Allow",
              "405 | [GET, HEAD, OPTIONS]",
              browser -> browser.send("PROPFIND", "/", "", ""),
              STATUS,
              ALLOW),
          row(
              "strict slashes: /strict redirects 308 to /strict/",
              "308 | /strict/",
              get("/strict"),
              STATUS,
              LOCATION),
          row(
              "strict_slashes=False: /loose is served",
              "200 | loose",
              get("/loose"),
              STATUS,
              TEXT_BODY),
          // Route defaults and nested blueprints.
          row(
              "defaults: /users/ is page 1",
              "200 | {\"page\":1}",
              get("/users/"),
              STATUS,
              JSON_BODY),
          row(
              "defaults: /users/page/2 is page 2",
              "200 | {\"page\":2}",
              get("/users/page/2"),
              STATUS,
              JSON_BODY),
          row(
              "defaults: /users/page/1 redirects 308 to /users/",
              "308 | /users/",
              get("/users/page/1"),
              STATUS,
              LOCATION),
          row(
              "nested blueprints: /parent/child/x is parent.child.x, url_for('.x') from inside",
              "200 | {\"endpoint\":\"parent.child.x\",\"url\":\"/parent/child/x\"}",
              get("/parent/child/x"),
              STATUS,
              JSON_BODY),
          row(
              "url_for keeps query arguments in order and leaves a None out",
              "200 | {\"url\":\"/target?b=2&a=1\"}",
              get("/url-for"),
              STATUS,
              JSON_BODY),
          // Forms and the proxy.
          row(
              "a present but empty form field reads as \"\"",
              "200 | {\"name\":\"\"}",
              browser -> browser.post("/form", "application/x-www-form-urlencoded", "name="),
              STATUS,
              JSON_BODY),
          row(
              "an absent form field is 400",
              "400",
              browser -> browser.post("/form", "application/x-www-form-urlencoded", "other=1"),
              STATUS),
          row(
              "X-Forwarded-Host: evil, proxy from the one trusted proxy is proxy",
              "200 | {\"host\":\"proxy\"}",
              get("/host", "X-Forwarded-Host", "evil, proxy"),
              STATUS,
              JSON_BODY),
          // Responses.
          row(
              "redirect('/str/café') sends Location /str/caf%C3%A9",
              "302 | /str/caf%C3%A9", get("/redirect-cafe"), STATUS, LOCATION),
          row(
              "text/plain carries charset=utf-8",
              "200 | text/plain; charset=utf-8 | plain text",
              get("/text"),
              STATUS,
              CONTENT_TYPE,
              TEXT_BODY),
          row(
              "a streamed text response carries charset=utf-8",
              "200 | text/plain; charset=utf-8 | one\\ntwo\\n",
              get("/stream"),
              STATUS,
              CONTENT_TYPE,
              TEXT_BODY),
          row(
              "flashed messages with categories render in a template loop",
              "200 | text/html; charset=utf-8 | info:first;error:second;",
              browser -> {
                browser.get("/flash/set");
                return browser.get("/flash/show");
              },
              STATUS,
              CONTENT_TYPE,
              TEXT_BODY),
          row(
              "flashed messages show once",
              "200 | (empty)",
              browser -> {
                browser.get("/flash/set");
                browser.get("/flash/show");
                return browser.get("/flash/show");
              },
              STATUS,
              TEXT_BODY),
          // Cookies.
          row(
              "a cookie value with a space reads back as set",
              "200 | {\"spaced\":\"a b\"}",
              browser -> {
                browser.get("/cookie/set");
                return browser.get("/cookie/get");
              },
              STATUS,
              JSON_BODY),
          row(
              "delete_cookie expires the cookie now",
              "200 | gone=; Path=/; expired",
              get("/cookie/delete"),
              STATUS,
              SET_COOKIE),
          row(
              "set_cookie with max_age, path, domain, secure, httponly, samesite",
              "200 | opts=v; Path=/cookie; Domain=example.test; Max-Age=3600; Secure; HttpOnly;"
                  + " SameSite=Strict",
              get("/cookie/options"),
              STATUS,
              SET_COOKIE),
          // Errors.
          row(
              "abort(401, description, WWW-Authenticate) keeps both",
              "401 | Basic realm=\"parity\" | 'Log in first'",
              get("/unauthorized"),
              STATUS,
              WWW_AUTHENTICATE,
              bodyMentions("Log in first")),
          row(
              "abort(503, retry_after=120) sends Retry-After",
              "503 | 120",
              get("/unavailable"),
              STATUS,
              RETRY_AFTER),
          row(
              "teardown sees no error after abort(404), which a handler answered",
              "200 | {\"error\":null}",
              browser -> {
                browser.get("/teardown/abort");
                return browser.get("/teardown/last");
              },
              STATUS,
              JSON_BODY),
          row(
              "the app's 409 handler wins over the blueprint's handler for every HTTP error",
              "409 | app 409 handler",
              get("/bp/conflict"),
              STATUS,
              TEXT_BODY));

  private static Row row(String name, String flask, Requests requests, Aspect... aspects) {
    return new Row(name, flask, requests, List.of(aspects));
  }

  private static Requests get(String path, String... headerPairs) {
    return browser -> browser.get(path, headerPairs);
  }
}
