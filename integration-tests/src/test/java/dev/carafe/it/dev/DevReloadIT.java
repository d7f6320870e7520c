package dev.carafe.it.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
  void clientsHammeringDuringReloadsSeeNoFailures() throws Exception {
    int clients = 4;
    int edits = 5;
    AtomicBoolean done = new AtomicBoolean();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger requests = new AtomicInteger();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(project.url("/api/hello")))
            .timeout(Duration.ofSeconds(30))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    for (int c = 0; c < clients; c++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 20_000 && !done.get() && System.nanoTime() < deadline; i++) {
              requests.incrementAndGet();
              try {
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().startsWith("{\"message\":\"Hello, ")) {
                  failures.add(r.statusCode() + " " + r.body());
                } else {
                  seen.add(r.body());
                }
              } catch (IOException | InterruptedException e) {
                failures.add(e.toString());
              }
            }
          });
    }
    try {
      String current = DevProject.HELLO;
      for (int i = 1; i <= edits; i++) {
        String next = "Hello, Load " + i + "!";
        project.replace(hello, current, next);
        current = next;
        project.await("edit " + i + " is served", RELOAD, () -> project.hello().equals(next));
      }
      project.replace(hello, current, DevProject.HELLO);
      project.await(
          "the old message is back", RELOAD, () -> project.hello().equals(DevProject.HELLO));
    } finally {
      done.set(true);
      pool.shutdown();
      assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
    }
    assertEquals(
        List.of(), failures, failures.size() + " of " + requests.get() + " requests failed");
    assertTrue(seen.size() >= edits, "clients saw the reloads happen: " + seen);
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
    project.delete(pkg + "/Greeting.java");
    project.await(
        "the deleted file is missed",
        RELOAD,
        () ->
            project
                .client()
                .get("/api/hello")
                .header("Accept", "text/html")
                .asString()
                .getBody()
                .contains("cannot find symbol"));
    project.replace(hello, "Greeting.text()", "\"" + DevProject.HELLO + "\"");
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
    kong.unirest.core.HttpResponse<String> page =
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
    project.write(css, original + "\n/* edited */\n");
    project.await(
        "the edited file is served",
        RELOAD,
        () -> project.client().get("/static/app.css").asString().getBody().contains("edited"));
    project.await(
        "the change is noticed",
        RELOAD,
        () -> project.server().output().contains("static/app.css: served from disk"));
    assertTrue(
        project
            .server()
            .output()
            .lines()
            .noneMatch(l -> l.contains("Reloaded in") && l.contains("app.css")),
        "a static file needs no reload");
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
