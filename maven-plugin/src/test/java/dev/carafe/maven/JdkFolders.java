package dev.carafe.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A fake /usr/lib/jvm for tests: JDK folders with a {@code release} file and a bin/java. */
final class JdkFolders {
  private JdkFolders() {}

  /** Adds a JDK {@code name} of {@code version} (as in its release file) under {@code root}. */
  static Path add(Path root, String name, String version) throws IOException {
    Path home = Files.createDirectories(root.resolve(name).resolve("bin"));
    Files.writeString(
        root.resolve(name).resolve("release"),
        "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\nOS_NAME=\"Linux\"\n");
    Path java = home.resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return java;
  }
}
