package dev.carafe.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn carafe:dev}: the development server, as {@code flask run --debug}. It compiles and
 * reloads the app's sources on save, shows errors as pages, and serves on 127.0.0.1:5000.
 */
@Mojo(
    name = "dev",
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME,
    threadSafe = true)
public final class DevMojo extends CarafeMojo {
  /** The port. Default: {@code port} in carafe.properties, else 5000. */
  @Parameter(property = "carafe.port")
  private Integer port;

  /** The interface to listen on. Default: {@code host} in carafe.properties, else 127.0.0.1. */
  @Parameter(property = "carafe.host")
  private String host;

  /** Requests that may run app code at once. Default 1: one at a time, as a debugger likes it. */
  @Parameter(property = "carafe.threads")
  private Integer threads;

  /**
   * More options for the server's JVM, separated by spaces, such as {@code
   * -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=5005} for a debugger.
   */
  @Parameter(property = "carafe.jvmArgs")
  private String jvmArgs;

  /** Creates the goal; Maven configures it. */
  public DevMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    // The moment Maven handed over: what "the first page within 3 s" is measured from.
    getLog().debug("carafe:dev started at " + Instant.now());
    String app = appClass();
    Java java = java();
    getLog()
        .info(
            "Starting the development server of "
                + app
                + " on "
                + (java.feature().isPresent() ? "Java " + java.feature().getAsInt() + ", " : "")
                + java.executable());
    List<String> command = new ArrayList<>();
    command.add(java.executable().toString());
    command.addAll(sharedArchive(java));
    command.add(Launcher.NATIVE_ACCESS);
    command.add(Launcher.GIVE_MEMORY_BACK);
    command.add(Launcher.DEV_JIT);
    command.addAll(Launcher.DEV_COMPILER_EXPORTS);
    command.addAll(words(jvmArgs));
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classPath()));
    command.addAll(List.of(Launcher.MAIN, "--app", app, "run", "--project", basedir().toString()));
    if (port != null) {
      command.addAll(List.of("--port", port.toString()));
    }
    if (host != null && !host.isBlank()) {
      command.addAll(List.of("--host", host));
    }
    if (threads != null) {
      command.addAll(List.of("--threads", threads.toString()));
    }
    serve("The development server", command, Map.of());
  }

  /**
   * The libraries, without the project's own classes folder: the server compiles the sources
   * itself, and classes found there first would shadow every reloaded version.
   */
  private List<String> classPath() throws MojoExecutionException {
    Set<String> entries = new LinkedHashSet<>();
    try {
      entries.addAll(project.getCompileClasspathElements());
      entries.addAll(project.getRuntimeClasspathElements());
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("The project's dependencies are not resolved: " + e, e);
    }
    entries.remove(project.getBuild().getOutputDirectory());
    return List.copyOf(entries);
  }

  /**
   * A class-data archive of what a start loads (the JDK's compiler, Jetty, Javalin, Carafe), which
   * the JVM writes at the first exit and checks and reuses from then on: later starts take about
   * half the time. JDK 19+ keeps it up to date by itself.
   */
  private List<String> sharedArchive(Java java) throws MojoExecutionException {
    if (java.feature().orElse(0) < 19) {
      return List.of();
    }
    Path archive =
        Path.of(
            project.getBuild().getDirectory(),
            "carafe",
            "dev-" + java.feature().getAsInt() + ".jsa");
    try {
      Files.createDirectories(archive.getParent());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot create " + archive.getParent() + ": " + e, e);
    }
    return List.of(
        "-XX:+AutoCreateSharedArchive",
        "-XX:SharedArchiveFile=" + archive,
        "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off");
  }
}
