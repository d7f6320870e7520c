package dev.carafe.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Blueprint;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.View;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  static final List<String> RAN = new CopyOnWriteArrayList<>();
  private static final String SAMPLE = SampleApp.class.getName();

  @TempDir Path dir;

  /** An app factory as a user writes one. */
  public static final class SampleApp {
    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      app.get("/users/<int:id>", "user", req -> "");
      app.route("/posts", List.of("GET", "POST"), "posts", req -> "");
      Blueprint auth = new Blueprint("auth", "/auth");
      auth.get("/login", "login", req -> "");
      Blueprint oauth = new Blueprint("oauth", "/oauth");
      oauth.get("/callback", "callback", req -> "");
      auth.register(oauth);
      app.register(auth);
      app.command(
          "init-db",
          "Create the tables.",
          (a, args) -> {
            RAN.add("init-db " + args);
            return 0;
          });
      return app;
    }
  }

  /** An app whose routes carry Flask's route options. */
  public static final class OptionsApp {
    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      View users = req -> "";
      app.get("/users/", "users", users).defaults(Map.of("page", 1));
      app.get("/users/page/<int(min=1):page>", "users", users);
      app.get("/docs/", "docs", req -> "").strictSlashes(false);
      return app;
    }
  }

  private static String capture(Runnable run) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void routesListsEndpointMethodsAndRule() {
    String out =
        capture(() -> assertEquals(0, Main.run("--app", SampleApp.class.getName(), "routes")));
    assertTrue(out.startsWith("Endpoint"), out);
    assertTrue(
        out.lines()
            .anyMatch(
                l -> l.startsWith("user ") && l.contains("GET") && l.endsWith("/users/<int:id>")),
        out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("posts ") && l.contains("GET, POST")), out);
    assertTrue(
        out.lines().anyMatch(l -> l.startsWith("auth.login ") && l.endsWith("/auth/login")), out);
    assertTrue(out.contains("static"), out);
  }

  @Test
  void routesListsNestedBlueprintsUnderTheirDottedNames() {
    // flask routes shows a nested blueprint's view as parent.child.view under both prefixes.
    String out = capture(() -> assertEquals(0, Main.run("--app", SAMPLE, "routes")));
    assertTrue(
        out.lines()
            .anyMatch(
                l -> l.startsWith("auth.oauth.callback ") && l.endsWith("/auth/oauth/callback")),
        out);
  }

  @Test
  void routesShowConverterArgumentsDefaultsAndStrictSlashes() {
    String out =
        capture(() -> assertEquals(0, Main.run("--app", OptionsApp.class.getName(), "routes")));
    // flask routes prints the rule as written; Carafe adds the options Flask does not show.
    assertTrue(
        out.lines().findFirst().orElseThrow().matches("Endpoint +Methods +Rule +Options"), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("users +GET +/users/ +defaults page=1")), out);
    assertTrue(
        out.lines().anyMatch(l -> l.matches("users +GET +/users/page/<int\\(min=1\\):page> *")),
        out);
    assertTrue(out.lines().anyMatch(l -> l.matches("docs +GET +/docs/ +strict_slashes off")), out);
  }

  @Test
  void configPrintsEffectiveValuesWithSecretsMaskedAndSources() {
    String out =
        capture(
            () ->
                assertEquals(
                    0,
                    Main.run(
                        "-D", "secret_key=top-secret-value-123456", "-D", "port=7001", "config")));
    assertTrue(out.contains("port") && out.contains("7001") && out.contains("flag"), out);
    assertTrue(out.contains("secret_key"), out);
    assertFalse(out.contains("top-secret-value"), out);
  }

  @Test
  void configMasksAPasswordInsideTheDatabaseUrl() {
    String out =
        capture(
            () ->
                assertEquals(
                    0,
                    Main.run(
                        "-D",
                        "database_url=jdbc:postgresql://blog:hunter2@db/blog?password=hunter3",
                        "config")));
    assertTrue(out.contains("jdbc:postgresql://blog:******@db/blog?password=******"), out);
    assertFalse(out.contains("hunter"), out);
  }

  @Test
  void appCommandsRunWithTheirArguments() {
    RAN.clear();
    assertEquals(0, Main.run("--app", SampleApp.class.getName(), "init-db", "--force"));
    assertEquals(List.of("init-db [--force]"), RAN);
  }

  @Test
  void unknownCommandExitsWithUsageError() {
    assertEquals(2, Main.run("--app", SampleApp.class.getName(), "frobnicate"));
  }

  @Test
  void missingAppIsAClearUsageError() {
    assertEquals(2, Main.run("--app", "", "routes"));
  }

  @Test
  void globalOptionsMayFollowTheCommand() {
    CommandLine cli = Main.commandLine();
    cli.parseArgs(
        "-D",
        "before=1",
        "serve",
        "--config",
        "prod.properties",
        "--app",
        "com.example.App",
        "-D",
        "after=2",
        "--workers",
        "2");
    Main main = cli.getCommand();
    assertEquals("com.example.App", main.app);
    assertEquals(Path.of("prod.properties"), main.configFile);
    assertEquals(Map.of("before", "1", "after", "2"), main.settings);
  }

  @Test
  void theAppMayBeNamedByTheConfiguration() throws Exception {
    RAN.clear();
    Path properties = Files.writeString(dir.resolve("carafe.properties"), "app=" + SAMPLE + "\n");
    assertEquals(0, Main.run("--config", properties.toString(), "init-db"));
    assertEquals(0, Main.run("-D", "app=" + SAMPLE, "init-db", "--force"));
    assertEquals(List.of("init-db []", "init-db [--force]"), RAN);
    String out =
        capture(() -> assertEquals(0, Main.run("routes", "--config", properties.toString())));
    assertTrue(out.lines().anyMatch(l -> l.startsWith("user ")), out);
  }

  @Test
  void theAppFlagWinsOverTheConfiguration() {
    Main main = new Main();
    main.app = SAMPLE;
    assertEquals(SAMPLE, main.appClass(Config.builder().set("app", "com.example.Other").build()));
  }

  @Test
  void tableAlignsColumns() {
    assertEquals(
        "a    b\n---  -\nccc  d\n",
        Main.table(List.of(new String[] {"a", "b"}, new String[] {"ccc", "d"})));
  }
}
