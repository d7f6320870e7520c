package dev.carafe.it.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import kong.unirest.core.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Saving files while the real run-dev.sh serves a copy of the demo app. */
class DevReloadIT {
  private static final Duration RELOAD = Duration.ofSeconds(30);
  private static DevProject project;
  private static String hello;

  @BeforeAll
  static void start() throws Exception {
    project = DevProject.copyOfDemo().start();
    hello = project.helloSource();
  }

  @AfterAll
  static void stop() throws Exception {
    project.close();
  }

  @Test
  void theBannerSaysItIsADevelopmentServerAndWhatItWatches() {
    String log = project.server().output();
    assertTrue(log.contains("do not use it in production"), log);
    assertTrue(log.contains("Watching src/main/java/, src/main/resources/"), log);
    assertTrue(log.contains("Running on http://127.0.0.1:" + project.port() + "/"), log);
  }

  @Test
  void savingAJavaFileServesTheNewCodeOnTheNextRequest() throws Exception {
    assertEquals(DevProject.HELLO, project.hello());
    project.replace(hello, DevProject.HELLO, "Hello, Reload!");
    project.await(
        "the new message is served", RELOAD, () -> project.hello().equals("Hello, Reload!"));
    project.replace(hello, "Hello, Reload!", DevProject.HELLO);
    project.await(
        "the old message is back", RELOAD, () -> project.hello().equals(DevProject.HELLO));
  }

  @Test
  void addedAndDeletedSourceFilesAreCompiled() throws Exception {
    String pkg = hello.substring(0, hello.lastIndexOf('/'));
    String packageName = pkg.substring("src/main/java/".length()).replace('/', '.');
    project.write(
        pkg + "/Greeting.java",
        "package "
            + packageName
            + ";\n\nfinal class Greeting {\n  static String text() {\n    return \"Hello from a new file\";\n  }\n}\n");
    project.replace(hello, "\"" + DevProject.HELLO + "\"", "Greeting.text()");
    project.await(
        "the new file's code is served",
        RELOAD,
        () -> project.hello().equals("Hello from a new file"));
    project.replace(hello, "Greeting.text()", "\"" + DevProject.HELLO + "\"");
    project.delete(pkg + "/Greeting.java");
    project.await(
        "the old message is back", RELOAD, () -> project.hello().equals(DevProject.HELLO));
  }

  @Test
  void aCompileErrorShowsAPageAndTheFixServesAgain() throws Exception {
    String source = project.read(hello);
    int line = source.substring(0, source.indexOf(DevProject.HELLO)).split("\n", -1).length;
    project.replace(hello, "\"" + DevProject.HELLO + "\"", "\"" + DevProject.HELLO + "\" +");
    project.await(
        "the compile error is shown",
        RELOAD,
        () -> project.client().get("/api/hello").asString().getStatus() == 500);
    HttpResponse<String> page =
        project.client().get("/api/hello").header("Accept", "text/html").asString();
    assertEquals(500, page.getStatus());
    String html = page.getBody();
    String file = hello.substring(hello.lastIndexOf('/') + 1);
    assertTrue(html.contains("compile error"), html);
    assertTrue(html.contains(file + ":" + line), "file and line of the error: " + html);
    assertTrue(html.contains("illegal start of expression"), "javac's message: " + html);
    assertTrue(html.contains("class=\"mark\""), "the line at fault is marked: " + html);
    assertTrue(project.server().output().contains("Compile failed (1 error)"), "console too");

    project.replace(hello, "\"" + DevProject.HELLO + "\" +", "\"" + DevProject.HELLO + "\"");
    project.await(
        "the fixed code is served", RELOAD, () -> project.hello().equals(DevProject.HELLO));
  }

  @Test
  void staticFilesShowTheirChangesWithoutAReload() throws Exception {
    String css = "src/main/resources/static/app.css";
    String original = project.read(css);
    int reloads = project.count("Reloaded in");
    project.write(css, original + "\n/* edited */\n");
    project.await(
        "the edited file is served",
        RELOAD,
        () -> project.client().get("/static/app.css").asString().getBody().contains("edited"));
    project.await("the change is noticed", RELOAD, () -> project.count("no reload needed") > 0);
    assertEquals(reloads, project.count("Reloaded in"), "a static file needs no reload");
    project.write(css, original);
  }

  @Test
  void aChangedPropertiesFileReloadsTheApp() throws Exception {
    project.write("carafe.properties", "static_url_path=/assets\n");
    project.await(
        "the new configuration is used",
        RELOAD,
        () -> project.client().get("/assets/app.css").asString().getStatus() == 200);
    project.delete("carafe.properties");
    project.await(
        "the default configuration is back",
        RELOAD,
        () -> project.client().get("/static/app.css").asString().getStatus() == 200);
  }

  @Test
  void aChangedBuildFileAsksForARestart() throws Exception {
    project.write("pom.xml", "<project/>\n");
    project.await(
        "the restart hint is printed",
        RELOAD,
        () ->
            project.server().output().contains("pom.xml changed: restart the development server"));
    assertEquals(DevProject.HELLO, project.hello());
  }
}
