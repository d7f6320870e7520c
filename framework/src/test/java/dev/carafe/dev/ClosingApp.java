package dev.carafe.dev;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app on the class path that holds a resource, as an app holds a connection pool: every app
 * built opens one, and closing the app closes it. The counts span every generation. While {@link
 * #failAfterOpening} is set, the factory throws once the resource is open, as a factory does whose
 * later setup fails after {@code Database.of(app)}.
 */
public final class ClosingApp {
  static final AtomicInteger OPENED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();
  static volatile boolean failAfterOpening;

  private ClosingApp() {}

  /** The factory the dev server calls. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    OPENED.incrementAndGet();
    app.onClose(CLOSED::incrementAndGet);
    if (failAfterOpening) {
      throw new IllegalStateException("The factory fails after opening its resource.");
    }
    app.get("/", req -> Map.of("open", OPENED.get() - CLOSED.get()));
    return app;
  }
}
