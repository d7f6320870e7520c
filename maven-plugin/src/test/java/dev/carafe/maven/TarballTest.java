package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarballTest {
  private static final Instant JAR_TIME = Instant.parse("2020-01-02T03:04:05Z");

  @TempDir Path tmp;
  private Path home;
  private Path out;

  @BeforeEach
  void writeATarball() throws IOException {
    home = Files.createDirectories(tmp.resolve("shop"));
    Path launcher = Files.createDirectories(home.resolve("bin")).resolve("shop");
    Files.writeString(launcher, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = Files.createDirectories(home.resolve("lib")).resolve("app.jar");
    Files.writeString(jar, "jar bytes");
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setLastModifiedTime(jar, FileTime.from(JAR_TIME));
    Files.createDirectories(home.resolve("run")).resolve("nginx.pid");
    Files.writeString(home.resolve("run/nginx.pid"), "123");
    out = tmp.resolve("shop-1.0.tar.gz");
    Tarball.write(home, Distribution.FOLDERS, out);
  }

  @Test
  void entriesSitUnderTheFolderNameWithTheirModesAndTimesAndNothingOfRun() throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (InputStream file = Files.newInputStream(out);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.put(e.getName(), e);
      }
    }
    assertEquals(
        List.of("shop/", "shop/bin/", "shop/bin/shop", "shop/lib/", "shop/lib/app.jar"),
        List.copyOf(entries.keySet()));
    assertEquals(0755, entries.get("shop/bin/shop").getMode() & 0777);
    assertEquals(0644, entries.get("shop/lib/app.jar").getMode() & 0777);
    assertTrue(entries.get("shop/lib/").isDirectory());
    assertEquals(JAR_TIME, entries.get("shop/lib/app.jar").getLastModifiedTime().toInstant());
    for (Entry<String, TarArchiveEntry> entry : entries.entrySet()) {
      assertEquals(0, entry.getValue().getLongUserId(), entry.getKey());
      assertEquals("", entry.getValue().getUserName(), entry.getKey());
    }
  }

  @Test
  void tarUnpacksItWithTheLauncherExecutable() throws Exception {
    Path unpacked = Files.createDirectories(tmp.resolve("unpacked"));
    Shell tar = Shell.run(List.of("tar", "-xzf", out.toString()), Map.of(), unpacked);
    assertEquals(0, tar.code(), tar.output());
    Shell run =
        Shell.run(List.of(unpacked.resolve("shop/bin/shop").toString()), Map.of(), unpacked);
    assertEquals("hi", run.output().strip());
    assertEquals(
        FileTime.from(JAR_TIME), Files.getLastModifiedTime(unpacked.resolve("shop/lib/app.jar")));
  }
}
