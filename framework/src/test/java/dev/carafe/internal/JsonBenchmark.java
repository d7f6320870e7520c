package dev.carafe.internal;

import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Return-value conversion: what a view returned, turned into the JSON bytes that go on the wire.
 * Carafe writes bytes with its one mapper; Javalin's {@code ctx.json} makes a String with its
 * default mapper, which Jetty then encodes. It measures Carafe's internal mapper, so it lives in
 * the framework's tests; {@code bench/jmh.sh} runs it from the framework's test jar.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonBenchmark {
  /** One row of a post list, as a view would return it. */
  public record Post(int id, String title, String author, List<String> tags, int comments) {}

  /** {@code hello}: the one-key map of the JSON workload; {@code posts}: a list of 20 records. */
  @Param({"hello", "posts"})
  public String payload;

  private Object value;
  private final JavalinJackson javalin = new JavalinJackson();

  /** Builds the value once per trial. */
  @Setup
  public void buildPayload() {
    if ("hello".equals(payload)) {
      value = Map.of("message", "Hello, World!");
      return;
    }
    List<Post> posts = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      posts.add(new Post(i, "Post number " + i, "author" + (i % 3), List.of("java", "web"), i * 2));
    }
    value = posts;
  }

  /** Carafe: the dispatcher's conversion of a record, map or list to bytes. */
  @Benchmark
  public byte[] carafe() throws Exception {
    return Json.mapper().writeValueAsBytes(value);
  }

  /** Javalin: {@code ctx.json}'s String, encoded as Jetty does when it writes the result. */
  @Benchmark
  public byte[] javalin() {
    return javalin.toJsonString(value, Object.class).getBytes(StandardCharsets.UTF_8);
  }
}
