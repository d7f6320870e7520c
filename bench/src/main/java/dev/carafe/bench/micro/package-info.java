/**
 * JMH microbenchmarks of Carafe's own per-request work, each against plain Javalin: route matching
 * ({@link dev.carafe.bench.micro.RoutingBenchmark}) and return-value conversion ({@link
 * dev.carafe.bench.micro.JsonBenchmark}). Run them with {@code bench/jmh.sh}.
 *
 * <p>Session decoding is measured by {@code dev.carafe.session.SessionBenchmark}, which sits in
 * Carafe's session package because the session store is package-private.
 */
package dev.carafe.bench.micro;
