package dev.carafe.maven;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Mojo;

/** Prints the app's routes. */
@Mojo(name = "routes", threadSafe = true)
public final class RoutesMojo extends AbstractMojo {
  @Override
  public void execute() {
    getLog().info("routes");
  }
}
