package dev.carafe.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn carafe:run}: the production server straight from the build, for a quick look (the
 * packaged {@code bin/<name>} is what to deploy). With {@code -Dcarafe.args="init-db"} it runs one
 * of the app's commands instead, with production settings, as {@code bin/<name> init-db}.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class RunMojo extends CarafeMojo {
  /** The port. Default: the app's {@code bind} setting, 127.0.0.1:8000 unless configured. */
  @Parameter(property = "carafe.port")
  private Integer port;

  /** The interface to listen on, with {@code port}. Default: 127.0.0.1. */
  @Parameter(property = "carafe.host")
  private String host;

  /**
   * Arguments, separated by spaces, as {@code bin/<name>} takes them: options of the server ({@code
   * --workers 4 --with-nginx}), or a command and its arguments ({@code init-db}).
   */
  @Parameter(property = "carafe.args")
  private String args;

  /** Creates the goal; Maven configures it. */
  public RunMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    String app = appClass();
    Java java = java();
    List<String> arguments = new ArrayList<>(words(args));
    boolean serve = arguments.isEmpty() || arguments.get(0).startsWith("-");
    if (serve) {
      arguments.add(0, "serve");
      boolean hasBind =
          arguments.stream().anyMatch(a -> a.equals("--bind") || a.startsWith("--bind="));
      if ((port != null || (host != null && !host.isBlank())) && !hasBind) {
        String address =
            (host == null || host.isBlank() ? "127.0.0.1" : host)
                + ":"
                + (port == null ? 8000 : port);
        arguments.addAll(1, List.of("--bind", address));
      }
    }
    List<String> command = new ArrayList<>();
    command.add(java.executable().toString());
    command.addAll(Launcher.MASTER_FLAGS);
    // nginx's configuration is written by the package: --with-nginx uses the packaged folder's.
    Path packaged = Path.of(project.getBuild().getDirectory(), project.getArtifactId());
    if (Files.isRegularFile(packaged.resolve("nginx/nginx.conf"))) {
      command.add("-Dcarafe.home=" + packaged);
    } else if (serve && arguments.contains("--with-nginx")) {
      throw new MojoFailureException(
          "--with-nginx runs the nginx configuration that `mvn package` writes to "
              + packaged
              + "/nginx/: run `mvn package` first.");
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, runtimeClassPath()));
    command.addAll(List.of(Launcher.MAIN, "--app", app));
    command.addAll(arguments);
    Map<String, String> environment = new HashMap<>(secret());
    environment.put("CARAFE_MODE", "production");
    if (serve) {
      serve("The server", command, environment);
    } else {
      fork("'" + String.join(" ", arguments) + "'", command, environment);
    }
  }

  /** A random secret_key for this run when none is configured, so production mode starts. */
  private Map<String, String> secret() throws MojoExecutionException {
    try {
      if (ProjectConfig.load(basedir()).hasSecretKey(System.getenv())) {
        return Map.of();
      }
    } catch (IOException e) {
      throw new MojoExecutionException("Cannot read " + ProjectConfig.FILE + ": " + e, e);
    }
    getLog()
        .warn(
            "No secret_key is configured: this run uses a random one, so sessions end with it."
                + " Set CARAFE_SECRET_KEY (or secret_key in "
                + ProjectConfig.FILE
                + ") to keep them.");
    return Map.of("CARAFE_SECRET_KEY", ProjectConfig.randomSecretKey());
  }
}
