package dev.carafe.bench.hostile;

/**
 * What an attack saw.
 *
 * @param requests the requests (or connections) the attack sent
 * @param finding what the target did, in a few words for the table
 */
record Outcome(long requests, String finding) {}
