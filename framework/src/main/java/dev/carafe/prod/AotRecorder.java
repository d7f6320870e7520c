package dev.carafe.prod;

import dev.carafe.Config;
import dev.carafe.internal.ProductionSecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Records the AOT cache of the app's build ahead of time, when the app is packaged: one recorder
 * worker, started as the master starts its own from a class path copied aside as the master copies
 * it, so that the master of the unpacked package finds the cache under the name it looks for.
 */
public final class AotRecorder {
  /** A recorder warms up for at most 20 s and then writes the cache; far more means it hangs. */
  private static final Duration LIMIT = Duration.ofMinutes(5);

  private AotRecorder() {}

  /**
   * Records the cache into {@code into} (by default {@code <carafe.home>/aot}, where the master of
   * a packaged app takes it from) and returns the exit code; below JDK 25 it only says it skipped.
   * The recorder runs {@code workerMain}'s {@code worker} command, as the master's workers do.
   */
  public static int run(
      String workerMain,
      String appClass,
      Optional<Path> configFile,
      Config config,
      Map<String, String> flags,
      Optional<Path> into) {
    int jdk = Runtime.version().feature();
    if (jdk < AotCache.FIRST_JDK) {
      System.out.println(
          "AOT cache: skipped (JDK " + jdk + "; needs " + AotCache.FIRST_JDK + " or newer)");
      return 0;
    }
    Optional<Path> target = into.or(() -> Home.packaged().map(home -> home.resolve("aot")));
    if (target.isEmpty()) {
      System.err.println(
          "record-aot-cache: pass --into FOLDER, or run it through the packaged app's launcher"
              + " (bin/<app> record-aot-cache), which names the app's folder with -D"
              + Home.HOME_PROPERTY
              + ".");
      return ExitCodes.CONFIG_ERROR;
    }
    Path work;
    try {
      work = Files.createTempDirectory("carafe-aot-");
    } catch (IOException e) {
      System.err.println("AOT cache: cannot create a temporary folder: " + e.getMessage());
      return 1;
    }
    try {
      return record(
          workerMain, appClass, configFile, config, flags, target.get().toAbsolutePath(), work);
    } finally {
      RuntimeFolder.deleteTree(work);
    }
  }

  private static int record(
      String workerMain,
      String appClass,
      Optional<Path> configFile,
      Config config,
      Map<String, String> flags,
      Path target,
      Path work) {
    ProdConfig settings;
    try {
      settings = ProdConfig.from(config.with("aot_cache", work.resolve("aot").toString()));
      ProductionSecret.check(config.get("secret_key").orElse(""));
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("carafe: " + e.getMessage());
      return ExitCodes.CONFIG_ERROR;
    }
    Optional<AotCache> aot = AotCache.open(settings, appClass, Runtime.version().feature());
    if (aot.isEmpty()) {
      System.out.println("AOT cache: skipped (see the reason logged above)");
      return 0;
    }
    long started = System.nanoTime();
    try {
      Release release =
          Release.snapshot(
              1,
              Release.sources(
                  Home.lib(), System.getProperty("java.class.path"), config.get("classpath", "")),
              work.resolve("jars"),
              true);
      Optional<Path> cache = aot.get().fileFor(release);
      if (cache.isEmpty()) {
        System.err.println(
            "AOT cache: not recorded: the class path holds a folder, and the JVM caches jars only.");
        return 1;
      }
      Process recorder =
          new WorkerLaunch(workerMain, appClass, configFile, settings, flags)
              .recorder(release, 1, 1, cache.get())
              .start();
      // The recorder is this JVM's child: it must not outlive a Ctrl-C here.
      Thread reaper = new Thread(recorder::destroyForcibly, "carafe-aot-recorder-stop");
      Runtime.getRuntime().addShutdownHook(reaper);
      Optional<String> failure = await(recorder, cache.get());
      Runtime.getRuntime().removeShutdownHook(reaper);
      if (failure.isPresent()) {
        System.err.println("AOT cache: not recorded: " + failure.get());
        return 1;
      }
      Path stored = store(cache.get(), target);
      System.out.printf(
          "AOT cache: %s (%d MB, recorded in %.1f s)%n",
          stored, Files.size(stored) >> 20, (System.nanoTime() - started) / 1e9);
      return 0;
    } catch (IOException e) {
      System.err.println("AOT cache: not recorded: " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Waits for the recorder; says what went wrong, if anything. */
  private static Optional<String> await(Process recorder, Path cache) throws InterruptedException {
    if (!recorder.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      recorder.destroyForcibly();
      return Optional.of("the recorder ran for more than " + LIMIT.toMinutes() + " minutes.");
    }
    if (recorder.exitValue() != 0) {
      return Optional.of(
          "the recorder exited with code " + recorder.exitValue() + " (see its errors above).");
    }
    if (!Files.isRegularFile(cache)) {
      return Optional.of("the recorder wrote no cache (see its warning above).");
    }
    return Optional.empty();
  }

  /**
   * Copies the cache and its recorder's rate into {@code target} whole, replacing the app's caches
   * of other builds.
   */
  private static Path store(Path cache, Path target) throws IOException {
    Files.createDirectories(target);
    Path stored = target.resolve(cache.getFileName());
    Path part = AotCache.partFile(stored, ProcessHandle.current().pid(), 0);
    Files.copy(cache, part, StandardCopyOption.REPLACE_EXISTING);
    WarmupTarget.copy(cache, stored);
    Files.move(part, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    AotCache.removeOthers(stored);
    return stored;
  }
}
