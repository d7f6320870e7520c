package dev.carafe.it.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.carafe.it.Launched;
import dev.carafe.it.Load;
import dev.carafe.test.CarafeTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kong.unirest.core.HttpResponse;
import kong.unirest.core.UnirestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The path of a new user, in folders outside the repository: install Carafe's artifacts, generate a
 * project from the archetype, test it, develop it with {@code mvn carafe:dev}, package it, and run
 * the unpacked tarball alone and behind nginx. Each step builds on the one before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewProjectIT {
  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final String SECRET = "new-project-it-0123456789abcdef0123456789";
  private static final Duration BUILD = Duration.ofMinutes(10);

  private Path scratch;
  private Path project;
  private Path unpacked;

  @BeforeAll
  void installCarafeAndGenerateAProject() throws Exception {
    // Readable by all: nginx started as root serves static files as `nobody`.
    scratch =
        Files.createTempDirectory(
            "carafe-new-project-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Maven.installCarafe(scratch);
    project = generate(Files.createDirectories(scratch.resolve("workspace")), "shop");
  }

  /**
   * Runs the README's archetype:generate in {@code folder} for {@code com.example.<name>}; returns
   * the project's folder.
   */
  private static Path generate(Path folder, String name) throws Exception {
    Maven.run(
        folder,
        BUILD,
        "archetype:generate",
        "-DarchetypeGroupId=dev.carafe",
        "-DarchetypeArtifactId=carafe-archetype",
        "-DarchetypeVersion=" + VERSION,
        "-DgroupId=com.example",
        "-DartifactId=" + name,
        "-Dpackage=com.example." + name,
        "-DinteractiveMode=false");
    return folder.resolve(name);
  }

  @AfterAll
  void deleteScratch() throws IOException {
    if (scratch != null) {
      try (Stream<Path> files = Files.walk(scratch)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Test
  @Order(1)
  void theGeneratedProjectHasWhatItsReadmePromisesAndVerifiesGreen() throws Exception {
    for (String file :
        List.of(
            "pom.xml",
            "README.md",
            "carafe.properties",
            ".gitignore",
            "src/main/java/com/example/shop/App.java",
            "src/main/resources/templates/base.html",
            "src/main/resources/templates/index.html",
            "src/main/resources/static/app.css",
            "src/main/resources/db/migration/V1__greetings.sql",
            "src/test/java/com/example/shop/AppTest.java")) {
      assertTrue(Files.isRegularFile(project.resolve(file)), file + " was not generated");
    }
    String pom = Files.readString(project.resolve("pom.xml"));
    assertTrue(pom.contains("<artifactId>carafe-bom</artifactId>"), pom);
    assertTrue(pom.contains("<artifactId>carafe-maven-plugin</artifactId>"), pom);
    assertTrue(pom.contains("<artifactId>carafe-database</artifactId>"), pom);
    assertTrue(pom.contains("com.example.shop.App"), pom);

    String verify = Maven.run(project, BUILD, "verify", "-Dcarafe.aot=false");
    assertTrue(verify.contains("Tests run:"), verify);
    assertTrue(verify.contains("BUILD SUCCESS"), verify);
  }

  @Test
  @Order(2)
  void everyGeneratedFileTheTutorialShowsIsWhatTheArchetypeGenerates() throws Exception {
    // The tutorial's project: blog, in package com.example.blog.
    Path generated =
        generate(Files.createDirectories(scratch.resolve("tutorial")), "blog").getParent();
    Pattern block =
        Pattern.compile("<!-- generated: (\\S+) -->\\s*\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    int checked = 0;
    try (Stream<Path> docs = Files.walk(Launched.repo().resolve("docs"))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        Matcher matcher = block.matcher(Files.readString(doc));
        while (matcher.find()) {
          Path file = generated.resolve(matcher.group(1));
          assertTrue(
              Files.isRegularFile(file), doc + " shows " + matcher.group(1) + ", not generated");
          assertEquals(
              Files.readString(file).stripTrailing(),
              matcher.group(2).stripTrailing(),
              doc + ": the block of " + matcher.group(1) + " differs from the generated file");
          checked++;
        }
      }
    }
    assertTrue(checked > 0, "the tutorial shows no generated file (<!-- generated: blog/... -->)");
  }

  @Test
  @Order(3)
  void carafeDevServesReloadsAnEditAndShowsACompileErrorUntilItIsFixed() throws Exception {
    int port = Launched.freePort();
    Path app = project.resolve("src/main/java/com/example/shop/App.java");
    String original = Files.readString(app);
    try (Launched dev = Maven.start(project, Map.of(), "carafe:dev", "-Dcarafe.port=" + port);
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + port)) {
      dev.awaitHttp("http://127.0.0.1:" + port + "/", 200, Duration.ofMinutes(3));
      assertTrue(dev.output().contains("do not use it in production"), dev.output());
      String hello = client.get("/api/hello").asString().getBody();
      assertTrue(hello.contains("\"message\""), hello);
      // Development migrates the SQLite file in the project's instance/ as the app starts.
      String greetings = client.get("/api/greetings").asString().getBody();
      assertTrue(greetings.contains("Hello, World!"), greetings + "\n" + dev.output());

      String edited = original.replaceFirst("\"Hello, [^\"]*\"", "\"Edited in place\"");
      assertTrue(!edited.equals(original), "App.java has no \"Hello, ...\" string to edit");
      Files.writeString(app, edited, StandardCharsets.UTF_8);
      awaitBody(client, "/api/hello", "Edited in place", dev);

      Files.writeString(app, edited.replace("Edited in place\"", "Broken\" +"));
      HttpResponse<String> broken = awaitStatus(client, "/api/hello", 500, dev);
      assertTrue(broken.getBody().contains("App.java"), broken.getBody());

      Files.writeString(app, original, StandardCharsets.UTF_8);
      awaitStatus(client, "/api/hello", 200, dev);
    } finally {
      Files.writeString(app, original, StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(4)
  void thePackagedTarballServesFromAnyFolderAndLosesNothingAcrossAHup() throws Exception {
    Maven.run(project, BUILD, "package", "-DskipTests");
    // archetype:generate gives a new project the version 1.0-SNAPSHOT.
    Path tarball = project.resolve("target/shop-1.0-SNAPSHOT.tar.gz");
    assertTrue(Files.isRegularFile(tarball), "no " + tarball);
    Path home = project.resolve("target/shop");
    for (String path :
        List.of("bin/shop", "nginx/nginx.conf", "systemd/shop.service", "static/app.css")) {
      assertTrue(Files.exists(home.resolve(path)), path + " missing from the package");
    }

    unpacked = Files.createDirectories(scratch.resolve("elsewhere"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", unpacked.toString())
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor());
    Path launcher = unpacked.resolve("shop/bin/shop");
    assertTrue(
        Files.getPosixFilePermissions(launcher).contains(PosixFilePermission.OWNER_EXECUTE),
        "bin/shop lost its run bit in the tarball");

    // Another folder again as the working directory: the launcher finds its home by itself.
    Path cwd = Files.createDirectories(scratch.resolve("cwd"));
    Path aotFolder = Files.createDirectories(scratch.resolve("aot-cache"));
    boolean shipsACache = hasFiles(unpacked.resolve("shop/aot"));
    if (System.getenv("JAVA_HOME") == null && newestJdk() >= 25) {
      assertTrue(shipsACache, "the launcher's JDK records an AOT cache, but none was packaged");
    }
    // Production never migrates by itself: the deployer's command makes the tables first, in the
    // SQLite file under the working directory, where the server then finds it.
    try (Launched migrate = Launched.start(cwd, Map.of(), launcher.toString(), "db-migrate")) {
      assertEquals(0, migrate.awaitExit(Duration.ofMinutes(2)), migrate.output());
      assertTrue(migrate.output().contains("Applied 1 migration"), migrate.output());
    }
    int port = Launched.freePort();
    try (Launched shop =
        Launched.start(
            cwd,
            Map.of("CARAFE_SECRET_KEY", SECRET, "CARAFE_AOT_CACHE", aotFolder.toString()),
            launcher.toString(),
            "--bind",
            "127.0.0.1:" + port,
            "--workers",
            "2",
            "--pid",
            "shop.pid")) {
      String base = "http://127.0.0.1:" + port;
      shop.awaitHttp(base + "/readyz", 200, Duration.ofMinutes(3));
      shop.awaitLines("Serving com.example.shop.App", 1, Duration.ofMinutes(3));
      try (UnirestInstance client = CarafeTest.client(base)) {
        String greetings = client.get("/api/greetings").asString().getBody();
        assertTrue(greetings.contains("Hello, World!"), greetings + "\n" + shop.output());
      }
      assertTrue(Files.isRegularFile(cwd.resolve("shop.pid")), "--pid is relative to the caller");
      if (shipsACache) {
        // Packaged on JDK 25+: the first workers start from the cache recorded at package time.
        assertTrue(
            shop.output().contains("Took the AOT cache shipped with the app"), shop.output());
        assertTrue(shop.output().contains("started from the AOT cache"), shop.output());
      }

      int readyBefore = shop.linesContaining("is ready (generation");
      Load load = Load.start(base, "/api/hello", 4, 1_000_000, Duration.ofMinutes(3));
      try (load) {
        assertTrue(load.awaitSucceeded(200), "no traffic before the HUP:\n" + shop.output());
        shop.signal("HUP");
        shop.awaitLines("Reload complete", 1, Duration.ofMinutes(3));
        int served = load.succeeded();
        assertTrue(
            load.awaitSucceeded(served + 200), "no traffic after the HUP:\n" + shop.output());
      }
      assertEquals(List.of(), load.failures(), shop.output());
      assertTrue(shop.linesContaining("is ready (generation") >= readyBefore + 2, shop.output());

      shop.signal("TERM");
      assertEquals(0, shop.awaitExit(Duration.ofMinutes(2)), shop.output());
    }
  }

  @Test
  @Order(5)
  void withNginxServesTheAppAndItsStaticFilesOnPortsOfTheTestsChoice() throws Exception {
    assumeTrue(unpacked != null, "the tarball step did not run");
    int appPort = Launched.freePort();
    int nginxPort = Launched.freePort();
    Path home = unpacked.resolve("shop");
    try (Launched shop =
            Launched.start(
                scratch,
                Map.of("CARAFE_SECRET_KEY", SECRET),
                home.resolve("bin/shop").toString(),
                "--bind",
                "127.0.0.1:" + appPort,
                "--workers",
                "1",
                "--with-nginx",
                "--nginx-bind",
                "127.0.0.1:" + nginxPort);
        UnirestInstance client = CarafeTest.client("http://127.0.0.1:" + nginxPort)) {
      shop.awaitHttp("http://127.0.0.1:" + nginxPort + "/api/hello", 200, Duration.ofMinutes(3));
      HttpResponse<String> css = client.get("/static/app.css").asString();
      assertEquals(200, css.getStatus());
      assertEquals("nginx", css.getHeaders().getFirst("Server"), "static files come from nginx");
      assertEquals(Files.readString(home.resolve("static/app.css")), css.getBody());
      assertTrue(Files.isRegularFile(home.resolve("run/nginx.pid")), "nginx writes under run/");

      shop.signal("TERM");
      assertEquals(0, shop.awaitExit(Duration.ofMinutes(2)), shop.output());
      assertTrue(!Files.exists(home.resolve("run/nginx.pid")), "nginx outlived the master");
    }
  }

  @Test
  @Order(6)
  void theSystemdUnitPassesSystemdAnalyzeVerify() throws Exception {
    assumeTrue(unpacked != null, "the tarball step did not run");
    Path unit = unpacked.resolve("shop/systemd/shop.service");
    SystemdUnits.verify(unit, unpacked.resolve("shop"), "/opt/shop");
  }

  /** The newest JDK under /usr/lib/jvm, as the launcher picks it; 0 when there is none. */
  private static int newestJdk() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return 0;
    }
    int newest = 0;
    try (Stream<Path> homes = Files.list(jvms)) {
      for (Path release :
          homes.map(h -> h.resolve("release")).filter(Files::isRegularFile).toList()) {
        Matcher version =
            Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
        if (version.find()) {
          newest = Math.max(newest, Integer.parseInt(version.group(1)));
        }
      }
    }
    return newest;
  }

  private static boolean hasFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.findAny().isPresent();
    }
  }

  private static void awaitBody(UnirestInstance client, String path, String text, Launched dev)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = client.get(path).asString().getBody();
      if (body.contains(text)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " never showed '" + text + "': " + body + "\n" + dev.output());
  }

  private static HttpResponse<String> awaitStatus(
      UnirestInstance client, String path, int status, Launched dev) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    HttpResponse<String> reply = null;
    while (System.nanoTime() < deadline) {
      reply = client.get(path).header("Accept", "text/html").asString();
      if (reply.getStatus() == status) {
        return reply;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        path + " never answered " + status + ": " + reply.getStatus() + "\n" + dev.output());
  }
}
