package dev.carafe;

import static dev.carafe.AppTesting.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.test.CarafeTest;
import java.util.Map;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;

/** Converter arguments, each answered as Flask 2.2 (Werkzeug 2.2) answers it. */
class ConvertersTest {
  private static String body(UnirestInstance client, String path) {
    var response = client.get(path).asString();
    return response.getStatus() == 200 ? response.getBody() : "" + response.getStatus();
  }

  @Test
  void intMinAndMaxBoundTheValueAndOutOfRangeIs404() throws Exception {
    Carafe app = app();
    app.get("/r/<int(min=1, max=100):n>", req -> "n=" + req.intParam("n"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: /r/0 404, /r/1 200, /r/100 200, /r/101 404
          assertEquals("404", body(client, "/r/0"));
          assertEquals("n=1", body(client, "/r/1"));
          assertEquals("n=100", body(client, "/r/100"));
          assertEquals("404", body(client, "/r/101"));
        });
  }

  @Test
  void anOutOfRangeValueIs404EvenWhenALaterRuleWouldMatch() throws Exception {
    Carafe app = app();
    app.get("/q/<int(max=100):id>", req -> "by id");
    app.get("/q/<name>", req -> "by name");
    CarafeTest.test(
        app,
        (server, client) -> {
          // Werkzeug stops at the rule whose converter refused the value: /q/500 is 404.
          assertEquals("by id", body(client, "/q/5"));
          assertEquals("404", body(client, "/q/500"));
          assertEquals("by name", body(client, "/q/ann"));
        });
  }

  @Test
  void signedIntAndFloatTakeNegativeValues() throws Exception {
    Carafe app = app();
    app.get("/s/<int(signed=True):n>", req -> "n=" + req.longParam("n"));
    app.get("/f/<float(signed=True, min=-10):x>", req -> "x=" + req.viewArgs().get("x"));
    app.get("/u/<int:n>", req -> "n=" + req.longParam("n"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: /s/-5 -> -5, /f/-2.5 -> -2.5, /f/-12.5 404 (min), unsigned /u/-5 404
          assertEquals("n=-5", body(client, "/s/-5"));
          assertEquals("n=5", body(client, "/s/5"));
          assertEquals("x=-2.5", body(client, "/f/-2.5"));
          assertEquals("404", body(client, "/f/-12.5"));
          assertEquals("404", body(client, "/u/-5"));
        });
  }

  @Test
  void fixedDigitsMatchesOnlyThatManyDigits() throws Exception {
    Carafe app = app();
    app.get("/d/<int(fixed_digits=4):y>", req -> "y=" + req.intParam("y"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: /d/0042 -> 42, /d/42 404, /d/12345 404
          assertEquals("y=42", body(client, "/d/0042"));
          assertEquals("404", body(client, "/d/42"));
          assertEquals("404", body(client, "/d/12345"));
        });
  }

  @Test
  void stringLengthArgumentsBoundTheSegment() throws Exception {
    Carafe app = app();
    app.get("/l/<string(length=2):code>", req -> "code=" + req.param("code"));
    app.get("/m/<string(minlength=2, maxlength=3):c>", req -> "c=" + req.param("c"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: /l/ab 200, /l/abc 404; /m/a 404, /m/ab 200, /m/abcd 404
          assertEquals("code=ab", body(client, "/l/ab"));
          assertEquals("404", body(client, "/l/abc"));
          assertEquals("404", body(client, "/m/a"));
          assertEquals("c=abc", body(client, "/m/abc"));
          assertEquals("404", body(client, "/m/abcd"));
        });
  }

  @Test
  void anyTakesBareAndQuotedChoices() throws Exception {
    Carafe app = app();
    app.get("/any/<any(a, b, 'c,d'):v>", req -> "v=" + req.param("v"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: /any/a 200, /any/c,d 200, /any/e 404
          assertEquals("v=a", body(client, "/any/a"));
          assertEquals("v=c,d", body(client, "/any/c,d"));
          assertEquals("404", body(client, "/any/e"));
        });
  }

  @Test
  void intMatchesNumbersPastJavasIntAndLong() throws Exception {
    Carafe app = app();
    app.get("/big/<int:n>", req -> "n=" + req.longParam("n"));
    app.get("/huge/<int:n>", req -> "n=" + req.viewArgs().get("n"));
    app.get("/small/<int:n>", req -> "n=" + req.intParam("n"));
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask: both are 200, with Python's unbounded int.
          assertEquals("n=99999999999", body(client, "/big/99999999999"));
          assertEquals("n=99999999999999999999999", body(client, "/huge/99999999999999999999999"));
          // A view that asks for an int has nothing past an int's range.
          assertEquals("404", body(client, "/small/99999999999"));
          assertEquals("404", body(client, "/big/99999999999999999999999"));
        });
  }

  @Test
  void unknownConvertersAndArgumentsAreRefusedWhenTheRouteIsAdded() {
    // Flask fails on these at registration (LookupError, TypeError) or at the first request.
    Map<String, String> refused =
        Map.of(
            "/a/<integer:n>", "Use one of: string, int, float, path, uuid, any",
            "/b/<int(maximum=3):n>", "its arguments are [fixed_digits, min, max, signed]",
            "/c/<int(min=one):n>", "min takes an integer, not 'one'",
            "/d/<int(signed=yes):n>", "signed takes True or False",
            "/e/<string(length=2.5):s>", "length takes an integer",
            "/f/<uuid(4):u>", "takes no arguments",
            "/g/<any():v>", "needs its choices",
            "/h/<string(minlength=3, maxlength=2):s>", "maxlength 2 below minlength 3",
            "/i/<int(min=1 max=2):n>", "cannot read its arguments");
    Carafe app = app();
    refused.forEach(
        (rule, message) -> {
          var e = assertThrows(IllegalArgumentException.class, () -> app.get(rule, req -> ""));
          assertTrue(e.getMessage().contains(message), rule + ": " + e.getMessage());
          assertTrue(e.getMessage().contains(rule), rule + ": " + e.getMessage());
        });
  }
}
