package dev.carafe.it.prod;

import dev.carafe.Carafe;
import dev.carafe.Config;

/** An app that cannot boot, like one whose database is unreachable at start. */
public final class BrokenApp {
  private BrokenApp() {}

  /** Always fails. */
  public static Carafe create(Config config) {
    throw new IllegalStateException("cannot reach the database at db.invalid:5432");
  }
}
