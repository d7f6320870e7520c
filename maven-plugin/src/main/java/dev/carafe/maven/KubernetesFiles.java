package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged app's {@code kubernetes/} folder: the manifests of its ConfigMap, Deployment and
 * Service, and the Containerfile of the image they run, built from the packaged folder itself.
 */
final class KubernetesFiles {
  /** Where the master serves the pod's metrics, as the scrape annotation says. */
  static final String METRICS_PORT = "9464";

  private KubernetesFiles() {}

  /** The manifests of app {@code name} at {@code version}, as one multi-document YAML file. */
  static String manifests(String name, String version) {
    return Template.fill(Template.resource("kubernetes.yaml"), values(name, version));
  }

  /** Writes the manifests and the Containerfile of app {@code name} into {@code folder}. */
  static void write(Path folder, String name, String version) throws IOException {
    AtomicFile.write(folder.resolve(name + ".yaml"), manifests(name, version), "rw-r--r--");
    AtomicFile.write(
        folder.resolve("Containerfile"),
        Template.fill(Template.resource("Containerfile"), values(name, version)),
        "rw-r--r--");
  }

  private static Map<String, String> values(String name, String version) {
    return Map.of("NAME", name, "VERSION", version, "METRICS_PORT", METRICS_PORT);
  }
}
