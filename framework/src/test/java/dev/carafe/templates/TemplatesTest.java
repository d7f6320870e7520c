package dev.carafe.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Blueprint;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.test.CarafeTest;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
  static Carafe app(Config config) {
    Carafe app = Carafe.create(config);
    app.get("/", "index", req -> "home");
    app.get("/items/<int:id>", "show", req -> "item");
    app.get(
        "/page",
        req ->
            req.render("page.html", Map.of("title", "Hello", "text", req.args().get("text", ""))));
    return app;
  }

  static Config config() {
    return Config.builder().set("secret_key", "templates-test-secret-key").build();
  }

  @Test
  void valuesAreHtmlEscaped() throws Exception {
    CarafeTest.test(
        app(config()),
        (server, client) -> {
          String body =
              client
                  .get("/page")
                  .queryString("text", "<script>\"x\" & 'y'</script>")
                  .asString()
                  .getBody();
          assertTrue(
              body.contains("<p>&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p>"),
              body);
        });
  }

  @Test
  void childTemplateExtendsTheBaseAndIncludesAPartial() throws Exception {
    Carafe app = app(config());
    app.templateGlobal("site", "Carafe");
    CarafeTest.test(
        app,
        (server, client) -> {
          var page = client.get("/page").queryString("text", "body text").asString();
          assertTrue(page.getHeaders().getFirst("Content-Type").startsWith("text/html"));
          String body = page.getBody();
          assertTrue(body.contains("<title>Hello - Site</title>"), body);
          assertTrue(body.contains("<nav><a href=\"/\">home</a> Carafe"), body);
          assertTrue(body.contains("<main><p>body text</p></main>"), body);
        });
  }

  @Test
  void helpersSeeTheRequestSessionGFlashesAndUrls() throws Exception {
    Carafe app = app(config());
    app.get(
        "/login",
        req -> {
          req.session().put("user", "ann").flash("Welcome.", "success");
          return "ok";
        });
    app.get(
        "/helpers",
        req -> {
          req.g().put("answer", 42);
          return Carafe.request().render("helpers.html", Map.of());
        });
    CarafeTest.test(
        app,
        (server, client) -> {
          client.get("/login").asString();
          String body = client.get("/helpers").asString().getBody();
          assertTrue(body.contains("url=/items/7?tab=a+b\n"), body);
          assertTrue(
              Pattern.compile("static=/static/site.css\\?v=[0-9a-f]{8}\n").matcher(body).find(),
              body);
          assertTrue(Pattern.compile("csrf=[A-Za-z0-9_-]{80,}\n").matcher(body).find(), body);
          assertTrue(body.contains("user=ann\n"), body);
          assertTrue(body.contains("path=/helpers\n"), body);
          assertTrue(body.contains("g=42\n"), body);
          assertTrue(body.contains("flash=success:Welcome.\n"), body);
          String again = client.get("/helpers").asString().getBody();
          assertTrue(!again.contains("flash="), "a flash shows once: " + again);
        });
  }

  @Test
  void flashedMessagesLoopAsCategoryAndMessageAndFilterByCategoryAsInFlask() throws Exception {
    Carafe app = app(config());
    app.get(
        "/flash",
        req -> {
          req.session().flash("Saved.", "success").flash("Oops <b>", "error").flash("Plain");
          return "ok";
        });
    app.get("/flashes", req -> req.render("flashes.html", Map.of()));
    app.get("/filtered", req -> req.render("flashes-filtered.html", Map.of()));
    app.get(
        "/java",
        req -> req.session().flashes("error", "message") + " " + req.session().flashes().size());
    CarafeTest.test(
        app,
        (server, client) -> {
          // Flask, for {% for category, message in get_flashed_messages(with_categories=true) %}
          // and then category_filter=['error'] (and 'error') in the same request:
          client.get("/flash").asString();
          assertEquals(
              "[success: Saved.][error: Oops &lt;b&gt;][message: Plain]|[Oops &lt;b&gt;]|[Oops"
                  + " &lt;b&gt;]\n",
              client.get("/flashes").asString().getBody());
          assertEquals("||\n", client.get("/flashes").asString().getBody());
          // Flask: a filtered call takes every message out of the session, shown or not.
          client.get("/flash").asString();
          assertEquals("[Oops &lt;b&gt;]\n", client.get("/filtered").asString().getBody());
          assertEquals("||\n", client.get("/flashes").asString().getBody());
          client.get("/flash").asString();
          assertEquals(
              "[Flash[category=error, message=Oops <b>], Flash[category=message, message=Plain]] 3",
              client.get("/java").asString().getBody());
        });
  }

  @Test
  void contextProcessorsAndCustomFiltersApply() throws Exception {
    Carafe app = app(config());
    app.templateGlobal("site", "Carafe")
        .contextProcessor(req -> Map.of("greeting", "Hi from " + req.path()))
        .templateFilter(
            "shout",
            (input, args) ->
                String.valueOf(input).toUpperCase()
                    + String.valueOf(args.get(0)).repeat(((Number) args.get(1)).intValue()));
    app.get("/processors", req -> req.render("processors.html", Map.of("name", "ann")));
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals(
                "Hi from /processors ANN!!! Carafe\n",
                client.get("/processors").asString().getBody()));
  }

  @Test
  void editedTemplateShowsOnTheNextRenderInDevelopment(@TempDir Path root) throws Exception {
    Path template = root.resolve("templates/live.html");
    Files.createDirectories(template.getParent());
    Files.writeString(template, "version one");
    Carafe app = Carafe.create(Config.builder().set("resource_root", root.toString()).build());
    app.get("/live", req -> req.render("live.html", Map.of()));
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("version one", client.get("/live").asString().getBody());
          Files.writeString(template, "version two");
          assertEquals("version two", client.get("/live").asString().getBody());
        });
  }

  @Test
  void productionParsesATemplateOnce(@TempDir Path root) throws Exception {
    Path template = root.resolve("templates/cached.html");
    Files.createDirectories(template.getParent());
    Files.writeString(template, "first parse");
    ClassLoader original = Thread.currentThread().getContextClassLoader();
    // Production reads templates from the class path; this one points at a folder we can edit.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, original)) {
      Thread.currentThread().setContextClassLoader(loader);
      Carafe app =
          Carafe.create(
              Config.builder()
                  .set("mode", "production")
                  .set("secret_key", "a-production-grade-secret-1234567890")
                  .build());
      app.get("/cached", req -> req.render("cached.html", Map.of()));
      CarafeTest.test(
          app,
          (server, client) -> {
            assertEquals("first parse", client.get("/cached").asString().getBody());
            Files.writeString(template, "second parse");
            assertEquals("first parse", client.get("/cached").asString().getBody());
          });
    } finally {
      Thread.currentThread().setContextClassLoader(original);
    }
  }

  @Test
  void setupAfterTheFirstRenderFailsWithAHint() throws Exception {
    Carafe app = app(config());
    CarafeTest.test(app, (server, client) -> client.get("/page").asString());
    var error =
        assertThrows(
            IllegalStateException.class, () -> app.templateFilter("late", (in, args) -> in));
    assertTrue(error.getMessage().contains("create()"), error.getMessage());
  }

  @Test
  void missingTemplateIsAServerErrorNamingIt() throws Exception {
    Carafe app = app(config());
    app.get("/missing", req -> req.render("nope.html", Map.of()));
    app.errorHandler(Exception.class, (req, e) -> e.getMessage());
    CarafeTest.test(
        app,
        (server, client) -> {
          var response = client.get("/missing").asString();
          assertEquals(500, response.getStatus());
          assertTrue(response.getBody().contains("nope.html"), response.getBody());
        });
  }

  @Test
  void blueprintTemplateFoldersAreSearchedAfterTheAppsNestedOnesToo() throws Exception {
    // Flask 2.2: render_template searches the app's folder, then every blueprint's in registration
    // order, nested ones included. The app's page.html wins over the admin blueprint's, and any
    // view may render any blueprint's template.
    Blueprint admin = new Blueprint("admin", "/admin").templateFolder("admin_templates");
    Blueprint child = new Blueprint("child", "/child").templateFolder("child_templates");
    admin.get("/page", req -> req.render("page.html", Map.of("title", "T", "text", "app's")));
    admin.get("/panel", req -> req.render("admin/panel.html", Map.of()));
    child.get("/list", req -> req.render("child/list.html", Map.of()));
    admin.register(child);
    Carafe app = app(config()).register(admin);
    app.get("/from-the-app", req -> req.render("child/list.html", Map.of()));
    CarafeTest.test(
        app,
        (server, client) -> {
          String page = client.get("/admin/page").asString().getBody();
          assertTrue(page.contains("<main><p>app&#39;s</p></main>"), page);
          assertEquals("admin panel\n", client.get("/admin/panel").asString().getBody());
          assertEquals("nested child list\n", client.get("/admin/child/list").asString().getBody());
          assertEquals("nested child list\n", client.get("/from-the-app").asString().getBody());
        });
  }

  @Test
  void editedBlueprintTemplateShowsOnTheNextRenderInDevelopment(@TempDir Path root)
      throws Exception {
    Path template = root.resolve("admin_templates/admin/live.html");
    Files.createDirectories(template.getParent());
    Files.writeString(template, "version one");
    Carafe app = Carafe.create(Config.builder().set("resource_root", root.toString()).build());
    Blueprint admin = new Blueprint("admin", "/admin").templateFolder("admin_templates");
    admin.get("/live", req -> req.render("admin/live.html", Map.of()));
    app.register(admin);
    CarafeTest.test(
        app,
        (server, client) -> {
          assertEquals("version one", client.get("/admin/live").asString().getBody());
          Files.writeString(template, "version two");
          assertEquals("version two", client.get("/admin/live").asString().getBody());
        });
  }

  @Test
  void aBlueprintFolderOutsideTheSourceTreeIsReadFromTheClassPathInDevelopment(@TempDir Path root)
      throws Exception {
    // A blueprint a library jar brings has its templates on the class path only; Flask finds them
    // beside the blueprint's module whatever the app's folder is.
    Carafe app = Carafe.create(Config.builder().set("resource_root", root.toString()).build());
    Blueprint library = new Blueprint("library").templateFolder("child_templates");
    library.get("/list", req -> req.render("child/list.html", Map.of()));
    app.register(library);
    CarafeTest.test(
        app,
        (server, client) ->
            assertEquals("nested child list\n", client.get("/list").asString().getBody()));
  }

  @Test
  void missingTemplateNamesTheFoldersSearched() throws Exception {
    // Flask's TemplateNotFound names only the template; its EXPLAIN_TEMPLATE_LOADING logs the
    // folders tried. Carafe says both in the error.
    Carafe app = app(config());
    app.register(new Blueprint("admin").templateFolder("admin_templates"));
    app.get("/missing", req -> req.render("nope.html", Map.of()));
    app.errorHandler(500, (req, e) -> e.getCause().getMessage());
    CarafeTest.test(
        app,
        (server, client) -> {
          String body = client.get("/missing").asString().getBody();
          assertTrue(body.contains("'nope.html' not found in templates/, admin_templates/"), body);
        });
  }
}
