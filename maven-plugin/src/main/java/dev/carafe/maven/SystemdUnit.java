package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The packaged app's {@code systemd/<name>.service}, installed as {@code /opt/<name>}. */
final class SystemdUnit {
  private SystemdUnit() {}

  /** The unit's text for app {@code name}. */
  static String render(String name) {
    return Template.fill(Template.resource("systemd.service"), Map.of("NAME", name));
  }

  /** Writes the unit of app {@code name} into {@code folder}. */
  static void write(Path folder, String name) throws IOException {
    AtomicFile.write(folder.resolve(name + ".service"), render(name), "rw-r--r--");
  }
}
