package dev.carafe.internal;

import dev.carafe.Carafe;
import dev.carafe.Config;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * Finds and calls an app factory: a public static {@code create(Config)} or {@code create()}
 * returning {@link Carafe}, like Flask's {@code create_app}.
 */
public final class AppLoader {
  private AppLoader() {}

  /** Loads {@code className} through {@code loader} and calls its factory. */
  public static Carafe load(String className, Config config, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "App class '"
              + className
              + "' was not found on the class path. Pass --app with the fully qualified name of the class that has `public static Carafe create(Config config)`.",
          e);
    }
    try {
      Method factory = factory(type);
      Object app =
          factory.getParameterCount() == 1 ? factory.invoke(null, config) : factory.invoke(null);
      if (app == null) {
        throw new IllegalStateException(
            className + "." + factory.getName() + "() returned null instead of an app.");
      }
      return (Carafe) app;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(
          "The app factory of " + className + " failed: " + cause, cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("The app factory of " + className + " is not public.", e);
    }
  }

  private static Method factory(Class<?> type) {
    for (Class<?>[] params : new Class<?>[][] {{Config.class}, {}}) {
      try {
        Method m = type.getMethod("create", params);
        if (Modifier.isStatic(m.getModifiers())
            && Carafe.class.isAssignableFrom(m.getReturnType())) {
          return m;
        }
      } catch (NoSuchMethodException ignored) {
        // try the next signature
      }
    }
    throw new IllegalArgumentException(
        type.getName()
            + " has no app factory. Add `public static Carafe create(Config config)` (or create()) that builds and returns the app.");
  }
}
