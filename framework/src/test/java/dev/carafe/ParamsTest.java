package dev.carafe;

import static dev.carafe.AppTesting.app;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.carafe.test.CarafeTest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Query strings and urlencoded forms read as Werkzeug 2.2 reads them, and {@link Params} answering
 * as its MultiDict does. The Flask answers quoted are {@code request.args} (and {@code
 * request.form}) of Flask 2.2.2 for the same bytes.
 */
class ParamsTest {
  private static final String FORM = "application/x-www-form-urlencoded";

  /** Flask keeps a bad escape as written: {@code %ZZ}, {@code %}, {@code %zzA}. */
  @Test
  void badPercentEscapesAreKeptAsWrittenAsFlaskKeepsThem() throws Exception {
    assertQueryAndFormRead(
        Map.of(
            "b=%ZZ", "{\"b\":[\"%ZZ\"]}",
            "b=%", "{\"b\":[\"%\"]}",
            "b=%2", "{\"b\":[\"%2\"]}",
            "a%ZZ=1", "{\"a%ZZ\":[\"1\"]}",
            "a=%zz%41", "{\"a\":[\"%zzA\"]}",
            "%%41=x", "{\"%A\":[\"x\"]}",
            "a=%4%41", "{\"a\":[\"%4A\"]}",
            "a%20b=c%2Bd", "{\"a b\":[\"c+d\"]}"));
  }

  /** Flask decodes bytes that are not UTF-8 with the replacement character, one per bad run. */
  @Test
  void invalidUtf8IsDecodedWithTheReplacementCharacterAsInFlask() throws Exception {
    assertQueryAndFormRead(
        Map.of(
            "b=%E9", "{\"b\":[\"\uFFFD\"]}",
            "b=%e9abc", "{\"b\":[\"\uFFFDabc\"]}",
            "a=%E9%80x", "{\"a\":[\"\uFFFDx\"]}",
            "a=%C0%AF", "{\"a\":[\"\uFFFD\uFFFD\"]}",
            "a=%ED%A0%80", "{\"a\":[\"\uFFFD\uFFFD\uFFFD\"]}",
            "a%E9=%C3%A9", "{\"a\uFFFD\":[\"\u00E9\"]}"));
  }

  /**
   * Flask splits on {@code &} only, keeps blank and valueless keys, and groups repeats in order.
   */
  @Test
  void pairsAreSplitAsFlaskSplitsThem() throws Exception {
    assertQueryAndFormRead(
        Map.of(
            "a=x+y&b+c=1", "{\"a\":[\"x y\"],\"b c\":[\"1\"]}",
            "a=1&a=2&b=3&a=4", "{\"a\":[\"1\",\"2\",\"4\"],\"b\":[\"3\"]}",
            "a", "{\"a\":[\"\"]}",
            "a=&b", "{\"a\":[\"\"],\"b\":[\"\"]}",
            "=x", "{\"\":[\"x\"]}",
            "a=1=2", "{\"a\":[\"1=2\"]}",
            "a=1;b=2", "{\"a\":[\"1;b=2\"]}",
            "&&a=1&&", "{\"a\":[\"1\"]}"));
  }

  /**
   * The query string is UTF-8, as in Flask, whatever charset the body declares; a form body is read
   * in its declared charset, where Flask would read UTF-8 and give {@code \uFFFD} for {@code %E9}.
   */
  @Test
  void theQueryIsUtf8WhateverCharsetTheFormDeclares() throws Exception {
    Carafe app = app();
    app.post("/p", req -> "args " + req.args() + ", form " + req.form());
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "args {q=[\u00E9]}, form {f=[\u00E9]}",
                body(
                    RawHttp.exchange(
                        server.port(),
                        post("/p?q=%C3%A9", FORM + "; charset=ISO-8859-1", "f=%E9")))));
  }

  /** Flask's {@code request.form["title"]} is "" for a blank field; only a missing one is a 400. */
  @Test
  void requireGivesAPresentButBlankValueAsFlaskDoes() throws Exception {
    Carafe app = app();
    app.route(
        "/r",
        List.of("GET", "POST"),
        req -> "[" + (req.method().equals("GET") ? req.args() : req.form()).require("title") + "]");
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("[]", client.post("/r").field("title", "").asString().getBody());
          assertEquals("[  ]", client.post("/r").field("title", "  ").asString().getBody());
          assertEquals("[]", client.get("/r?title=").asString().getBody());
          assertEquals("[]", client.get("/r?title").asString().getBody());
          var missing = client.post("/r").field("body", "x").asString();
          assertEquals(400, missing.getStatus());
          assertEquals(400, client.get("/r?body=x").asString().getStatus());
        });
  }

  /**
   * Werkzeug's {@code get("page", 1, type=int)} gives the default for {@code page=two} or blank.
   */
  @Test
  void getWithAConversionGivesTheDefaultWhenTheValueDoesNotConvertAsWerkzeugDoes()
      throws Exception {
    Carafe app = app();
    app.get("/g", req -> String.valueOf(req.args().get("page", 1, Integer::valueOf)));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("3", client.get("/g?page=3").asString().getBody());
          assertEquals("1", client.get("/g?page=two").asString().getBody());
          assertEquals("1", client.get("/g?page=").asString().getBody());
          assertEquals("1", client.get("/g").asString().getBody());
        });
  }

  /** Werkzeug's {@code getlist("id", type=int)} skips {@code x}: {@code [1, 3]}. */
  @Test
  void getAllWithAConversionSkipsValuesThatDoNotConvertAsWerkzeugsGetlist() throws Exception {
    Carafe app = app();
    app.get("/g", req -> req.args().getAll("id", Integer::valueOf));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("[1,3]", client.get("/g?id=1&id=x&id=3").asString().getBody()));
  }

  /** Werkzeug's {@code to_dict()}: the first value of each key, keys in the order first sent. */
  @Test
  void firstValuesIsWerkzeugsToDict() throws Exception {
    Carafe app = app();
    app.get("/g", req -> req.args().firstValues());
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "{\"b\":\"2\",\"a\":\"1\",\"c\":\"\"}",
                client.get("/g?b=2&a=1&b=3&c").asString().getBody()));
  }

  /** Werkzeug's MultiDict is immutable in a request, and getlist hands out a copy. */
  @Test
  void aViewCannotChangeTheParameters() throws Exception {
    Carafe app = app();
    app.get(
        "/g",
        req -> {
          try {
            req.args().getAll("a").add("x");
          } catch (UnsupportedOperationException expected) {
            // read-only, as it should be
          }
          return req.args().getAll("a");
        });
    CarafeTest.test(
        app,
        (server, client) -> assertEquals("[\"1\"]", client.get("/g?a=1").asString().getBody()));
  }

  /** Reads each query, then the same text as a form body, and compares with Flask's answer. */
  private static void assertQueryAndFormRead(Map<String, String> flaskAnswers) throws Exception {
    Carafe app = app();
    app.get("/args", req -> req.args().asMap());
    app.post("/form", req -> req.form().asMap());
    CarafeTest.test(
        app,
        (server, client) -> {
          Map<String, String> queries = new TreeMap<>();
          Map<String, String> forms = new TreeMap<>();
          for (String sent : flaskAnswers.keySet()) {
            String get =
                "GET /args?" + sent + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
            queries.put(sent, body(RawHttp.exchange(server.port(), get)));
            forms.put(sent, body(RawHttp.exchange(server.port(), post("/form", FORM, sent))));
          }
          assertEquals(new TreeMap<>(flaskAnswers), queries, "query strings");
          assertEquals(new TreeMap<>(flaskAnswers), forms, "form bodies");
        });
  }

  private static String post(String target, String type, String body) {
    return "POST "
        + target
        + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: "
        + type
        + "\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }

  /** The UTF-8 body of a raw response (which {@link RawHttp} reads as ISO-8859-1). */
  private static String body(String response) {
    return new String(response.split("\r\n\r\n", 2)[1].getBytes(ISO_8859_1), UTF_8);
  }
}
