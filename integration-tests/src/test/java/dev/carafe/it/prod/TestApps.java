package dev.carafe.it.prod;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;

/** Small apps the production tests serve through run-prod.sh (via CARAFE_CLASSPATH). */
public final class TestApps {
  private TestApps() {}

  /** An app with a slow endpoint: {@code /slow?ms=N} answers after N milliseconds. */
  public static final class Slow {
    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      app.get("/api/hello", req -> Map.of("message", "Hello, World!"));
      app.get(
          "/slow",
          req -> {
            Thread.sleep(req.args().getInt("ms", 1000));
            return "slow done";
          });
      return app;
    }
  }

  /** An app that loads but whose server cannot be built: every worker fails to boot. */
  public static final class CannotBoot {
    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      app.configureJavalin(
          javalin -> {
            throw new IllegalStateException("the database is unreachable");
          });
      return app;
    }
  }
}
