package dev.carafe.prod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's recorder of the AOT cache: when a generation has come to serve in full, records its
 * build's cache if it is missing, in a worker that warms up, writes the cache and exits without
 * serving, at a low CPU priority so that the serving workers keep the cores. A build whose
 * recording failed is not tried again by this master, so a failure never loops.
 */
final class AotRecording {
  // The master's lines, whichever of its parts writes them.
  private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);

  /** A worker recording the AOT cache {@code file}, writing {@code part} until it is complete. */
  private record Recorder(Process process, Path file, Path part) {}

  private final Optional<AotCache> aot;
  private final WorkerLaunch launch;
  private final Set<Path> failed = new HashSet<>();
  private Optional<Recorder> recorder = Optional.empty();

  AotRecording(Optional<AotCache> aot, WorkerLaunch launch) {
    this.aot = aot;
    this.launch = launch;
  }

  /** The cache a worker of {@code release} maps, if there is a cache folder. */
  Optional<Path> fileFor(Release release) {
    return aot.flatMap(a -> a.fileFor(release));
  }

  /**
   * Records the cache of {@code release} (generation {@code generation}) as worker {@code id} if it
   * is missing; says whether a recorder started and so took the id.
   */
  boolean record(int id, int generation, Release release) {
    Optional<Path> file = fileFor(release);
    if (recorder.isPresent()) {
      Recorder last = recorder.get();
      if (last.process().isAlive()) {
        if (Optional.of(last.file()).equals(file)) {
          return false;
        }
        abandon(last); // the cache of a build no longer served
      } else if (!Files.exists(last.file())) {
        failed.add(last.file());
        LOG.warn("The AOT cache was not recorded (see the recorder's error above)");
      }
      recorder = Optional.empty();
    }
    if (file.isEmpty() || Files.exists(file.get()) || failed.contains(file.get())) {
      return false;
    }
    ProcessBuilder builder = launch.recorder(release, generation, id, file.get());
    builder.command().addAll(0, List.of("nice", "-n", "10"));
    try {
      Path part = AotCache.partFile(file.get(), ProcessHandle.current().pid(), id);
      recorder = Optional.of(new Recorder(builder.start(), file.get(), part));
      LOG.info("Recording the AOT cache of generation {} in worker {}", generation, id);
      return true;
    } catch (IOException e) {
      failed.add(file.get());
      LOG.warn("Cannot start a worker to record the AOT cache: {}", e.toString());
      return false;
    }
  }

  /** Stops a recording still running: the master is leaving. */
  void stop() {
    recorder.filter(r -> r.process().isAlive()).ifPresent(AotRecording::abandon);
  }

  /**
   * Kills a recorder and removes what it wrote: a cache is 40-50 MB, and a server stopped while its
   * recorder runs would otherwise leave one behind at every start. The JVM assembles the cache in a
   * child process of its own, which goes too.
   */
  private static void abandon(Recorder recorder) {
    Process process = recorder.process();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
      AotCache.deletePart(recorder.part());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      LOG.warn("Cannot remove the AOT recorder's file {}: {}", recorder.part(), e.toString());
    }
  }
}
