package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseTest {
  @TempDir Path dir;

  @Test
  void workersRunFromCopiesThatARebuildCannotTouch() throws Exception {
    Path jar = Files.writeString(dir.resolve("app.jar"), "version 1");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path store = dir.resolve("store");
    Release first = Release.snapshot(1, List.of(jar.toString(), classes.toString()), store, false);
    String[] entries = first.classPath().split(File.pathSeparator);
    assertEquals(classes.toString(), entries[1], "folders are used in place");
    Path copy = Path.of(entries[0]);
    assertNotEquals(jar, copy);

    Files.writeString(jar, "version 2, rebuilt in place");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Release second = Release.snapshot(2, List.of(jar.toString()), store, false);

    assertEquals("version 1", Files.readString(copy), "the old generation keeps its copy");
    assertEquals("version 2, rebuilt in place", Files.readString(Path.of(second.classPath())));
  }

  @Test
  void anUnchangedJarIsCopiedOnce() throws Exception {
    Path jar = Files.writeString(dir.resolve("lib.jar"), "library");
    Path store = dir.resolve("store");
    Release first = Release.snapshot(1, List.of(jar.toString()), store, false);
    Release second = Release.snapshot(2, List.of(jar.toString()), store, false);
    assertEquals(first.classPath(), second.classPath());
    try (var files = Files.list(store)) {
      assertEquals(1, files.count());
    }
  }

  @Test
  void releasedJarsFromAMavenRepositoryAreUsedInPlace() throws Exception {
    Path folder = Files.createDirectories(dir.resolve(".m2/repository/org/x/lib/1.0"));
    Path jar = Files.writeString(folder.resolve("lib-1.0.jar"), "released");
    Release release = Release.snapshot(1, List.of(jar.toString()), dir.resolve("store"), false);
    assertEquals(jar.toString(), release.classPath());
  }

  @Test
  void forAnAotCacheTheWholeClassPathMovesIntoTheStoreKeepingItsTimes() throws Exception {
    Path folder = Files.createDirectories(dir.resolve(".m2/repository/org/x/lib/1.0"));
    Path released = Files.writeString(folder.resolve("lib-1.0.jar"), "released");
    Path built = Files.writeString(dir.resolve("app.jar"), "built");
    Files.setLastModifiedTime(built, FileTime.fromMillis(1_000_000_000_000L));
    Path store = dir.resolve("store");
    Release release =
        Release.snapshot(1, List.of(built.toString(), released.toString()), store, true);
    for (String entry : release.classPath().split(File.pathSeparator)) {
      assertEquals(store, Path.of(entry).getParent(), entry);
    }
    Path builtCopy = Path.of(release.classPath().split(File.pathSeparator)[0]);
    assertEquals(Files.getLastModifiedTime(built), Files.getLastModifiedTime(builtCopy));
    Path releasedCopy = Path.of(release.classPath().split(File.pathSeparator)[1]);
    assertEquals(Files.getLastModifiedTime(released), Files.getLastModifiedTime(releasedCopy));
    assertEquals("released", Files.readString(releasedCopy));
  }
}
