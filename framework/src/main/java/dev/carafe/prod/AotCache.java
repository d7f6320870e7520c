package dev.carafe.prod;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JDK 25's ahead-of-time cache for the workers of one build: the classes they load, already parsed
 * and linked, and the method profiles of a warm-up, so that the JIT compiles the request path
 * sooner. Once a build's workers serve, the master starts a recorder: a worker that warms up longer
 * than any other, writes the cache and the rate its warm-up ended at ({@link WarmupTarget}) and
 * exits without serving. Every later worker of that build (a restart, a replacement, one more on
 * TTIN, the next start of the server) maps it, and warms up to that rate. A build, a JDK or worker
 * flags of their own get a cache of their own, because the JVM refuses a cache recorded with other
 * jars, another JDK or other flags. A packaged app may ship its build's cache, recorded when it was
 * packaged ({@link AotRecorder}); the master takes it before its first worker starts.
 */
final class AotCache {
  private static final Logger LOG = LoggerFactory.getLogger(AotCache.class);

  /** The first JDK that records a cache in one run and ends the recording on request. */
  static final int FIRST_JDK = 25;

  /** Tells a worker which cache it records (its JVM writes a part file until it is complete). */
  static final String RECORD_PROPERTY = "carafe.aot.record";

  /** Tells a worker which cache it was started with, to check that the JVM took it. */
  static final String USE_PROPERTY = "carafe.aot.use";

  /** A cache being written: it gets its name once complete. */
  private static final String PART_SUFFIX = ".part";

  /** The JDK's own file beside a part file: the recording's configuration, until it assembles. */
  private static final String CONFIG_SUFFIX = ".config";

  /** Part files older than this belong to a worker that died while writing; they are removed. */
  private static final Duration ABANDONED = Duration.ofHours(1);

  // Flags that mean the worker_jvm_options manage class data sharing themselves.
  private static final List<String> SHARING_FLAGS =
      List.of(
          "-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration", "-XX:SharedArchive", "-Xshare");

  private final Path folder;
  private final String app;
  private final List<String> jvmOptions;

  private AotCache(Path folder, String app, List<String> jvmOptions) {
    this.folder = folder;
    this.app = app;
    this.jvmOptions = jvmOptions;
  }

  /**
   * The cache for this app's workers, or none: on a JDK before 25, with the aot_cache setting off,
   * or when the workers' own flags manage class data sharing.
   */
  static Optional<AotCache> open(ProdConfig settings, String appClass, int jdk) {
    Optional<Path> folder = settings.aotCache();
    if (jdk < FIRST_JDK || folder.isEmpty()) {
      return Optional.empty();
    }
    if (settings.workerJvmOptions().stream()
        .anyMatch(o -> SHARING_FLAGS.stream().anyMatch(o::startsWith))) {
      LOG.info("worker_jvm_options set up class data sharing: no AOT cache of Carafe's own");
      return Optional.empty();
    }
    try {
      createPrivately(folder.get());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "No AOT cache: cannot create {} ({}); set aot_cache to a writable folder, or to off",
          folder.get(),
          e.toString());
      return Optional.empty();
    }
    return Optional.of(new AotCache(folder.get(), appClass, settings.workerJvmOptions()));
  }

  /**
   * Creates the folder readable and writable by this user alone where the file system has
   * permissions: a JVM runs whatever classes a cache holds, so nobody else may put one there.
   */
  private static void createPrivately(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  /**
   * The cache file of a release: named after the app and a digest of everything the JVM checks (the
   * JDK, the worker flags, the jars by name, size and time). None when an entry of the class path
   * is a folder, which the JVM cannot cache.
   */
  Optional<Path> fileFor(Release release) {
    List<String> entries = Release.entries(release.classPath());
    if (!entries.stream().allMatch(e -> Files.isRegularFile(Path.of(e)))) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    parts.add(System.getProperty("java.home"));
    parts.add(System.getProperty("java.vm.version"));
    parts.addAll(jvmOptions);
    // Copies are named by their jar's path, size and time; the folder they sit in changes with
    // every master, and the JVM accepts a class path that moved as a whole.
    entries.forEach(e -> parts.add(Path.of(e).getFileName().toString()));
    return Optional.of(folder.resolve(app + "-" + digest(String.join("\n", parts)) + ".aot"));
  }

  /**
   * Copies the cache that a packaged app ships for {@code release} in {@code shipped} (recorded
   * when it was packaged) into this cache's folder, when the folder lacks it; says whether it did.
   * Failures are logged: the master records the cache itself later.
   */
  boolean takeShipped(Release release, Path shipped) {
    Optional<Path> file = fileFor(release);
    if (file.isEmpty() || Files.exists(file.get())) {
      return false;
    }
    Path source = shipped.resolve(file.get().getFileName());
    if (!Files.isRegularFile(source)) {
      return false;
    }
    Path part = partFile(file.get(), ProcessHandle.current().pid(), 0);
    try {
      // Workers map the file whole: it appears under its name complete or not at all.
      Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
      WarmupTarget.copy(source, file.get());
      Files.move(part, file.get(), StandardCopyOption.ATOMIC_MOVE);
      LOG.info("Took the AOT cache shipped with the app: {} -> {}", source, file.get());
      return true;
    } catch (IOException e) {
      LOG.warn("Cannot take the AOT cache shipped in {}: {}", source, e.toString());
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // a part file; removeOthers clears abandoned ones
      }
      return false;
    }
  }

  /** The JVM options of a worker: a recorder's, or a worker's that maps the cache if it exists. */
  static List<String> options(Optional<Path> file, boolean record, long masterPid, int workerId) {
    if (file.isEmpty()) {
      return List.of();
    }
    Path cache = file.get();
    if (record) {
      return List.of(
          "-XX:AOTCacheOutput=" + partFile(cache, masterPid, workerId),
          "-D" + RECORD_PROPERTY + "=" + cache);
    }
    if (Files.isRegularFile(cache)) {
      return List.of("-XX:AOTCache=" + cache, "-D" + USE_PROPERTY + "=" + cache);
    }
    return List.of(); // not recorded yet
  }

  /** Where a recorder's JVM writes the cache until it is complete. */
  static Path partFile(Path cache, long masterPid, int workerId) {
    return cache.resolveSibling(
        cache.getFileName() + "." + masterPid + "-" + workerId + PART_SUFFIX);
  }

  /** Removes a part file and the JDK's configuration file beside it. */
  static void deletePart(Path part) throws IOException {
    Files.deleteIfExists(part);
    Files.deleteIfExists(part.resolveSibling(part.getFileName() + CONFIG_SUFFIX));
  }

  /** Whether this worker is a recorder. */
  static boolean recording() {
    return System.getProperty(RECORD_PROPERTY) != null;
  }

  /**
   * In a recorder after its warm-up, which ended at {@code rate} requests per second: writes the
   * cache and the rate beside it, and removes the app's caches of other builds. Failures are
   * logged.
   */
  static void finishRecording(int workerId, double rate) {
    Path cache = Path.of(System.getProperty(RECORD_PROPERTY));
    long started = System.nanoTime();
    try {
      // Where this JVM writes, as the master told it: no second derivation of the name to agree.
      Path part =
          Path.of(
              ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                  .getVMOption("AOTCacheOutput")
                  .getValue());
      // The diagnostic command behind `jcmd PID AOT.end_recording`: the JVM writes the cache
      // now instead of at exit, which for a worker may be days away.
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "aotEndRecording",
              new Object[] {new String[0]},
              new String[] {String[].class.getName()});
      // The rate first: a worker that finds the cache finds the rate it warms up to.
      if (rate > 0) {
        WarmupTarget.write(cache, rate);
      }
      Files.move(part, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info(
          "Worker {} recorded the AOT cache {} in {} ms; new workers of this build start from it"
              + " and warm up {}",
          workerId,
          cache,
          Duration.ofNanos(System.nanoTime() - started).toMillis(),
          rate > 0
              ? "to " + Math.round(rate * WarmupTarget.SHARE) + " requests/s"
              : "for warmup_time (its warm-up ended before it could measure a rate)");
      removeOthers(cache);
    } catch (JMException | IOException | RuntimeException e) {
      LOG.warn("Worker {} could not record the AOT cache {}: {}", workerId, cache, e.toString());
    }
  }

  /**
   * In a worker at boot: the cache it started from, if the JVM took it. A cache the JVM refused (it
   * says why on standard error) is deleted, so the next worker records a fresh one instead of every
   * worker starting cold.
   */
  static Optional<Path> checkInUse(int workerId) {
    String used = System.getProperty(USE_PROPERTY);
    if (used == null) {
      return Optional.empty();
    }
    Path cache = Path.of(used);
    if (mapped(cache)) {
      LOG.info("Worker {} started from the AOT cache {}", workerId, cache);
      return Optional.of(cache);
    }
    LOG.warn(
        "Worker {}: the JVM did not take the AOT cache {}; removing it to record it again",
        workerId,
        cache);
    try {
      Files.deleteIfExists(cache);
    } catch (IOException e) {
      LOG.warn("Cannot remove {}: {}", cache, e.toString());
    }
    return Optional.empty();
  }

  /** Whether this process maps the file, as the JVM does with a cache it accepted. */
  private static boolean mapped(Path file) {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return true; // no way to tell; the JVM has reported a refusal itself
    }
    try (Stream<String> lines = Files.lines(maps, StandardCharsets.UTF_8)) {
      String name = file.toAbsolutePath().toString();
      return lines.anyMatch(l -> l.endsWith(" " + name));
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /**
   * Removes the app's caches of other builds (and their rates) and part files abandoned by dead
   * workers.
   */
  static void removeOthers(Path cache) throws IOException {
    String name = cache.getFileName().toString();
    String app = name.substring(0, name.lastIndexOf('-') + 1);
    Instant abandoned = Instant.now().minus(ABANDONED);
    try (Stream<Path> files = Files.list(cache.getParent())) {
      for (Path p : files.toList()) {
        String other = p.getFileName().toString();
        if (!other.startsWith(app)
            || other.equals(name)
            || other.equals(name + WarmupTarget.SUFFIX)) {
          continue;
        }
        boolean stalePart =
            (other.endsWith(PART_SUFFIX) || other.endsWith(PART_SUFFIX + CONFIG_SUFFIX))
                && Files.getLastModifiedTime(p).toInstant().isBefore(abandoned);
        if (other.endsWith(".aot") || other.endsWith(".aot" + WarmupTarget.SUFFIX) || stalePart) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
