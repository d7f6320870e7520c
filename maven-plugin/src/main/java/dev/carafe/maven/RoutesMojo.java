package dev.carafe.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn carafe:routes}: lists the app's routes (endpoint, methods, rule), as {@code flask
 * routes}.
 */
@Mojo(name = "routes", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
@Execute(phase = LifecyclePhase.PROCESS_CLASSES)
public final class RoutesMojo extends CarafeMojo {
  /** Creates the goal; Maven configures it. */
  public RoutesMojo() {}

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    String app = appClass();
    List<String> command = new ArrayList<>();
    command.add(java().executable().toString());
    // A short-lived JVM: the quick compiler alone and a small heap start it fastest.
    command.addAll(
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", Launcher.NATIVE_ACCESS, "-cp"));
    command.add(String.join(File.pathSeparator, runtimeClassPath()));
    command.addAll(List.of(Launcher.MAIN, "--app", app, "routes"));
    fork("'routes'", command, Map.of());
  }
}
