package dev.carafe.docs.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The tutorial's early chapters show these apps (the finished one is the demo app): each must still
 * do what its chapter says it does, and the pom the tutorial hands out must use the versions Carafe
 * is built and tested with.
 */
class TutorialTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path repo() {
    return Path.of(System.getProperty("carafe.repo", "..")).toAbsolutePath().normalize();
  }

  /** An app of a chapter that reads its templates and static files from that chapter's folder. */
  static Config resources(String chapter) {
    Path root = repo().resolve("integration-tests/src/test/resources/tutorial").resolve(chapter);
    return Config.builder().set("resource_root", root.toString()).build();
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  @Test
  void firstAppGreetsAtTheRoot() throws Exception {
    CarafeTest.test(
        dev.carafe.docs.tutorial.hello.App.create(Config.defaults()),
        (server, client) -> {
          var page = client.get("/").asString();
          assertEquals(200, page.getStatus());
          assertEquals("<h1>Hello, Carafe!</h1>", page.getBody());
          assertTrue(page.getHeaders().getFirst("Content-Type").startsWith("text/html"));
        });
  }

  @Test
  void routesAnswerJsonConvertIdsAndExplainMistakes() throws Exception {
    CarafeTest.test(
        dev.carafe.docs.tutorial.pages.App.create(resources("pages")),
        (server, client) -> {
          assertEquals(
              "{\"message\":\"Hello, World!\"}", client.get("/api/hello").asString().getBody());
          assertEquals(2, json(client.get("/api/posts").asString().getBody()).size());
          assertEquals(
              "Routes",
              json(client.get("/api/posts/2").asString().getBody()).get("title").asText());
          assertEquals(404, client.get("/api/posts/9").asString().getStatus());
          assertEquals(404, client.get("/api/posts/two").asString().getStatus());
          var found = json(client.get("/api/search?q=Rou").asString().getBody());
          assertEquals(1, found.size());
          var empty = client.get("/api/search").asString();
          assertEquals(400, empty.getStatus());
          assertTrue(empty.getBody().contains("Say what to look for"), empty.getBody());
          var latest = client.get("/api/posts/latest").asString();
          assertEquals(302, latest.getStatus());
          assertEquals("/api/posts/2", latest.getHeaders().getFirst("Location"));
        });
  }

  @Test
  void indexPageEscapesPostsAndLinksAVersionedStylesheet() throws Exception {
    CarafeTest.test(
        dev.carafe.docs.tutorial.pages.App.create(resources("pages")),
        (server, client) -> {
          String page = client.get("/").asString().getBody();
          assertTrue(page.contains("<title>Posts - Carafe Blog</title>"), page);
          assertTrue(page.contains("<h1>Hello, Carafe</h1>"), page);
          assertTrue(page.contains("&lt;em&gt;return values&lt;/em&gt;"), page);
          assertFalse(page.contains("<em>"), "post bodies are escaped");
          assertTrue(page.contains("href=\"/static/app.css?v="), page);
          var css = client.get("/static/app.css").asString();
          assertEquals(200, css.getStatus());
          assertTrue(css.getHeaders().getFirst("Content-Type").startsWith("text/css"));
        });
  }

  @Test
  void blueprintsPrefixTheirRulesAndEndpoints() throws Exception {
    Carafe app = dev.carafe.docs.tutorial.blueprints.App.create(resources("blueprints"));
    assertEquals("/", app.urlFor("blog.index"));
    assertEquals("/api/posts/2", app.urlFor("api.post", Map.of("id", 2)));
    CarafeTest.test(
        app,
        (server, client) -> {
          String page = client.get("/").asString().getBody();
          assertTrue(page.contains("<a href=\"/\">Carafe Blog</a>"), page);
          assertTrue(page.contains("<h1>Blueprints</h1>"), page);
          JsonNode who = json(client.get("/api/whoami").asString().getBody());
          assertEquals("127.0.0.1", who.get("ip").asText());
          assertEquals(
              "Hello, Carafe",
              json(client.get("/api/posts/1").asString().getBody()).get("title").asText());
          var missing = client.get("/api/posts/7").header("Accept", "application/json").asString();
          assertEquals(404, missing.getStatus());
          assertEquals("Post 7 does not exist.", json(missing.getBody()).get("detail").asText());
        });
  }

  @Test
  void tutorialPomUsesTheVersionsCarafeIsBuiltWith() throws Exception {
    Document parent = xml(repo().resolve("pom.xml"));
    Map<String, String> properties = new HashMap<>();
    for (Element p : children(first(parent.getDocumentElement(), "properties"))) {
      properties.put(p.getTagName(), p.getTextContent().trim());
    }
    String carafeVersion = text(parent.getDocumentElement(), "version");
    Map<String, String> pinned = new HashMap<>();
    pinned.put("dev.carafe:carafe", carafeVersion);
    pinned.put("org.junit.jupiter:junit-jupiter", properties.get("junit.version"));
    for (String list : List.of("dependency", "plugin")) {
      NodeList nodes = parent.getElementsByTagName(list);
      for (int i = 0; i < nodes.getLength(); i++) {
        Element e = (Element) nodes.item(i);
        String group = e.getElementsByTagName("groupId").getLength() > 0 ? text(e, "groupId") : "";
        String version = text(e, "version");
        Matcher property = Pattern.compile("\\$\\{(.+)}").matcher(version);
        pinned.put(
            group + ":" + text(e, "artifactId"),
            property.matches() ? properties.get(property.group(1)) : version);
      }
    }

    Document tutorial =
        xml(repo().resolve("integration-tests/src/test/resources/tutorial/pom.xml"));
    Element tutorialProperties = first(tutorial.getDocumentElement(), "properties");
    assertEquals(
        properties.get("maven.compiler.release"),
        text(tutorialProperties, "maven.compiler.release"));
    List<String> checked = new ArrayList<>();
    for (String list : List.of("dependency", "plugin")) {
      NodeList nodes = tutorial.getElementsByTagName(list);
      for (int i = 0; i < nodes.getLength(); i++) {
        Element e = (Element) nodes.item(i);
        String coordinates = text(e, "groupId") + ":" + text(e, "artifactId");
        assertTrue(pinned.containsKey(coordinates), coordinates + " is not pinned by the build");
        assertEquals(
            pinned.get(coordinates),
            text(e, "version"),
            "the tutorial's pom names another version of " + coordinates + " than Carafe's build");
        checked.add(coordinates);
      }
    }
    assertTrue(checked.contains("dev.carafe:carafe") && checked.size() >= 8, checked.toString());
  }

  @Test
  void everyChapterIsInTheTableOfContents() throws IOException {
    Path tutorial = repo().resolve("docs/tutorial");
    String contents = Files.readString(tutorial.resolve("README.md"));
    List<String> chapters;
    try (Stream<Path> files = Files.list(tutorial)) {
      chapters =
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> name.matches("\\d\\d-.*\\.md"))
              .sorted()
              .toList();
    }
    assertTrue(chapters.size() >= 8, "at least eight chapters: " + chapters);
    for (String chapter : chapters) {
      assertTrue(contents.contains("](" + chapter + ")"), chapter + " is missing from README.md");
    }
  }

  static Document xml(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  static Element first(Element parent, String tag) {
    return children(parent).stream()
        .filter(e -> e.getTagName().equals(tag))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">"));
  }

  static String text(Element parent, String tag) {
    return first(parent, tag).getTextContent().trim();
  }

  static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }
}
