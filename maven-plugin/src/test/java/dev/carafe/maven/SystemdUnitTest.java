package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdUnitTest {
  @TempDir Path tmp;

  @Test
  void theUnitStartsTheInstalledLauncherAndStopsItGracefully() {
    List<String> lines = SystemdUnit.render("shop").lines().toList();
    for (String setting :
        List.of(
            "User=shop",
            "Group=shop",
            "WorkingDirectory=/var/lib/shop",
            "StateDirectory=shop",
            "RuntimeDirectory=shop",
            "EnvironmentFile=-/etc/shop/env",
            "ExecStart=/opt/shop/bin/shop --pid /run/shop/shop.pid",
            "ExecReload=/bin/kill -HUP $MAINPID",
            "KillMode=mixed",
            "KillSignal=SIGTERM",
            "TimeoutStopSec=60",
            "Restart=on-failure",
            "RestartPreventExitStatus=2",
            "RestartSec=5",
            "StartLimitIntervalSec=300",
            "StartLimitBurst=5")) {
      assertTrue(lines.contains(setting), setting);
    }
  }

  /**
   * systemd-analyze verify here exits 0 on unknown keys and bad values (it only warns), and fails
   * on a missing ExecStart program: so the launcher exists in the copy, and any word at all on its
   * output fails the test.
   */
  @Test
  void theUnitPassesSystemdAnalyzeVerifyWithoutAWarning() throws Exception {
    assumeTrue(Shell.onPath("systemd-analyze"), "systemd-analyze is not installed");
    Path launcher = Files.createDirectories(tmp.resolve("opt/shop/bin")).resolve("shop");
    Files.writeString(launcher, "#!/bin/sh\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path unit = tmp.resolve("shop.service");
    Files.writeString(
        unit, SystemdUnit.render("shop").replace("/opt/shop/bin/shop", launcher.toString()));
    Shell verify = Shell.run(List.of("systemd-analyze", "verify", unit.toString()), Map.of(), tmp);
    assertEquals(0, verify.code(), verify.output());
    assertEquals("", verify.output().strip());

    Path broken = tmp.resolve("broken.service");
    Files.writeString(broken, Files.readString(unit).replace("KillMode=mixed", "KillMode=mixd"));
    Shell warns = Shell.run(List.of("systemd-analyze", "verify", broken.toString()), Map.of(), tmp);
    assertTrue(warns.output().contains("mixd"), "verify no longer reports bad values");
  }
}
