package dev.carafe.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProjectHelper;

/**
 * {@code mvn package}: the app as a folder to deploy, {@code target/<artifactId>/} ({@code
 * bin/<artifactId>}, {@code lib/}, {@code static/}, {@code nginx/}, {@code systemd/}, {@code
 * kubernetes/}), and the same folder as {@code target/<artifactId>-<version>.tar.gz}, attached to
 * the build.
 */
@Mojo(
    name = "package",
    defaultPhase = LifecyclePhase.PACKAGE,
    requiresDependencyResolution = ResolutionScope.RUNTIME,
    threadSafe = true)
public final class PackageMojo extends CarafeMojo {
  /** The exit code of Carafe's command line for a command it does not know. */
  private static final int UNKNOWN_COMMAND = 2;

  /**
   * The app's address written into {@code nginx/upstream.conf}: {@code HOST:PORT} or {@code
   * unix:/PATH}. {@code --with-nginx} rewrites it from the app's own bind at every start.
   */
  @Parameter(property = "carafe.bind", defaultValue = "127.0.0.1:8000")
  private String bind;

  /** Where nginx listens, written into {@code nginx/listen.conf}: {@code HOST:PORT}. */
  @Parameter(property = "carafe.nginxBind", defaultValue = "127.0.0.1:8080")
  private String nginxBind;

  /**
   * Package a launcher for any app, named at start with {@code --app CLASS} or {@code CARAFE_APP},
   * instead of this project's app.
   */
  @Parameter(defaultValue = "false")
  private boolean anyApp;

  /** Also write the folder as {@code target/<artifactId>-<version>.tar.gz} and attach it. */
  @Parameter(property = "carafe.tarball", defaultValue = "true")
  private boolean tarball;

  /**
   * Record the workers' AOT cache into {@code aot/}, so that the first workers of a deployment
   * start warm. It needs JDK 25 or later where the build runs; on older JDKs the recording says it
   * skipped.
   */
  @Parameter(property = "carafe.aot", defaultValue = "true")
  private boolean aot;

  /** Skip packaging. */
  @Parameter(property = "carafe.skip", defaultValue = "false")
  private boolean skip;

  private final MavenProjectHelper projectHelper;

  /** Creates the goal with the helper that attaches the tarball; Maven configures the rest. */
  @Inject
  public PackageMojo(MavenProjectHelper projectHelper) {
    this.projectHelper = projectHelper;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping the packaged app (carafe.skip)");
      return;
    }
    String name = project.getArtifactId();
    Optional<String> app = anyApp ? Optional.empty() : Optional.of(appClass());
    Path home = Path.of(project.getBuild().getDirectory(), name);
    Path staticFolder = basedir().resolve("src/main/resources/static");
    Distribution.Contents contents =
        new Distribution.Contents(
            name,
            project.getVersion(),
            app,
            jars(),
            Files.isDirectory(staticFolder) ? Optional.of(staticFolder) : Optional.empty(),
            bind,
            nginxBind);
    try {
      Distribution.write(home, contents);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage());
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot write " + home + ": " + e, e);
    }
    if (aot && app.isPresent()) {
      recordAotCache(home, name);
    }
    if (tarball) {
      Path out =
          Path.of(project.getBuild().getDirectory(), name + "-" + project.getVersion() + ".tar.gz");
      try {
        Tarball.write(home, Distribution.FOLDERS, out);
      } catch (IOException e) {
        throw new MojoExecutionException("Cannot write " + out + ": " + e, e);
      }
      projectHelper.attachArtifact(project, "tar.gz", null, out.toFile());
      getLog().info("Packaged " + out);
    }
    getLog().info("Packaged " + home + ": start it with " + home.resolve("bin").resolve(name));
  }

  /**
   * The project's jar and its runtime dependencies, by file name; a name two artifacts share is
   * told apart by their group.
   */
  private Map<String, Path> jars() throws MojoFailureException {
    List<Artifact> artifacts = new ArrayList<>();
    artifacts.add(project.getArtifact());
    project.getArtifacts().stream()
        .filter(a -> a.getArtifactHandler().isAddedToClasspath())
        .forEach(artifacts::add);
    Map<String, Path> jars = new LinkedHashMap<>();
    for (Artifact artifact : artifacts) {
      File file = artifact.getFile();
      if (file == null || !file.isFile()) {
        throw new MojoFailureException(
            artifact.getId()
                + " has no jar yet ("
                + file
                + "): carafe:package runs in the package phase, after the jar is built. Run `mvn"
                + " package`.");
      }
      String fileName = file.getName();
      jars.put(
          jars.containsKey(fileName) ? artifact.getGroupId() + "." + fileName : fileName,
          file.toPath());
    }
    return jars;
  }

  /**
   * Runs the packaged launcher's {@code record-aot-cache} in a scratch folder, with a throwaway
   * secret key: the recording boots the app once, as a worker would.
   */
  private void recordAotCache(Path home, String name)
      throws MojoExecutionException, MojoFailureException {
    Path launcher = home.resolve("bin").resolve(name);
    Path scratch;
    try {
      scratch = Files.createTempDirectory("carafe-aot");
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot create a scratch folder: " + e, e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(launcher.toString(), "record-aot-cache").directory(scratch.toFile());
    builder.environment().put("CARAFE_SECRET_KEY", ProjectConfig.randomSecretKey());
    configuredJava().ifPresent(java -> builder.environment().put("CARAFE_JAVA", java));
    List<String> output = new ArrayList<>();
    int code;
    try {
      code =
          Fork.run(
              builder,
              line -> {
                output.add(line);
                getLog().info(line);
              });
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot run " + launcher + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("Recording the AOT cache was interrupted", e);
    } finally {
      try {
        Distribution.deleteTree(scratch);
      } catch (IOException e) {
        getLog().debug("Cannot delete " + scratch + ": " + e);
      }
    }
    if (code == UNKNOWN_COMMAND
        && output.stream().anyMatch(l -> l.contains("Unknown command 'record-aot-cache'"))) {
      getLog().warn("This Carafe cannot record an AOT cache yet: the package ships none.");
    } else if (code != 0) {
      throw new MojoFailureException(
          launcher
              + " record-aot-cache exited with code "
              + code
              + ". -Dcarafe.aot=false packages the app without its AOT cache.");
    }
  }
}
