package dev.carafe.prod;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a worker warms up, and to what rate. A recorder of the AOT cache warms up long: its
 * profiles go into the cache, and the rate its warm-up ends at is written beside it. A worker that
 * starts from that cache ends its warm-up as soon as it reaches {@link #SHARE} of that rate, or at
 * warmup_time; any other worker warms up for warmup_time. A serving worker's warm-up also ends
 * serve_within after its JVM started: a worker that boots slowly, on a busy core or beside other
 * boots in a rolling reload, serves after its paths' first requests instead of holding for the JIT,
 * which on such a core gets through little of its queue in the time anyway.
 */
final class WarmupTarget {
  /** The share of the recorder's final rate a worker started from its cache warms up to. */
  static final double SHARE = 0.8;

  /**
   * How long a recorder warms up at least: the longer, the more of the request path its profiles
   * hold, and the closer its final rate is to a warm worker's.
   */
  static final Duration RECORDING = Duration.ofSeconds(20);

  /** Beside a cache: its recorder's final warm-up rate, in requests per second. */
  static final String SUFFIX = ".rate";

  private WarmupTarget() {}

  /**
   * The warm-up of a worker whose JVM started at {@code jvmStart} from {@code cache}, or of a
   * recorder (it starts from none, and takes its time: its profiles are what the cache holds).
   */
  static Warmup.Plan plan(
      ProdConfig settings, Optional<Path> cache, boolean recorder, Instant jvmStart) {
    if (recorder) {
      Duration limit =
          RECORDING.compareTo(settings.warmupTime()) > 0 ? RECORDING : settings.warmupTime();
      return new Warmup.Plan(settings.warmupRequests(), limit, 0);
    }
    return new Warmup.Plan(
        settings.warmupRequests(),
        settings.warmupTime(),
        of(cache),
        jvmStart.plus(settings.serveWithin()));
  }

  /** The rate a worker started from {@code cache} warms up to; 0 (none) without a recorded one. */
  static double of(Optional<Path> cache) {
    if (cache.isEmpty()) {
      return 0;
    }
    try {
      return SHARE * Double.parseDouble(Files.readString(fileOf(cache.get())).strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /** Writes {@code rate} beside {@code cache}, whole or not at all. */
  static void write(Path cache, double rate) throws IOException {
    Path file = fileOf(cache);
    Path part = AotCache.partFile(file, ProcessHandle.current().pid(), 0);
    Files.writeString(part, String.valueOf(Math.round(rate)), StandardCharsets.US_ASCII);
    Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Copies the rate beside {@code from}, if there is one, to beside {@code to}. */
  static void copy(Path from, Path to) throws IOException {
    Path rate = fileOf(from);
    if (Files.isRegularFile(rate)) {
      write(to, Double.parseDouble(Files.readString(rate).strip()));
    }
  }

  static Path fileOf(Path cache) {
    return cache.resolveSibling(cache.getFileName() + SUFFIX);
  }
}
