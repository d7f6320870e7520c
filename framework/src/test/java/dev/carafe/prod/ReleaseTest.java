package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
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

  @Test
  void theSameJarInTwoFoldersGetsTheSameCopyName() throws Exception {
    FileTime built = FileTime.fromMillis(1_700_000_000_000L);
    Path here =
        Files.writeString(
            Files.createDirectories(dir.resolve("here/lib")).resolve("app.jar"), "app");
    Path there =
        Files.writeString(
            Files.createDirectories(dir.resolve("there/lib")).resolve("app.jar"), "app");
    Files.setLastModifiedTime(here, built);
    Files.setLastModifiedTime(there, built);
    Path fromHere =
        Path.of(Release.snapshot(1, List.of(here.toString()), dir.resolve("a"), false).classPath());
    Path fromThere =
        Path.of(
            Release.snapshot(1, List.of(there.toString()), dir.resolve("b"), false).classPath());
    assertEquals(fromHere.getFileName(), fromThere.getFileName());
    assertTrue(fromHere.getFileName().toString().endsWith("-app.jar"), fromHere.toString());

    Files.writeString(there, "app, rebuilt");
    Files.setLastModifiedTime(there, built);
    Path rebuilt =
        Path.of(
            Release.snapshot(2, List.of(there.toString()), dir.resolve("b"), false).classPath());
    assertNotEquals(fromHere.getFileName(), rebuilt.getFileName(), "another size is another jar");
  }

  @Test
  void aJarUnpackedFromATarballKeepsItsCopyNameThoughTarDropsTheMilliseconds() throws Exception {
    Path built = Files.writeString(dir.resolve("app.jar"), "app");
    Files.setLastModifiedTime(built, FileTime.fromMillis(1_700_000_000_789L));
    BasicFileAttributes packaged = Files.readAttributes(built, BasicFileAttributes.class);
    Files.setLastModifiedTime(built, FileTime.fromMillis(1_700_000_000_000L));
    BasicFileAttributes unpacked = Files.readAttributes(built, BasicFileAttributes.class);
    assertEquals(Release.copyName("app.jar", packaged), Release.copyName("app.jar", unpacked));
  }

  @Test
  void aLibFolderIsListedAnewAtEachSnapshotSortedByName() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    Files.writeString(lib.resolve("zeta-1.0.jar"), "z");
    Files.writeString(lib.resolve("app-1.0.jar"), "a");
    Files.writeString(lib.resolve("README.txt"), "not a jar");
    List<String> first = Release.sources(Optional.of(lib), "ignored.jar", "");
    assertEquals(
        List.of(lib.resolve("app-1.0.jar").toString(), lib.resolve("zeta-1.0.jar").toString()),
        first);

    Files.writeString(lib.resolve("new-dependency-2.0.jar"), "n");
    List<String> afterRebuild = Release.sources(Optional.of(lib), "ignored.jar", "extra.jar");
    assertEquals(
        List.of(
            lib.resolve("app-1.0.jar").toString(),
            lib.resolve("new-dependency-2.0.jar").toString(),
            lib.resolve("zeta-1.0.jar").toString(),
            "extra.jar"),
        afterRebuild);
  }

  @Test
  void withoutALibFolderTheJvmsClassPathIsUsed() throws Exception {
    String classPath = String.join(File.pathSeparator, "a.jar", "", "classes");
    assertEquals(
        List.of("a.jar", "classes", "more.jar"),
        Release.sources(Optional.empty(), classPath, "more.jar"));
  }

  @Test
  void aLibFolderWithoutJarsIsAnError() throws Exception {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    var e = assertThrows(IOException.class, () -> Release.sources(Optional.of(lib), "", ""));
    assertTrue(e.getMessage().contains(lib.toString()), e.getMessage());
  }
}
