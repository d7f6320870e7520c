package dev.carafe.prod;

import java.util.Optional;

/**
 * What a worker tells the master, one word per line on the worker's standard output (its logs go to
 * standard error, so the pipe carries nothing else), between the heartbeats ({@link Progress}).
 */
enum Message {
  /** Booted, warmed up and listening: the worker takes traffic now. */
  READY,
  /** Served its request limit (max_requests): please start a replacement, then stop me. */
  RECYCLE,
  /** Stopped accepting; finishing the requests in flight. */
  DRAINING;

  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static Optional<Message> parse(String line) {
    for (Message m : values()) {
      if (m.wire().equals(line.trim())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
