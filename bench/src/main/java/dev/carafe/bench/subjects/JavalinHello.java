package dev.carafe.bench.subjects;

import io.javalin.Javalin;
import java.util.Map;

/** Plain Javalin 7 with its defaults: the baseline Carafe's production mode is measured against. */
public final class JavalinHello {
  private JavalinHello() {}

  /** Serves {@code GET /api/hello} on 127.0.0.1 at the port given as the only argument. */
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Javalin.create(
            config ->
                config.routes.get(
                    "/api/hello", ctx -> ctx.json(Map.of("message", "Hello, World!"))))
        .start("127.0.0.1", port);
  }
}
