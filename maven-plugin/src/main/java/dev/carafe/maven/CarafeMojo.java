package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every Carafe goal shares: the project, its app class, and the java that runs it. */
abstract class CarafeMojo extends AbstractMojo {
  // A JVM ended by a signal exits with 128 + the signal's number.
  private static final int STOPPED_BY_INT = 130;
  private static final int STOPPED_BY_TERM = 143;

  /**
   * The app class, the one with {@code public static Carafe create(Config)}. Default: the {@code
   * app} key of the project's {@code carafe.properties}.
   */
  @Parameter(property = "carafe.app")
  private String app;

  /**
   * The java to run the app on: a {@code java} executable or a JDK folder. Default: {@code
   * $JAVA_HOME/bin/java}, else the newest JDK 21+ under {@code /usr/lib/jvm}, else the java running
   * Maven (the packaged launcher chooses the same way).
   */
  @Parameter(property = "carafe.java")
  private String java;

  /** The project the goal runs in. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** The project's folder: forked processes run there, so its carafe.properties counts. */
  Path basedir() {
    return project.getBasedir().toPath();
  }

  /** The app class, from the plugin's configuration or carafe.properties. */
  String appClass() throws MojoExecutionException, MojoFailureException {
    try {
      return ProjectConfig.load(basedir()).app(Optional.ofNullable(app));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read " + ProjectConfig.FILE + ": " + e, e);
    }
  }

  /** The configured java ({@code carafe.java}), if any. */
  Optional<String> configuredJava() {
    return Optional.ofNullable(java).filter(j -> !j.isBlank());
  }

  /** The java to fork. */
  Java java() throws MojoFailureException {
    try {
      Java chosen =
          Java.choose(
              configuredJava(),
              Optional.ofNullable(System.getenv("JAVA_HOME")),
              Java.JVM_ROOT,
              Path.of(System.getProperty("java.home")));
      if (chosen.feature().isPresent() && chosen.feature().getAsInt() < 17) {
        throw new MojoFailureException(
            "Carafe needs Java 17 or newer; "
                + chosen.executable()
                + " is Java "
                + chosen.feature().getAsInt()
                + ". Set JAVA_HOME or -Dcarafe.java to a JDK 17+ (21+ recommended).");
      }
      return chosen;
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage());
    }
  }

  /**
   * Runs {@code command} in the project's folder on Maven's console, with {@code environment} added
   * to Maven's, and fails the goal when it exits with a code other than 0.
   */
  void fork(String what, List<String> command, Map<String, String> environment)
      throws MojoExecutionException, MojoFailureException {
    int code = run(what, command, environment);
    if (code != 0) {
      throw new MojoFailureException(what + " exited with code " + code);
    }
  }

  /**
   * Runs a server as {@link #fork} runs a command; a server stopped with Ctrl-C or {@code kill}
   * (exit code 130 or 143) has stopped as asked, not failed.
   */
  void serve(String what, List<String> command, Map<String, String> environment)
      throws MojoExecutionException, MojoFailureException {
    int code = run(what, command, environment);
    if (code == STOPPED_BY_INT || code == STOPPED_BY_TERM) {
      getLog().info(what + " stopped");
    } else if (code != 0) {
      throw new MojoFailureException(what + " exited with code " + code);
    }
  }

  private int run(String what, List<String> command, Map<String, String> environment)
      throws MojoExecutionException {
    getLog().debug("Running " + String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command).directory(basedir().toFile());
    builder.environment().putAll(environment);
    try {
      return Fork.run(builder);
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot start " + command.get(0) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException(what + " was interrupted", e);
    }
  }

  /** The project's classes folder and its runtime dependencies. */
  List<String> runtimeClassPath() throws MojoExecutionException {
    try {
      return project.getRuntimeClasspathElements();
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("The project's dependencies are not resolved: " + e, e);
    }
  }

  /** {@code text} split at white space, as a shell would split it without quotes. */
  static List<String> words(String text) {
    return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
  }
}
