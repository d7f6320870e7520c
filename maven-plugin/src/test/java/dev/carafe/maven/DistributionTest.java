package dev.carafe.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTest {
  @TempDir Path tmp;

  @Test
  void theFolderHoldsLauncherLibrariesStaticFilesNginxAndTheUnit() throws IOException {
    Path app = jar("repo/app-1.0.jar", "app");
    Path lib = jar("repo/lib-2.0.jar", "lib");
    Path statics = Files.createDirectories(tmp.resolve("src/static/css"));
    Files.writeString(statics.resolve("app.css"), "body {}");
    Path home = tmp.resolve("target/shop");
    Distribution.write(
        home,
        contents(Map.of("app-1.0.jar", app, "lib-2.0.jar", lib), Optional.of(statics.getParent())));
    assertEquals(
        new TreeSet<>(
            List.of(
                "bin/shop",
                "lib/app-1.0.jar",
                "lib/lib-2.0.jar",
                "static/css/app.css",
                "nginx/nginx.conf",
                "nginx/listen.conf",
                "nginx/upstream.conf",
                "nginx/http.conf",
                "nginx/site.conf",
                "nginx/headers.conf",
                "nginx/mime.types",
                "nginx/tls.conf",
                "nginx/errors/50x.html",
                "systemd/shop.service",
                "kubernetes/shop.yaml",
                "kubernetes/Containerfile")),
        files(home));
    assertTrue(Files.isExecutable(home.resolve("bin/shop")));
    assertEquals(
        Files.getLastModifiedTime(lib), Files.getLastModifiedTime(home.resolve("lib/lib-2.0.jar")));
  }

  @Test
  void aRebuildKeepsRunCopiesOnlyChangedJarsAndDropsStaleOnesAndTheOldCache() throws IOException {
    Path app = jar("repo/app-1.0.jar", "app");
    Path old = jar("repo/old-1.0.jar", "old");
    Path home = tmp.resolve("target/shop");
    Distribution.write(
        home, contents(Map.of("app-1.0.jar", app, "old-1.0.jar", old), Optional.empty()));
    Files.createDirectories(home.resolve("run"));
    Files.writeString(home.resolve("run/nginx.pid"), "42");
    Files.createDirectories(home.resolve("aot"));
    Files.writeString(home.resolve("aot/worker.aot"), "recorded for old jars");
    Object appFile = fileKey(home.resolve("lib/app-1.0.jar"));

    Path added = jar("repo/new-1.0.jar", "new");
    Distribution.write(
        home, contents(Map.of("app-1.0.jar", app, "new-1.0.jar", added), Optional.empty()));

    assertEquals("42", Files.readString(home.resolve("run/nginx.pid")));
    assertEquals(appFile, fileKey(home.resolve("lib/app-1.0.jar")), "an unchanged jar was copied");
    assertTrue(Files.exists(home.resolve("lib/new-1.0.jar")));
    assertFalse(Files.exists(home.resolve("lib/old-1.0.jar")));
    assertFalse(Files.exists(home.resolve("aot")));
  }

  @Test
  void aChangedJarIsReplaced() throws IOException {
    Path app = jar("repo/app-1.0.jar", "app");
    Path home = tmp.resolve("target/shop");
    Distribution.write(home, contents(Map.of("app-1.0.jar", app), Optional.empty()));
    Files.writeString(app, "rebuilt app");
    Files.setLastModifiedTime(app, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    Distribution.write(home, contents(Map.of("app-1.0.jar", app), Optional.empty()));
    assertEquals("rebuilt app", Files.readString(home.resolve("lib/app-1.0.jar")));
  }

  private Distribution.Contents contents(Map<String, Path> jars, Optional<Path> statics) {
    return new Distribution.Contents(
        "shop",
        "1.0",
        Optional.of("com.example.shop.App"),
        jars,
        statics,
        "127.0.0.1:8000",
        "127.0.0.1:8080");
  }

  private Path jar(String name, String text) throws IOException {
    Path jar = tmp.resolve(name);
    Files.createDirectories(jar.getParent());
    Files.writeString(jar, text);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
    return jar;
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private static TreeSet<String> files(Path home) throws IOException {
    try (Stream<Path> paths = Files.walk(home)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> home.relativize(p).toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
