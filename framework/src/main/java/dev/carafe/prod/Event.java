package dev.carafe.prod;

/**
 * What the master's decisions react to ({@link Supervisor#next}). Signal handlers, worker pipes and
 * exit callbacks only enqueue these; the master's loop adds a {@link Tick} after each batch and
 * hands back the answers to effects that can fail (a spawn, a class path copy, a recorder).
 */
sealed interface Event {
  /** A POSIX signal reached the master (HUP, TERM, INT, TTIN, TTOU). */
  record Signal(String name) implements Event {}

  /** A worker sent a message on its pipe. */
  record Said(int worker, Message message) implements Event {}

  /** A worker's heartbeat, with what its request pool has done. */
  record Beat(int worker, Progress progress) implements Event {}

  /** A worker serves its metrics on this loopback port, for the master to scrape. */
  record MetricsAt(int worker, int port) implements Event {}

  /** A worker's process ended with this exit code. */
  record Exited(int worker, int code) implements Event {}

  /** Time passed: look for silent workers and missed deadlines, then top the pool up or down. */
  record Tick() implements Event {}

  /** The answer to {@link Effect.Spawn}: the worker's process runs as {@code pid}. */
  record Started(int worker, long pid) implements Event {}

  /**
   * The answer to {@link Effect.TakeRelease}: the class path is copied aside for the generation.
   */
  record ReleaseTaken(int generation) implements Event {}

  /** The answer to {@link Effect.TakeRelease} when the class path could not be copied. */
  record ReleaseFailed(int generation, String reason) implements Event {}

  /** The answer to {@link Effect.RecordAotCache} when a recorder did start as this worker id. */
  record RecorderStarted(int worker) implements Event {}
}
