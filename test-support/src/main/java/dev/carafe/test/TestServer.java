package dev.carafe.test;

import dev.carafe.Carafe;

/** The server a {@link CarafeTest} started: its port and URLs. */
public final class TestServer {
  private final Carafe app;

  TestServer(Carafe app) {
    this.app = app;
  }

  public Carafe app() {
    return app;
  }

  public int port() {
    return app.port();
  }

  /** An absolute URL for a path on this server. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }
}
