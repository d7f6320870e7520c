package dev.carafe.prod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.carafe.Config;
import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotCacheTest {
  private static final String APP = "com.example.App";

  @TempDir Path dir;

  private ProdConfig settings(Map<String, String> environment) {
    Map<String, String> all = new HashMap<>(environment);
    all.putIfAbsent("CARAFE_AOT_CACHE", dir.resolve("aot").toString());
    return ProdConfig.from(Config.load(Optional.empty(), all, Map.of()));
  }

  private AotCache cache(Map<String, String> environment) {
    return AotCache.open(settings(environment), APP, AotCache.FIRST_JDK).orElseThrow();
  }

  private Release release(String... jars) throws Exception {
    StringBuilder classPath = new StringBuilder();
    for (String jar : jars) {
      Path file = dir.resolve(jar);
      if (!Files.exists(file)) {
        Files.writeString(file, jar);
      }
      classPath.append(classPath.length() == 0 ? "" : File.pathSeparator).append(file);
    }
    return new Release(1, classPath.toString());
  }

  @Test
  void onlyFromJdk25AndNotWhenTurnedOff() throws Exception {
    assertTrue(AotCache.open(settings(Map.of()), APP, AotCache.FIRST_JDK - 1).isEmpty());
    assertTrue(AotCache.open(settings(Map.of()), APP, AotCache.FIRST_JDK).isPresent());
    assertTrue(Files.isDirectory(dir.resolve("aot")), "the folder is created");
    assertEquals(
        "rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("aot"))),
        "only this user may put a cache there");
    Map<String, String> off = Map.of("CARAFE_AOT_CACHE", "off");
    assertTrue(AotCache.open(settings(off), APP, AotCache.FIRST_JDK).isEmpty());
  }

  @Test
  void workerFlagsThatShareClassDataThemselvesWin() {
    for (String flag : List.of("-XX:AOTCache=/srv/app.aot", "-XX:SharedArchiveFile=a.jsa")) {
      Map<String, String> own = Map.of("CARAFE_WORKER_JVM_OPTIONS", "-XX:+UseSerialGC " + flag);
      assertTrue(AotCache.open(settings(own), APP, AotCache.FIRST_JDK).isEmpty(), flag);
    }
  }

  @Test
  void aFolderThatCannotBeCreatedMeansNoCache() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Map<String, String> blocked = Map.of("CARAFE_AOT_CACHE", file.resolve("aot").toString());
    assertTrue(AotCache.open(settings(blocked), APP, AotCache.FIRST_JDK).isEmpty());
  }

  @Test
  void eachBuildAndEachSetOfFlagsHasACacheOfItsOwn() throws Exception {
    AotCache cache = cache(Map.of());
    Path first = cache.fileFor(release("1a-app.jar", "lib.jar")).orElseThrow();
    assertEquals(first, cache.fileFor(release("1a-app.jar", "lib.jar")).orElseThrow());
    assertTrue(first.getFileName().toString().startsWith(APP + "-"), first.toString());
    assertTrue(first.toString().endsWith(".aot"), first.toString());
    assertEquals(dir.resolve("aot"), first.getParent());

    assertNotEquals(first, cache.fileFor(release("2b-app.jar", "lib.jar")).orElseThrow());
    AotCache otherFlags = cache(Map.of("CARAFE_WORKER_JVM_OPTIONS", "-XX:+UseParallelGC"));
    assertNotEquals(first, otherFlags.fileFor(release("1a-app.jar", "lib.jar")).orElseThrow());
  }

  @Test
  void theSameJarsUnpackedElsewhereGetTheSameCache() throws Exception {
    AotCache cache = cache(Map.of());
    List<Path> names = new java.util.ArrayList<>();
    for (String folder : List.of("build/shop", "opt/shop")) {
      Path lib = Files.createDirectories(dir.resolve(folder).resolve("lib"));
      List<String> jars = new java.util.ArrayList<>();
      for (String jar : List.of("shop-1.0.jar", "carafe-0.1.jar")) {
        Path file = Files.writeString(lib.resolve(jar), jar);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_000L));
        jars.add(file.toString());
      }
      Release release = Release.snapshot(1, jars, dir.resolve(folder).resolve("store"), true);
      names.add(cache.fileFor(release).orElseThrow());
    }
    assertEquals(names.get(0), names.get(1));
  }

  @Test
  void theMasterTakesTheCacheAPackagedAppShipsWhenItHasNone() throws Exception {
    AotCache cache = cache(Map.of());
    Release release = release("app.jar", "lib.jar");
    Path own = cache.fileFor(release).orElseThrow();
    Path shipped = Files.createDirectories(dir.resolve("home/aot"));
    assertFalse(cache.takeShipped(release, shipped), "nothing shipped");

    Files.writeString(shipped.resolve("com.example.App-0000000000000000.aot"), "another build");
    assertFalse(cache.takeShipped(release, shipped));
    assertFalse(Files.exists(own));

    Files.writeString(shipped.resolve(own.getFileName().toString()), "this build");
    assertTrue(cache.takeShipped(release, shipped));
    assertEquals("this build", Files.readString(own));
    try (var files = Files.list(own.getParent())) {
      assertEquals(List.of(own), files.toList(), "no part file left behind");
    }

    Files.writeString(own, "recorded here");
    assertFalse(cache.takeShipped(release, shipped), "its own cache is kept");
    assertEquals("recorded here", Files.readString(own));
  }

  @Test
  void theRateOfTheShippedCachesRecorderComesWithIt() throws Exception {
    AotCache cache = cache(Map.of());
    Release release = release("app.jar", "lib.jar");
    Path own = cache.fileFor(release).orElseThrow();
    Path shipped = Files.createDirectories(dir.resolve("home/aot"));
    Path recorded = Files.writeString(shipped.resolve(own.getFileName().toString()), "this build");
    WarmupTarget.write(recorded, 10_000);
    assertTrue(cache.takeShipped(release, shipped));
    assertEquals(8_000, WarmupTarget.of(Optional.of(own)), 0.001);
  }

  @Test
  void anotherBuildsCacheGoesWithItsRate() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("aot"));
    Path old = Files.writeString(folder.resolve(APP + "-0000000000000000.aot"), "old build");
    WarmupTarget.write(old, 5_000);
    Path current = Files.writeString(folder.resolve(APP + "-1111111111111111.aot"), "this build");
    WarmupTarget.write(current, 6_000);
    AotCache.removeOthers(current);
    try (var files = Files.list(folder)) {
      assertEquals(List.of(current, WarmupTarget.fileOf(current)), files.sorted().toList());
    }
  }

  @Test
  void abandonedPartFilesGoWithTheJdksConfigurationBesideThem() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("aot"));
    Path current = Files.writeString(folder.resolve(APP + "-1111111111111111.aot"), "this build");
    Path abandoned = AotCache.partFile(folder.resolve(APP + "-0000000000000000.aot"), 100, 2);
    Path config = abandoned.resolveSibling(abandoned.getFileName() + ".config");
    Path writing = AotCache.partFile(current, 101, 2);
    Path writingConfig = writing.resolveSibling(writing.getFileName() + ".config");
    for (Path old : List.of(Files.writeString(abandoned, "a"), Files.writeString(config, "c"))) {
      Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    }
    Files.writeString(writing, "a recorder at work");
    Files.writeString(writingConfig, "its configuration");
    AotCache.removeOthers(current);
    try (var files = Files.list(folder)) {
      assertEquals(List.of(current, writing, writingConfig), files.sorted().toList());
    }
    AotCache.deletePart(writing);
    try (var files = Files.list(folder)) {
      assertEquals(List.of(current), files.toList());
    }
  }

  @Test
  void aClassPathWithAFolderGetsNoCache() throws Exception {
    Files.createDirectories(dir.resolve("classes"));
    assertEquals(Optional.empty(), cache(Map.of()).fileFor(release("app.jar", "classes")));
  }

  @Test
  void aRecorderWritesTheCacheThatWorkersMapOnceItExists() throws Exception {
    Path file = dir.resolve("App-0123.aot");
    List<String> recorder = AotCache.options(Optional.of(file), true, 100, 1);
    assertEquals(
        List.of(
            "-XX:AOTCacheOutput=" + AotCache.partFile(file, 100, 1),
            "-D" + AotCache.RECORD_PROPERTY + "=" + file),
        recorder);
    assertEquals(List.of(), AotCache.options(Optional.of(file), false, 100, 2));

    Files.writeString(file, "a cache");
    assertEquals(
        List.of("-XX:AOTCache=" + file, "-D" + AotCache.USE_PROPERTY + "=" + file),
        AotCache.options(Optional.of(file), false, 100, 3));
    assertEquals(List.of(), AotCache.options(Optional.empty(), true, 100, 4));
  }

  @Test
  void partFilesOfTwoMastersOrTwoWorkersNeverMeet() {
    Path file = dir.resolve("App-0123.aot");
    assertNotEquals(AotCache.partFile(file, 100, 1), AotCache.partFile(file, 100, 2));
    assertNotEquals(AotCache.partFile(file, 100, 1), AotCache.partFile(file, 101, 1));
    assertEquals(file.getParent(), AotCache.partFile(file, 100, 1).getParent());
  }

  @Test
  void theDefaultFolderIsTheUsersCache() {
    Path folder = ProdConfig.aotCacheFolder("").orElseThrow();
    assertTrue(folder.endsWith(Path.of("carafe", "aot")), folder.toString());
    assertTrue(folder.isAbsolute(), folder.toString());
    assertEquals(Optional.empty(), ProdConfig.aotCacheFolder(" OFF "));
    assertEquals(Optional.of(Path.of("/srv/aot")), ProdConfig.aotCacheFolder("/srv/aot"));
  }

  @Test
  void aWorkerDeletesACacheItsJvmDidNotTakeSoTheNextOneRecordsIt() throws Exception {
    Path refused = Files.writeString(dir.resolve("refused.aot"), "not mapped by this JVM");
    Path taken = Files.writeString(dir.resolve("taken.aot"), "mapped by this JVM");
    try (FileChannel channel = FileChannel.open(taken)) {
      MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
      checkInUse(refused);
      checkInUse(taken);
      assertFalse(Files.exists(refused));
      assertTrue(Files.exists(taken));
      assertEquals('m', mapping.get(0));
    }
  }

  private static void checkInUse(Path cache) {
    System.setProperty(AotCache.USE_PROPERTY, cache.toString());
    try {
      AotCache.checkInUse(1);
    } finally {
      System.clearProperty(AotCache.USE_PROPERTY);
    }
  }
}
