package dev.carafe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router<String> router = new Router<>();

  private void add(String rule, String target, String... methods) {
    router.add(Rule.parse(rule), Set.of(methods), target, target);
  }

  private String found(String method, String path) {
    return assertInstanceOf(Router.Found.class, router.match(method, path))
        .entry()
        .target()
        .toString();
  }

  @Test
  void intRuleWinsOverStringRuleForNumbersWhateverTheOrder() {
    add("/u/<name>", "by-name", "GET");
    add("/u/<int:id>", "by-id", "GET");
    assertEquals("by-id", found("GET", "/u/12"));
    assertEquals("by-name", found("GET", "/u/ann"));
  }

  @Test
  void staticRuleWinsOverVariable() {
    add("/u/<name>", "by-name", "GET");
    add("/u/me", "me", "GET");
    assertEquals("me", found("GET", "/u/me"));
  }

  @Test
  void headIsServedByGet() {
    add("/a", "a", "GET");
    assertEquals("a", found("HEAD", "/a"));
  }

  @Test
  void wrongMethodIsMethodNotAllowedWithAllowedSet() {
    add("/a", "a", "GET");
    add("/a", "a-post", "POST");
    var m = assertInstanceOf(Router.MethodNotAllowed.class, router.match("DELETE", "/a"));
    assertEquals(Set.of("GET", "HEAD", "POST", "OPTIONS"), m.allowed());
  }

  @Test
  void optionsAnswersAllowForKnownPath() {
    add("/a", "a", "PUT");
    var o = assertInstanceOf(Router.Options.class, router.match("OPTIONS", "/a"));
    assertEquals(Set.of("PUT", "OPTIONS"), o.allowed());
  }

  @Test
  void optionsOnUnknownPathIsNotFound() {
    add("/a", "a", "GET");
    assertInstanceOf(Router.NotFound.class, router.match("OPTIONS", "/b"));
  }

  @Test
  void slashRuleRedirectsTheSlashlessPath() {
    add("/projects/", "projects", "GET");
    var r = assertInstanceOf(Router.Redirect.class, router.match("GET", "/projects"));
    assertEquals("/projects/", r.path());
  }

  @Test
  void slashlessRuleDoesNotMatchWithSlash() {
    add("/about", "about", "GET");
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/about/"));
  }

  @Test
  void unconvertibleValueIsNotFound() {
    add("/u/<int:id>", "u", "GET");
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/u/x"));
  }

  @Test
  void entriesKeepRegistrationOrder() {
    add("/b/<x>", "b", "GET");
    add("/a", "a", "GET");
    assertEquals("b", router.entries().get(0).target());
  }

  @Test
  void aStaticSlashRuleRedirectsBeforeAVariableMatchesAsInWerkzeug() {
    add("/x/", "x", "GET");
    add("/o/", "o", "POST");
    add("/<name>", "by-name", "GET");
    // Flask: GET /x -> 308 /x/; GET /o -> the variable (the slash rule does not serve GET)
    var r = assertInstanceOf(Router.Redirect.class, router.match("GET", "/x"));
    assertEquals("/x/", r.path());
    assertEquals("by-name", found("GET", "/o"));
  }

  @Test
  void emptySegmentsRedirectToTheMergedPathOnlyWhenItMatches() {
    add("/a/b", "ab", "GET");
    var r = assertInstanceOf(Router.Redirect.class, router.match("GET", "/a//b"));
    assertEquals("/a/b", r.path());
    assertEquals("ab", found("GET", "//a/b"));
    assertInstanceOf(Router.NotFound.class, router.match("GET", "/a//c"));
  }

  @Test
  void theRuleWhoseDefaultsGiveTheValuesIsTheCanonicalUrl() {
    router.add(Rule.parse("/u/page/<int:page>"), Set.of("GET"), "u", "pages");
    Rule first = Rule.parse("/u/");
    first.defaults(Map.of("page", 1));
    router.add(first, Set.of("GET"), "u", "first");
    var r = assertInstanceOf(Router.Redirect.class, router.match("GET", "/u/page/1"));
    assertEquals("/u/", r.path());
    assertEquals("pages", found("GET", "/u/page/2"));
    assertEquals(
        Map.of("page", 1),
        assertInstanceOf(Router.Found.class, router.match("GET", "/u/")).values());
  }
}
