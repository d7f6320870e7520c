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
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The tutorial's chapters build the demo app step by step, in the reader's package {@code
 * com.example.blog}. The steps before the finished app live here, each chapter in a package of its
 * own (the demo is on this class path in {@code com.example.blog}), and DocsTest checks the
 * chapters show them as they are. These tests check that each step still does what its chapter
 * says, that chapter 1 shows what the archetype generates, that the copies of the demo's files here
 * are the demo's, and that every file a chapter shows is checked by one test or another.
 */
class TutorialTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A code block and the marker line before it, if any. */
  private static final Pattern BLOCK =
      Pattern.compile(
          "(?:<!-- (\\S+): (\\S+)[^\\n]*-->\\s*\\n)?```([a-z]*)\\n(.*?)```", Pattern.DOTALL);

  /** Languages of blocks that show a file the reader saves (commands and output are not files). */
  private static final List<String> FILE_LANGUAGES =
      List.of("java", "xml", "html", "sql", "properties", "css", "ini", "nginx");

  @TempDir Path tmp;

  static Path repo() {
    return Path.of(System.getProperty("carafe.repo", "..")).toAbsolutePath().normalize();
  }

  static JsonNode json(String body) throws IOException {
    return JSON.readTree(body);
  }

  /** The chapters, in order. */
  static List<Path> chapters() throws IOException {
    try (Stream<Path> files = Files.list(repo().resolve("docs/tutorial"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md"))
          .sorted()
          .toList();
    }
  }

  /**
   * A resource root (what {@code src/main/resources} holds at that chapter) made of the given
   * folders, each copied over the ones before it, into a temporary folder.
   */
  Config site(Path... layers) throws IOException {
    Path root = Files.createTempDirectory(tmp, "resources");
    for (Path layer : layers) {
      try (Stream<Path> files = Files.walk(layer)) {
        for (Path source : files.filter(Files::isRegularFile).toList()) {
          Path target = root.resolve(layer.relativize(source).toString());
          Files.createDirectories(target.getParent());
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return Config.builder()
        .set("resource_root", root.toString())
        .set("database_url", "jdbc:sqlite:" + root.resolve("instance/blog.sqlite"))
        .set("secret_key", "a-secret-key-for-tests")
        .build();
  }

  /** The resources of one chapter's app in integration-tests/src/test/resources/tutorial/. */
  static Path chapter(String name) {
    return repo().resolve("integration-tests/src/test/resources/tutorial").resolve(name);
  }

  /** The stylesheet chapter 3 copies from the demo, as static/app.css in a temporary folder. */
  Path demoStylesheet() throws IOException {
    Path root = Files.createTempDirectory(tmp, "stylesheet");
    Files.createDirectories(root.resolve("static"));
    Files.copy(
        repo().resolve("demo-app/src/main/resources/static/app.css"),
        root.resolve("static/app.css"));
    return root;
  }

  /** The resources of the project chapter 1 generates, written into a temporary folder. */
  Path generatedResources() throws IOException {
    Path root = Files.createTempDirectory(tmp, "generated");
    for (String file : List.of("templates/base.html", "templates/index.html", "static/app.css")) {
      Path target = root.resolve(file);
      Files.createDirectories(target.getParent());
      Files.writeString(target, Archetype.generate("src/main/resources/" + file));
    }
    return root;
  }

  @Test
  void chapterOneShowsTheFilesTheArchetypeGenerates() throws IOException {
    List<String> shown = new ArrayList<>();
    for (Path chapter : chapters()) {
      Matcher block = BLOCK.matcher(Files.readString(chapter));
      while (block.find()) {
        if ("generated".equals(block.group(1))) {
          String path = block.group(2);
          assertTrue(path.startsWith("blog/"), chapter + ": " + path + " is not in blog/");
          String file = path.substring("blog/".length());
          assertEquals(
              Archetype.generate(file).stripTrailing() + "\n",
              block.group(4),
              chapter.getFileName() + " shows " + path + " unlike the archetype generates it");
          shown.add(file);
        }
      }
    }
    assertTrue(
        shown.containsAll(
            List.of(
                "pom.xml",
                "carafe.properties",
                "src/main/java/com/example/blog/App.java",
                "src/test/java/com/example/blog/AppTest.java",
                "src/main/resources/templates/base.html",
                "src/main/resources/templates/index.html",
                "src/main/resources/db/migration/V1__greetings.sql")),
        shown.toString());
  }

  @Test
  void routesAnswerJsonConvertIdsAndExplainMistakes() throws Exception {
    CarafeTest.test(
        dev.carafe.docs.tutorial.routes.App.create(site(generatedResources())),
        (server, client) -> {
          assertTrue(client.get("/").asString().getBody().contains("<h1>Hello, World!</h1>"));
          assertEquals(
              "{\"message\":\"Hello, World!\"}", client.get("/api/hello").asString().getBody());
          assertEquals(2, json(client.get("/api/posts").asString().getBody()).size());
          assertEquals(
              "{\"id\":2,\"title\":\"Routes\",\"body\":\"Rules, converters and <em>return"
                  + " values</em>.\"}",
              client.get("/api/posts/2").asString().getBody());
          assertEquals(404, client.get("/api/posts/9").asString().getStatus());
          assertEquals(404, client.get("/api/posts/two").asString().getStatus());
          var found = json(client.get("/api/search?q=Rou").asString().getBody());
          assertEquals(1, found.size());
          var empty = client.get("/api/search").header("Accept", "application/json").asString();
          assertEquals(400, empty.getStatus());
          assertEquals(
              "Say what to look for: /api/search?q=words",
              json(empty.getBody()).get("detail").asText());
          var latest = client.get("/api/posts/latest").asString();
          assertEquals(302, latest.getStatus());
          assertEquals("/api/posts/2", latest.getHeaders().getFirst("Location"));
          var delete = client.delete("/api/posts/2").asString();
          assertEquals(405, delete.getStatus());
        });
  }

  @Test
  void indexPageEscapesPostsAndLinksAVersionedStylesheet() throws Exception {
    Config config = site(demoStylesheet(), chapter("pages"));
    CarafeTest.test(
        dev.carafe.docs.tutorial.pages.App.create(config),
        (server, client) -> {
          String page = client.get("/").asString().getBody();
          assertTrue(page.contains("<title>Posts - Carafe Blog</title>"), page);
          assertTrue(page.contains("<a href=\"/\">Carafe Blog</a>"), page);
          assertTrue(page.contains("<h1>Hello, Carafe</h1>"), page);
          assertTrue(page.contains("&lt;em&gt;return values&lt;/em&gt;"), page);
          assertFalse(page.contains("<em>"), "post bodies are escaped");
          Matcher link = Pattern.compile("href=\"(/static/app\\.css\\?v=\\w+)\"").matcher(page);
          assertTrue(link.find(), page);
          var css = client.get(link.group(1)).asString();
          assertEquals(200, css.getStatus());
          assertTrue(css.getHeaders().getFirst("Content-Type").startsWith("text/css"));
          assertTrue(css.getHeaders().getFirst("Cache-Control").contains("max-age=31536000"));
        });
  }

  @Test
  void blueprintsPrefixTheirRulesAndEndpoints() throws Exception {
    Carafe app =
        dev.carafe.docs.tutorial.blueprints.App.create(
            site(demoStylesheet(), chapter("pages"), chapter("blueprints")));
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
          assertEquals("http", who.get("scheme").asText());
          assertEquals(
              "Hello, Carafe",
              json(client.get("/api/posts/1").asString().getBody()).get("title").asText());
          var missing = client.get("/api/posts/7").header("Accept", "application/json").asString();
          assertEquals(404, missing.getStatus());
          assertEquals("Post 7 does not exist.", json(missing.getBody()).get("detail").asText());
        });
  }

  @Test
  void postsComeFromTheDatabaseAndInitDbEmptiesIt() throws Exception {
    Config config = site(demoStylesheet(), chapter("pages"), chapter("blueprints"));
    Carafe app = dev.carafe.docs.tutorial.database.App.create(config);
    Path file = Path.of(config.require("database_url").substring("jdbc:sqlite:".length()));
    assertTrue(Files.isRegularFile(file), "the factory creates the database");
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("[]", client.get("/api/posts").asString().getBody());
          try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
              Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO users (username, password) VALUES ('ann', 'not a hash yet')");
            sql.execute(
                "INSERT INTO post (author_id, title, body) VALUES (1, 'From SQL', 'Hello,"
                    + " database.')");
          }
          JsonNode post = json(client.get("/api/posts/1").asString().getBody());
          assertEquals("From SQL", post.get("title").asText());
          assertEquals("ann", post.get("author").asText());
          assertTrue(
              post.get("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), post.toString());
          assertTrue(client.get("/").asString().getBody().contains("<h1>From SQL</h1>"));
          assertEquals(200, client.get("/readyz").asString().getStatus());
        });
    assertEquals(0, app.runCommand("init-db", List.of()));
    CarafeTest.test(
        dev.carafe.docs.tutorial.database.App.create(config),
        (server, client) -> assertEquals("[]", client.get("/api/posts").asString().getBody()));
  }

  @Test
  void authorsRegisterLogInAndChangeOnlyTheirOwnPosts() throws Exception {
    Config config = site(repo().resolve("demo-app/src/main/resources"));
    CarafeTest.test(
        dev.carafe.docs.tutorial.auth.App.create(config),
        (server, client) -> {
          var forged =
              client.post("/auth/register").field("username", "mallory").field("password", "x");
          assertEquals(400, forged.asString().getStatus());
          try (UnirestInstance ann = CarafeTest.client(server.url(""));
              UnirestInstance bob = CarafeTest.client(server.url(""))) {
            var registered = fill(ann, "/auth/register", "username", "ann", "password", "pw");
            assertEquals("/auth/login", registered.getHeaders().getFirst("Location"));
            assertTrue(get(ann, "/auth/login").contains("Registered. Please log in."));
            fill(ann, "/auth/login", "username", "ann", "password", "pw");
            String home = get(ann, "/");
            assertTrue(home.contains("<span>ann</span>") && home.contains("New"), home);
            var created = fill(ann, "/create", "title", "Mine", "body", "by ann");
            assertEquals(302, created.getStatus(), created.getBody());
            assertTrue(get(ann, "/").contains("href=\"/1/update\""));

            fill(bob, "/auth/register", "username", "bob", "password", "pw");
            fill(bob, "/auth/login", "username", "bob", "password", "pw");
            assertFalse(get(bob, "/").contains("href=\"/1/update\""));
            assertEquals(403, bob.get("/1/update").asString().getStatus());

            var deleted = post(ann, "/1/update", "/1/delete");
            assertEquals(302, deleted.getStatus());
            assertTrue(get(ann, "/").contains("Deleted &quot;Mine&quot;."));
          }
        });
  }

  private static String get(UnirestInstance browser, String path) {
    return browser.get(path).asString().getBody();
  }

  /** Opens {@code page} and posts its form back with its CSRF token and these fields. */
  private static HttpResponse<String> fill(UnirestInstance browser, String page, String... fields) {
    return post(browser, page, page, fields);
  }

  /** Opens {@code page} and posts its CSRF token and these fields to {@code action}. */
  private static HttpResponse<String> post(
      UnirestInstance browser, String page, String action, String... fields) {
    Matcher token =
        Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"").matcher(get(browser, page));
    assertTrue(token.find(), "no CSRF token on " + page);
    var post = browser.post(action).field("csrf_token", token.group(1));
    for (int i = 0; i < fields.length; i += 2) {
      post = post.field(fields[i], fields[i + 1]);
    }
    return post.asString();
  }

  @Test
  void theGeneratedProjectHasTheDatabaseLibraryAtTheBomsVersion() throws Exception {
    Element generated =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(Archetype.generate("pom.xml"))))
            .getDocumentElement();
    Element dependency =
        children(first(generated, "dependencies")).stream()
            .filter(d -> text(d, "artifactId").equals("carafe-database"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the generated pom has no carafe-database"));
    assertEquals("dev.carafe", text(dependency, "groupId"));
    assertTrue(
        children(dependency).stream().noneMatch(e -> e.getTagName().equals("version")),
        "Carafe's BOM manages its version");
    String bom = Files.readString(repo().resolve("bom/pom.xml"));
    assertTrue(bom.contains("<artifactId>carafe-database</artifactId>"));
  }

  @Test
  void theLimitLibrariesChapterSixAddsAreTheOnesTheDemoIsBuiltWith() throws Exception {
    Document parent = xml(repo().resolve("pom.xml"));
    Map<String, String> properties = new HashMap<>();
    for (Element p : children(first(parent.getDocumentElement(), "properties"))) {
      properties.put(p.getTagName(), p.getTextContent().trim());
    }
    // Two elements side by side, as the chapter shows them: parsed inside a root of their own.
    String shown = Files.readString(chapter("limits-dependencies.xml"));
    Element root =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader("<dependencies>" + shown + "</dependencies>")))
            .getDocumentElement();
    Map<String, String> versions = new HashMap<>();
    for (Element dependency : children(root)) {
      versions.put(
          text(dependency, "groupId") + ":" + text(dependency, "artifactId"),
          text(dependency, "version"));
    }
    assertEquals(
        Map.of(
            "com.bucket4j:bucket4j_jdk17-core", properties.get("bucket4j.version"),
            "com.github.ben-manes.caffeine:caffeine", properties.get("caffeine.version")),
        versions);
  }

  @Test
  void thePackagedSystemdUnitIsShownAsTheBuildWritesIt() throws IOException {
    String template =
        Files.readString(
            repo().resolve("maven-plugin/src/main/resources/dev/carafe/maven/systemd.service"));
    String unit = template.replace("@NAME@", "blog");
    assertFalse(unit.matches("(?s).*@[A-Z_]+@.*"), "the unit template has another placeholder");
    int shown = 0;
    for (Path chapter : chapters()) {
      Matcher block = BLOCK.matcher(Files.readString(chapter));
      while (block.find()) {
        if ("packaged".equals(block.group(1))) {
          assertEquals("blog/target/blog/systemd/blog.service", block.group(2));
          assertEquals(unit, block.group(4), chapter.getFileName() + " shows another unit");
          shown++;
        }
      }
    }
    assertEquals(1, shown, "the tutorial shows the systemd unit once");
  }

  @Test
  void everyFileATutorialChapterShowsIsChecked() throws IOException {
    List<String> unchecked = new ArrayList<>();
    for (Path chapter : chapters()) {
      Matcher block = BLOCK.matcher(Files.readString(chapter));
      while (block.find()) {
        boolean marked =
            block.group(1) != null
                && List.of("snippet", "generated", "packaged").contains(block.group(1));
        if (FILE_LANGUAGES.contains(block.group(3)) && !marked) {
          unchecked.add(
              chapter.getFileName() + ": " + block.group(4).lines().findFirst().orElse(""));
        }
      }
    }
    assertTrue(
        unchecked.isEmpty(),
        "Code blocks without a snippet:, generated: or packaged: marker:\n"
            + String.join("\n", unchecked));
  }

  @Test
  void everyChapterIsInTheTableOfContents() throws IOException {
    String contents = Files.readString(repo().resolve("docs/tutorial/README.md"));
    List<String> names = chapters().stream().map(p -> p.getFileName().toString()).toList();
    assertEquals(11, names.size(), names.toString());
    for (String chapter : names) {
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
