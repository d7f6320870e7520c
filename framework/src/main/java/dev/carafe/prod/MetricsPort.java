package dev.carafe.prod;

import java.util.Optional;

/**
 * A worker's message on its pipe saying where the master scrapes its metrics: {@code metrics PORT},
 * a loopback port ({@link WorkerMetrics}).
 */
record MetricsPort(int port) {
  private static final String WORD = "metrics";

  String wire() {
    return WORD + " " + port;
  }

  static Optional<MetricsPort> parse(String line) {
    String[] words = line.trim().split(" ");
    if (words.length != 2 || !words[0].equals(WORD)) {
      return Optional.empty();
    }
    try {
      int port = Integer.parseInt(words[1]);
      return port > 0 && port < 65536 ? Optional.of(new MetricsPort(port)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
