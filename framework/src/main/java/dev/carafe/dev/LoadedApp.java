package dev.carafe.dev;

import dev.carafe.Carafe;
import jakarta.servlet.Servlet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generation of the app: its class loader, the Carafe app and the Javalin servlet serving it.
 * Once a reload replaces it and the last request running on it has left, the app is closed, so its
 * resources (a connection pool, say) never outlive it.
 */
final class LoadedApp {
  private final long generation;
  private final AppClassLoader loader;
  private final Carafe app;
  private final Servlet servlet;

  /** The requests inside, plus one for the slot while it holds this generation; 0 once closed. */
  private final AtomicInteger holds = new AtomicInteger(1);

  private final AtomicBoolean retired = new AtomicBoolean();

  LoadedApp(long generation, AppClassLoader loader, Carafe app, Servlet servlet) {
    this.generation = generation;
    this.loader = loader;
    this.app = app;
    this.servlet = servlet;
  }

  long generation() {
    return generation;
  }

  AppClassLoader loader() {
    return loader;
  }

  Carafe app() {
    return app;
  }

  Servlet servlet() {
    return servlet;
  }

  /** Counts a request in; false when this generation is closed already. */
  boolean enter() {
    return holds.getAndUpdate(n -> n == 0 ? 0 : n + 1) > 0;
  }

  /** Counts a request out; the last one out of a retired generation closes it. */
  void leave() {
    if (holds.decrementAndGet() == 0) {
      app.close();
    }
  }

  /** The slot lets go of this generation: it closes now, or when its last request leaves. */
  void retire() {
    if (retired.compareAndSet(false, true)) {
      leave();
    }
  }

  /** True once the app is closed. */
  boolean closed() {
    return holds.get() == 0;
  }
}
