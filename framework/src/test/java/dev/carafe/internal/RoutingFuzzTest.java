package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Fuzz targets for what reads untrusted or hand-written text: rules, request paths, proxy lists,
 * configuration keys. In {@code mvn verify} they replay the corpus under
 * src/test/resources/dev/carafe/internal/RoutingFuzzTestInputs; {@code bench/fuzz.sh} runs them for
 * real. A finding becomes a file in that corpus, so it is replayed for ever after.
 */
class RoutingFuzzTest {
  private static final Rule ROUTE = Rule.parse("/a/<name>/<int:id>/<path:rest>");

  @FuzzTest(maxDuration = "60s")
  void ruleParsingEitherSucceedsOrExplains(FuzzedDataProvider data) {
    String text = data.consumeString(120);
    Rule rule;
    try {
      rule = Rule.parse(text);
    } catch (IllegalArgumentException expected) {
      assertNotNull(expected.getMessage());
      return;
    }
    rule.match(data.consumeRemainingAsString());
  }

  @FuzzTest(maxDuration = "60s")
  void matchingAnyPathNeverThrows(FuzzedDataProvider data) {
    Router<String> router = new Router<>();
    router.add(ROUTE, Set.of("GET"), "route", "route");
    router.add(Rule.parse("/x/<uuid:u>/<float:f>"), Set.of("POST"), "other", "other");
    router.add(Rule.parse("/p/"), Set.of("GET"), "slash", "slash");
    String method = data.pickValue(new String[] {"GET", "HEAD", "POST", "OPTIONS", "DELETE"});
    assertNotNull(router.match(method, data.consumeRemainingAsString()));
  }

  @FuzzTest(maxDuration = "60s")
  void builtUrlsMatchBackToTheirValues(FuzzedDataProvider data) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("name", data.consumeString(20));
    values.put("id", data.consumeLong(0, Long.MAX_VALUE));
    values.put("rest", data.consumeRemainingAsString());
    String url;
    try {
      url = ROUTE.build(values);
    } catch (IllegalArgumentException unfit) {
      return;
    }
    // Jetty hands the router a decoded path: decode as it would (no '+' in paths).
    String decoded = URLDecoder.decode(url.replace("+", "%2B"), StandardCharsets.UTF_8);
    assertEquals(values, ROUTE.match(decoded), url);
  }

  @FuzzTest(maxDuration = "60s")
  void proxyListsParseOrExplain(FuzzedDataProvider data) {
    TrustedProxies trusted;
    try {
      trusted = TrustedProxies.parse(data.consumeString(80));
    } catch (IllegalArgumentException expected) {
      return;
    }
    trusted.clientFrom(data.consumeString(80), data.consumeRemainingAsString());
  }
}
