package dev.carafe.prod;

/** What the master's loop reacts to; signal handlers and worker pipes only enqueue these. */
sealed interface Event {
  /** A POSIX signal reached the master (HUP, TERM, INT, QUIT, TTIN, TTOU). */
  record Signal(String name) implements Event {}

  /** A worker sent a message. */
  record Said(WorkerProcess worker, Message message) implements Event {}

  /** A worker's process ended. */
  record Exited(WorkerProcess worker, int code) implements Event {}
}
