package dev.carafe.it.prod;

import dev.carafe.Carafe;
import dev.carafe.Config;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small apps the production tests serve through run-prod.sh (via CARAFE_CLASSPATH). */
public final class TestApps {
  private TestApps() {}

  /**
   * An app with a slow endpoint: {@code /slow?ms=N} answers after N milliseconds, and with {@code
   * log=yes} logs a line once it has slept.
   */
  public static final class Slow {
    private static final Logger LOG = LoggerFactory.getLogger(Slow.class);

    public static Carafe create(Config config) {
      Carafe app = Carafe.create(config);
      app.get("/api/hello", req -> Map.of("message", "Hello, World!"));
      // snippet:app-meters
      Counter slept = app.metrics().counter("slow.requests");
      app.get(
          "/slow",
          req -> {
            int ms = req.args().getInt("ms", 1000);
            Thread.sleep(ms);
            slept.increment();
            if (req.args().has("log")) {
              LOG.info("slow done after {} ms", ms);
            }
            return "slow done";
          });
      // end-snippet:app-meters
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
