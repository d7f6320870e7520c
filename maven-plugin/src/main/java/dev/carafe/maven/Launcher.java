package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The packaged app's launcher, {@code bin/<name>}, rendered from {@code launcher.sh}. */
final class Launcher {
  /**
   * Lets libraries with native code (SQLite's driver) load it without JDK 24+'s warning, as the
   * workers do; JDK 17 accepts the flag too.
   */
  static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  /**
   * The development server collects when it has been quiet for 10 s, so the memory a burst took
   * (large uploads, many slow bodies) goes back to the OS instead of staying with the JVM until the
   * next collection, which a quiet server never runs.
   */
  static final String GIVE_MEMORY_BACK = "-XX:G1PeriodicGCInterval=10000";

  /**
   * The development server's JIT stops at C1: on two cores C2's compiler threads compete with javac
   * for the CPU, and the dev-reload benchmark's saves and starts came out faster without them (see
   * docs/performance.md). App code runs slower than in production, which keeps C2; {@code
   * -XX:TieredStopAtLevel=4} in {@code carafe.jvmArgs} brings it back.
   */
  static final String DEV_JIT = "-XX:TieredStopAtLevel=1";

  /**
   * What lets the development server's compiler keep javac's context from save to save, so the
   * JDK's and the libraries' classes are read once, not on every save (javac's internal {@code
   * JavacTaskPool}); without them the server starts a fresh compiler for each save.
   */
  static final List<String> DEV_COMPILER_EXPORTS =
      List.of(
          "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
          "--add-exports=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED");

  /**
   * The master's JVM flags. The master only supervises: a small serial heap and C1 alone start it
   * fast and keep it small; the workers get their own tuned flags from the master.
   */
  static final List<String> MASTER_FLAGS =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms16m",
          "-Xmx64m",
          "-XX:TieredStopAtLevel=1",
          NATIVE_ACCESS,
          "-Dcarafe.mode=production");

  /** Carafe's command line, the main class of every process the plugin starts. */
  static final String MAIN = "dev.carafe.cli.Main";

  // Names land inside the rendered shell script, so anything a shell would interpret is refused.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  private Launcher() {}

  /** Writes the launcher of app {@code name} to {@code file}, executable by everyone. */
  static void write(Path file, String name, Optional<String> app) throws IOException {
    AtomicFile.write(file, render(name, app), "rwxr-xr-x");
  }

  /**
   * The launcher's text: it starts app class {@code app}, or, when empty, the app named by {@code
   * --app} or {@code CARAFE_APP}.
   */
  static String render(String name, Optional<String> app) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' cannot name a launcher: use letters, digits, '.', '_' and '-' only.");
    }
    String appLine =
        app.map(
                a -> {
                  if (!CLASS_NAME.matcher(a).matches()) {
                    throw new IllegalArgumentException(
                        "'"
                            + a
                            + "' is not a class name: the app is a top-level class such as"
                            + " com.example.shop.App.");
                  }
                  return "export CARAFE_APP=\"${CARAFE_APP:-" + a + "}\"";
                })
            .orElse("# No app is built in: name it with --app CLASS or CARAFE_APP.");
    return Template.fill(
        Template.resource("launcher.sh"),
        Map.of(
            "NAME",
            name,
            "APP_LINE",
            appLine,
            "PICK_JAVA",
            pickJava(),
            "MASTER_FLAGS",
            String.join(" ", MASTER_FLAGS)));
  }

  /** The {@code pick_java} function of {@code pick-java.sh}, ready to inline in a script. */
  static String pickJava() {
    String text = Template.resource("pick-java.sh");
    // The directive tells shellcheck what a sourced file is; inside a script it is noise.
    return text.replaceFirst("\\A# shellcheck shell=bash\n", "").stripTrailing();
  }
}
