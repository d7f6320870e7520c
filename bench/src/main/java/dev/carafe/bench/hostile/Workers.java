package dev.carafe.bench.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The worker processes of a target at one moment, with their resident memory: the master's children
 * (what {@code pgrep -P <master>} lists), or the development server's own JVM.
 */
record Workers(Set<Long> pids, long largestRssKb) {
  static Workers of(Target target) {
    Optional<ProcessHandle> server = ProcessHandle.of(target.pid());
    Set<Long> pids;
    if (server.isEmpty() || !server.get().isAlive()) {
      pids = Set.of();
    } else if (target.hasMaster()) {
      pids = server.get().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    } else {
      pids = Set.of(target.pid());
    }
    long largest = pids.stream().mapToLong(Workers::rssKb).max().orElse(0);
    return new Workers(Set.copyOf(pids), largest);
  }

  /** How many of these workers are gone from {@code later}. */
  long lostIn(Workers later) {
    return pids.stream().filter(pid -> !later.pids.contains(pid)).count();
  }

  /** "215 MB × 2": the largest worker's resident memory, and how many workers there are. */
  String describe() {
    if (pids.isEmpty()) {
      return "no worker";
    }
    return String.format(Locale.ROOT, "%d MB × %d", Math.round(largestRssKb / 1024.0), pids.size());
  }

  private static long rssKb(long pid) {
    try {
      List<String> status = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
      for (String line : status) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException gone) {
      // the process ended meanwhile
    }
    return 0;
  }
}
