package dev.carafe.dev;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app on the class path that holds a resource, as an app holds a connection pool: every app
 * built opens one, and closing the app closes it. The counts span every generation.
 */
public final class ClosingApp {
  static final AtomicInteger OPENED = new AtomicInteger();
  static final AtomicInteger CLOSED = new AtomicInteger();

  private ClosingApp() {}

  /** The factory the dev server calls. */
  public static Carafe create(Config config) {
    Carafe app = Carafe.create(config);
    OPENED.incrementAndGet();
    app.onClose(CLOSED::incrementAndGet);
    app.get("/", req -> Map.of("open", OPENED.get() - CLOSED.get()));
    return app;
  }
}
