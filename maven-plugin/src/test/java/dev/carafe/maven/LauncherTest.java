package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
  // Prints what the launcher started it with, one item a line.
  private static final String FAKE_JAVA =
      """
      #!/usr/bin/env bash
      echo "cwd=$PWD"
      echo "app=${CARAFE_APP:-}"
      if [ -S /dev/stdin ]; then echo "stdin=socket"; fi
      for a in "$@"; do echo "arg=$a"; done
      """;

  @TempDir Path tmp;
  private Path home;
  private Path fakeJava;

  @BeforeEach
  void packageAnApp() throws IOException {
    home = tmp.resolve("shop").toAbsolutePath();
    Launcher.write(home.resolve("bin/shop"), "shop", Optional.of("com.example.shop.App"));
    fakeJava = tmp.resolve("fake-java");
    Files.writeString(fakeJava, FAKE_JAVA);
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void launcherIsExecutableAndValidBash() throws Exception {
    Path launcher = home.resolve("bin/shop");
    assertEquals(
        "rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher)));
    Shell check = Shell.run(List.of("bash", "-n", launcher.toString()), Map.of(), tmp);
    assertEquals(0, check.code(), check.output());
    assertTrue(Files.readString(launcher).contains("set -euo pipefail"));
  }

  @Test
  void bothLaunchersPassShellcheck() throws Exception {
    assumeTrue(Shell.onPath("shellcheck"), "shellcheck is not installed");
    Path anyApp = tmp.resolve("carafe/bin/carafe");
    Launcher.write(anyApp, "carafe", Optional.empty());
    for (Path launcher : List.of(home.resolve("bin/shop"), anyApp)) {
      Shell check = Shell.run(List.of("shellcheck", launcher.toString()), Map.of(), tmp);
      assertEquals(0, check.code(), check.output());
    }
  }

  @Test
  void pickJavaIsInlinedOnceWithoutItsShellcheckDirective() throws IOException {
    String text = Files.readString(home.resolve("bin/shop"));
    assertEquals(1, text.split("pick_java\\(\\) \\{", -1).length - 1);
    assertFalse(text.contains("shellcheck shell="));
    assertFalse(text.matches("(?s).*@[A-Z_]+@.*"), "a placeholder is left");
  }

  @Test
  void noArgumentsServe() throws Exception {
    assertEquals(List.of("serve"), mainArguments(launch(List.of())));
  }

  @Test
  void optionsFirstServe() throws Exception {
    assertEquals(
        List.of("serve", "--bind", "127.0.0.1:9000", "--workers", "1"),
        mainArguments(launch(List.of("--bind", "127.0.0.1:9000", "--workers", "1"))));
  }

  @Test
  void aWordFirstRunsThatCommand() throws Exception {
    assertEquals(List.of("routes"), mainArguments(launch(List.of("routes"))));
    assertEquals(
        List.of("init-db", "--force"), mainArguments(launch(List.of("init-db", "--force"))));
  }

  @Test
  void globalOptionsStayInFrontOfServeAndOfACommand() throws Exception {
    assertEquals(
        List.of("--config", "prod.properties", "-D", "workers=3", "serve", "--pid", "m.pid"),
        mainArguments(
            launch(List.of("--config", "prod.properties", "-D", "workers=3", "--pid", "m.pid"))));
    assertEquals(
        List.of("--app", "com.example.Other", "--set=a=b", "-Dc=d", "config"),
        mainArguments(
            launch(List.of("--app", "com.example.Other", "--set=a=b", "-Dc=d", "config"))));
  }

  @Test
  void helpListsCarafesCommandsInsteadOfServing() throws Exception {
    assertEquals(List.of("--help"), mainArguments(launch(List.of("--help"))));
  }

  @Test
  void aGlobalOptionWithoutItsValueFailsWithUsageExitCode() throws Exception {
    Shell run = Shell.run(List.of(home.resolve("bin/shop").toString(), "--config"), env(), tmp);
    assertEquals(2, run.code());
    assertTrue(run.output().contains("--config needs a value"), run.output());
  }

  @Test
  void javaGetsMasterFlagsHomeAndLibFromTheLaunchersOwnPathThroughALink() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(elsewhere.resolve("shop"), home.resolve("bin/shop"));
    Shell run = Shell.run(List.of(link.toString(), "routes"), env(), elsewhere);
    assertEquals(0, run.code(), run.output());
    String real = home.toRealPath().toString();
    List<String> expected = new ArrayList<>(Launcher.MASTER_FLAGS);
    expected.addAll(
        List.of(
            "-Dcarafe.home=" + real,
            "-Dcarafe.lib=" + real + "/lib",
            "-cp",
            real + "/lib/*",
            Launcher.MAIN,
            "routes"));
    assertEquals(expected, arguments(run));
  }

  @Test
  void aLinkedHomeIsKeptAsGivenSoAHupFollowsTheLinkToTheNextRelease() throws Exception {
    Path current = Files.createSymbolicLink(tmp.resolve("current"), home);
    Shell run = Shell.run(List.of(current.resolve("bin/shop").toString(), "routes"), env(), tmp);
    assertEquals(0, run.code(), run.output());
    assertTrue(arguments(run).contains("-Dcarafe.lib=" + current + "/lib"), run.output());
  }

  @Test
  void theCallersFolderStaysTheWorkingFolder() throws Exception {
    Path caller = Files.createDirectories(tmp.resolve("caller"));
    Shell run = Shell.run(List.of(home.resolve("bin/shop").toString()), env(), caller);
    assertTrue(run.lines().contains("cwd=" + caller.toRealPath()), run.output());
  }

  @Test
  void theBuiltInAppIsTheDefaultAndCarafeAppOverridesIt() throws Exception {
    assertTrue(launch(List.of()).lines().contains("app=com.example.shop.App"));
    Map<String, String> env = env();
    env.put("CARAFE_APP", "com.example.Other");
    Shell run = Shell.run(List.of(home.resolve("bin/shop").toString()), env, tmp);
    assertTrue(run.lines().contains("app=com.example.Other"), run.output());
  }

  @Test
  void aLauncherForAnyAppBuildsNoAppIn() throws Exception {
    Path launcher = tmp.resolve("carafe/bin/carafe");
    Launcher.write(launcher, "carafe", Optional.empty());
    Shell run = Shell.run(List.of(launcher.toString(), "routes"), env(), tmp);
    assertTrue(run.lines().contains("app="), run.output());
  }

  @Test
  void aUnixBindIsHandedToTheMasterAsAListeningSocketOnStandardInput() throws Exception {
    assumeTrue(Shell.onPath("perl"), "perl is not installed");
    Shell run =
        Shell.run(
            List.of(home.resolve("bin/shop").toString(), "--bind", "unix:run/shop.sock"),
            env(),
            tmp);
    assertEquals(0, run.code(), run.output());
    assertTrue(run.lines().contains("stdin=socket"), run.output());
    // Relative to the caller's folder, which the launcher created.
    assertTrue(Files.exists(tmp.resolve("run/shop.sock")));
    Shell tcp = launch(List.of("--bind", "127.0.0.1:9000"));
    assertFalse(tcp.lines().contains("stdin=socket"), tcp.output());
  }

  @Test
  void aNameOrAppAShellWouldInterpretIsRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> Launcher.render("shop;rm", Optional.empty()));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Launcher.render("shop", Optional.of("com.example.$(reboot)")));
    assertTrue(e.getMessage().contains("com.example.shop.App"), e.getMessage());
  }

  private Shell launch(List<String> arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin/shop").toString());
    command.addAll(arguments);
    Shell run = Shell.run(command, env(), tmp);
    assertEquals(0, run.code(), run.output());
    return run;
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("CARAFE_JAVA", fakeJava.toString());
    env.put("CARAFE_APP", "");
    env.put("CARAFE_BIND", "");
    return env;
  }

  /** Everything java was started with. */
  private static List<String> arguments(Shell run) {
    return run.lines().stream()
        .filter(l -> l.startsWith("arg="))
        .map(l -> l.substring("arg=".length()))
        .toList();
  }

  /** What Carafe's main class was given. */
  private static List<String> mainArguments(Shell run) {
    List<String> all = arguments(run);
    return all.subList(all.indexOf(Launcher.MAIN) + 1, all.size());
  }
}
