package dev.carafe.prod;

import java.util.Optional;

/**
 * What a worker's heartbeat tells the master about its request pool: the requests the app has
 * finished since the worker started, those it is running, and the work (requests, new connections)
 * waiting for a thread. The heartbeat has a thread of its own, so a full pool cannot silence it;
 * these figures let the master tell a busy pool (requests finish) from a wedged one (requests wait
 * and none finishes).
 */
record Progress(long finished, int running, int waiting) {
  static final Progress NONE = new Progress(0, 0, 0);

  private static final String WORD = "beat";

  /** The line on the worker's pipe: {@code beat FINISHED RUNNING WAITING}. */
  String wire() {
    return WORD + " " + finished + " " + running + " " + waiting;
  }

  static Optional<Progress> parse(String line) {
    String[] words = line.trim().split(" ");
    if (words.length != 4 || !words[0].equals(WORD)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Progress(
              Long.parseLong(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
