package dev.carafe.internal;

import java.util.Objects;
import java.util.function.Function;

/** Holds the one lookup from an app to its {@link ServerView}: a function of the app type. */
final class ServerViews {
  private static volatile Function<Object, ServerView> lookup;

  private ServerViews() {}

  static void register(Function<Object, ServerView> function) {
    lookup = Objects.requireNonNull(function);
  }

  static ServerView of(Object app) {
    Function<Object, ServerView> function = lookup;
    if (function == null) {
      throw new IllegalStateException(
          "No app type has registered its server view: pass an app built by Carafe.create().");
    }
    return function.apply(app);
  }
}
