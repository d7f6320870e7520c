package dev.carafe.bench.subjects;

import dev.carafe.Carafe;
import dev.carafe.Extension;
import java.util.Map;

/**
 * The demo's JSON hello once more, at {@code /bench/hello}, written as most views are: an ordinary
 * view, which runs in the request pool. The demo declares its own {@code /api/hello} non-blocking;
 * bench/run.sh measures both. It reaches the demo as an {@link Extension} from a jar that only the
 * benchmark puts on the demo's class path, so the demo itself stays as its users see it.
 */
public final class OrdinaryHello implements Extension {
  /** Where the view answers. */
  public static final String PATH = "/bench/hello";

  @Override
  public void init(Carafe app) {
    app.get(PATH, "bench_hello", req -> Map.of("message", "Hello, World!"));
  }
}
