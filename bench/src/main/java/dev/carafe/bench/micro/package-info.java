/**
 * JMH microbenchmarks of Carafe's own per-request work, each against plain Javalin: route matching
 * ({@link dev.carafe.bench.micro.RoutingBenchmark}) and return-value conversion ({@link
 * dev.carafe.bench.micro.JsonBenchmark}). Run them with {@code bench/jmh.sh}.
 *
 * <p>NEXT: session decoding. A {@code SessionBenchmark} joins here once signed-cookie sessions
 * ({@code dev.carafe.session}) are in the framework: decode and verify a typical session cookie,
 * against the same work done by hand with {@code javax.crypto.Mac} and Jackson as the baseline.
 */
package dev.carafe.bench.micro;
