package dev.carafe.it.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Checks a unit file with systemd's own parser, {@code systemd-analyze verify}. */
final class SystemdUnits {
  private SystemdUnits() {}

  /**
   * Verifies {@code unit} as installed in {@code installedAt} while its files really are in {@code
   * home}: the copy checked names the real launcher, which verify requires to exist. Any complaint
   * fails, warnings included, since verify exits 0 on unknown keys and unparsable values.
   */
  static void verify(Path unit, Path home, String installedAt) throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/systemd-analyze")),
        "systemd-analyze is not installed (apt-get install -y systemd)");
    String text = Files.readString(unit, StandardCharsets.UTF_8);
    assertTrue(text.contains(installedAt + "/bin/"), "the unit does not run " + installedAt);
    Path folder = Files.createTempDirectory("carafe-unit-");
    Path copy = folder.resolve(unit.getFileName());
    Files.writeString(copy, text.replace(installedAt, home.toString()), StandardCharsets.UTF_8);
    Process verify =
        new ProcessBuilder("systemd-analyze", "verify", copy.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(verify.waitFor(1, TimeUnit.MINUTES), "systemd-analyze verify hung");
    assertEquals(0, verify.exitValue(), output);
    assertEquals("", output.strip(), "systemd-analyze verify complained");
    Files.delete(copy);
    Files.delete(folder);
  }
}
