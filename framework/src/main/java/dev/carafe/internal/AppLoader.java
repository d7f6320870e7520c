package dev.carafe.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and calls an app factory: a public static {@code create(Config)} or {@code create()}
 * returning the app, like Flask's {@code create_app}. The servers name the app and configuration
 * types, so this package names neither.
 */
public final class AppLoader {
  /** The apps made on this thread by the factory being called, to close should it fail. */
  private static final ThreadLocal<List<AutoCloseable>> MADE = new ThreadLocal<>();

  private AppLoader() {}

  /**
   * Tells the factory call in progress on this thread, if any, that it made {@code app}. A factory
   * that throws after opening something on its app (a connection pool) hands no server the app that
   * would close it, so the loader closes every app the failed call made.
   */
  public static void made(AutoCloseable app) {
    List<AutoCloseable> made = MADE.get();
    if (made != null) {
      made.add(app);
    }
  }

  /**
   * Loads {@code className} through {@code loader} and calls its factory, which returns an {@code
   * appType} and takes {@code config} (or nothing).
   */
  public static <A> A load(String className, Class<A> appType, Object config, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "App class '"
              + className
              + "' was not found on the class path. Pass --app with the fully qualified name of the class that has `"
              + signature(appType, config)
              + "`.",
          e);
    }
    List<AutoCloseable> outer = MADE.get();
    List<AutoCloseable> made = new ArrayList<>();
    MADE.set(made);
    try {
      Method factory = factory(type, appType, config);
      Object app =
          factory.getParameterCount() == 1 ? factory.invoke(null, config) : factory.invoke(null);
      if (app == null) {
        throw new IllegalStateException(
            className + "." + factory.getName() + "() returned null instead of an app.");
      }
      return appType.cast(app);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      closeAll(made, cause);
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
    } finally {
      if (outer == null) {
        MADE.remove();
      } else {
        MADE.set(outer);
      }
    }
  }

  /** Closes the apps a failed factory made, newest first; what fails to close joins the failure. */
  private static void closeAll(List<AutoCloseable> made, Throwable failure) {
    for (int i = made.size() - 1; i >= 0; i--) {
      try {
        made.get(i).close();
      } catch (Exception | LinkageError e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static Method factory(Class<?> type, Class<?> appType, Object config) {
    for (Class<?>[] params : new Class<?>[][] {{config.getClass()}, {}}) {
      try {
        Method m = type.getMethod("create", params);
        if (Modifier.isStatic(m.getModifiers()) && appType.isAssignableFrom(m.getReturnType())) {
          return m;
        }
      } catch (NoSuchMethodException ignored) {
        // try the next signature
      }
    }
    throw new IllegalArgumentException(
        type.getName()
            + " has no app factory. Add `"
            + signature(appType, config)
            + "` (or create()) that builds and returns the app.");
  }

  private static String signature(Class<?> appType, Object config) {
    return "public static "
        + appType.getSimpleName()
        + " create("
        + config.getClass().getSimpleName()
        + " config)";
  }
}
