package dev.carafe.bench.hostile;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Counts what answers (or failures) a group of requests met: "400×7, cut while sending×2". */
final class Tally {
  private final Map<String, Integer> counts = new TreeMap<>();

  synchronized void add(String what) {
    counts.merge(what, 1, Integer::sum);
  }

  synchronized void add(int status) {
    add(String.valueOf(status));
  }

  /** Counts a failed request by what failed: connect refused, timeout, or the connection cut. */
  void add(IOException failure) {
    add(kind(failure));
  }

  static String kind(IOException failure) {
    if (failure instanceof ConnectException) {
      return "refused";
    }
    if (failure instanceof SocketTimeoutException) {
      return "timeout";
    }
    return "cut";
  }

  synchronized int count(String what) {
    return counts.getOrDefault(what, 0);
  }

  synchronized int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Override
  public synchronized String toString() {
    if (counts.isEmpty()) {
      return "nothing";
    }
    return counts.entrySet().stream()
        .map(e -> e.getKey() + "×" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
