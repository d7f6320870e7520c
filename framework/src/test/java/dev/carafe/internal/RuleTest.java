package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RuleTest {
  @Test
  void staticRuleMatchesOnlyItsOwnPath() {
    Rule rule = Rule.parse("/about");
    assertEquals(Map.of(), rule.match("/about"));
    assertNull(rule.match("/about/"));
    assertNull(rule.match("/abou"));
  }

  @Test
  void defaultConverterTakesOneSegment() {
    Rule rule = Rule.parse("/hello/<name>");
    assertEquals(Map.of("name", "ann"), rule.match("/hello/ann"));
    assertNull(rule.match("/hello/ann/bob"));
    assertNull(rule.match("/hello/"));
  }

  @Test
  void intConverterYieldsIntegersAndRejectsOthers() {
    Rule rule = Rule.parse("/users/<int:id>");
    assertEquals(42L, rule.match("/users/42").get("id"));
    assertNull(rule.match("/users/abc"));
    assertNull(rule.match("/users/-1"));
    assertNull(rule.match("/users/4.2"));
  }

  @Test
  void intPastLongIsABigInteger() {
    assertEquals(
        new BigInteger("99999999999999999999"),
        Rule.parse("/users/<int:id>").match("/users/99999999999999999999").get("id"));
  }

  @Test
  void floatConverterNeedsADecimalPoint() {
    Rule rule = Rule.parse("/price/<float:x>");
    assertEquals(2.5, rule.match("/price/2.5").get("x"));
    assertNull(rule.match("/price/2"));
  }

  @Test
  void pathConverterSpansSlashes() {
    Rule rule = Rule.parse("/files/<path:rest>");
    assertEquals("a/b/c.txt", rule.match("/files/a/b/c.txt").get("rest"));
    assertNull(rule.match("/files/"));
  }

  @Test
  void uuidConverterYieldsUuids() {
    UUID id = UUID.randomUUID();
    Rule rule = Rule.parse("/things/<uuid:u>");
    assertEquals(id, rule.match("/things/" + id).get("u"));
    assertNull(rule.match("/things/not-a-uuid"));
  }

  @Test
  void anyConverterMatchesOnlyItsChoices() {
    Rule rule = Rule.parse("/<any(about, help):page>");
    assertEquals("help", rule.match("/help").get("page"));
    assertNull(rule.match("/contact"));
  }

  @Test
  void regexCharactersInLiteralsAreLiteral() {
    Rule rule = Rule.parse("/a.b/<int:id>");
    assertTrue(rule.match("/a.b/1") != null);
    assertNull(rule.match("/axb/1"));
  }

  @Test
  void unknownConverterIsRejectedWithTheChoices() {
    var e = assertThrows(IllegalArgumentException.class, () -> Rule.parse("/x/<long:id>"));
    assertTrue(e.getMessage().contains("Unknown converter 'long'"), e.getMessage());
    assertTrue(e.getMessage().contains("int"), e.getMessage());
  }

  @Test
  void ruleMustStartWithSlash() {
    assertThrows(IllegalArgumentException.class, () -> Rule.parse("users"));
  }

  @Test
  void malformedVariableIsRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> Rule.parse("/users/<int:id"));
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void duplicateVariableNameIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Rule.parse("/<a>/<int:a>"));
  }

  @Test
  void anyWithoutChoicesIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Rule.parse("/<any():x>"));
  }

  @Test
  void buildFillsVariablesAndAddsTheRestAsQuery() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", 7);
    values.put("tab", "posts");
    values.put("q", "a b&c");
    assertEquals("/users/7?tab=posts&q=a+b%26c", Rule.parse("/users/<int:id>").build(values));
  }

  @Test
  void buildRepeatsListValuesInTheQuery() {
    assertEquals("/s?tag=a&tag=b", Rule.parse("/s").build(Map.of("tag", List.of("a", "b"))));
  }

  @Test
  void buildEncodesSegmentsButKeepsPathSlashes() {
    assertEquals("/hello/a%20b", Rule.parse("/hello/<name>").build(Map.of("name", "a b")));
    assertEquals(
        "/files/a/b%20c.txt", Rule.parse("/files/<path:p>").build(Map.of("p", "a/b c.txt")));
  }

  @Test
  void buildRejectsMissingAndUnfitValues() {
    Rule rule = Rule.parse("/users/<int:id>");
    var missing = assertThrows(IllegalArgumentException.class, () -> rule.build(Map.of()));
    assertTrue(missing.getMessage().contains("needs a value for 'id'"));
    var unfit = assertThrows(IllegalArgumentException.class, () -> rule.build(Map.of("id", "abc")));
    assertTrue(unfit.getMessage().contains("'abc' is not an integer"), unfit.getMessage());
    var negative = assertThrows(IllegalArgumentException.class, () -> rule.build(Map.of("id", -1)));
    assertTrue(negative.getMessage().contains("does not fit"), negative.getMessage());
  }

  @Test
  void buildSkipsUnderscoreOptions() {
    assertEquals("/a", Rule.parse("/a").build(Map.of("_external", true)));
  }

  @Test
  void literalRulesSortBeforeVariablesAndIntBeforeString() {
    List<Rule> rules =
        new ArrayList<>(
            List.of(
                Rule.parse("/u/<path:p>"),
                Rule.parse("/u/<name>"),
                Rule.parse("/u/<int:id>"),
                Rule.parse("/u/me")));
    rules.sort(null);
    assertEquals(
        List.of("/u/me", "/u/<int:id>", "/u/<name>", "/u/<path:p>"),
        rules.stream().map(Rule::text).toList());
  }
}
