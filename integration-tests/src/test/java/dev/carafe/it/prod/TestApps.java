package dev.carafe.it.prod;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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

  /**
   * An app whose views can hold a request thread: {@link Slow}'s views, {@code POST /upload} reads
   * the whole body (a slow client keeps it waiting), {@code /stuck} never returns, and {@code /hog}
   * allocates until the heap is full.
   */
  public static final class Threads {
    private static final List<byte[]> HOARD = new ArrayList<>();

    public static Carafe create(Config config) {
      Carafe app = Slow.create(config);
      app.post("/upload", req -> req.javalinContext().bodyAsBytes().length).csrfExempt();
      app.get(
          "/stuck",
          req -> {
            new CountDownLatch(1).await();
            return "never";
          });
      app.get(
          "/hog",
          req -> {
            synchronized (HOARD) {
              while (true) {
                HOARD.add(new byte[1 << 20]);
              }
            }
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
