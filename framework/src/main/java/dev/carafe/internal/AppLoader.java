package dev.carafe.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds and calls an app factory: a public static {@code create(Config)} or {@code create()}
 * returning the app, like Flask's {@code create_app}. The servers name the app and configuration
 * types, so this package names neither.
 */
public final class AppLoader {
  /**
   * The factory call in progress on this thread: the apps it made, to close should it fail, and who
   * hears of each as soon as it exists.
   */
  private record Call(List<AutoCloseable> made, Consumer<Object> onMade) {}

  private static final ThreadLocal<Call> CALL = new ThreadLocal<>();

  private AppLoader() {}

  /**
   * Tells the factory call in progress on this thread, if any, that it made {@code app}. A factory
   * that throws after opening something on its app (a connection pool) hands no server the app that
   * would close it, so the loader closes every app the failed call made.
   */
  public static void made(AutoCloseable app) {
    Call call = CALL.get();
    if (call != null) {
      call.made().add(app);
      call.onMade().accept(app);
    }
  }

  /**
   * Loads {@code className} through {@code loader} and calls its factory, which returns an {@code
   * appType} and takes {@code config} (or nothing).
   */
  public static <A> A load(String className, Class<A> appType, Object config, ClassLoader loader) {
    return load(className, appType, config, loader, app -> {});
  }

  /**
   * As {@link #load(String, Class, Object, ClassLoader)}, telling {@code onMade} of each app the
   * factory makes as soon as it exists, before the factory configures it: what is added to the app
   * there (a worker's metrics registry) sees all the factory does.
   */
  public static <A> A load(
      String className,
      Class<A> appType,
      Object config,
      ClassLoader loader,
      Consumer<? super A> onMade) {
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
    Call outer = CALL.get();
    List<AutoCloseable> made = new ArrayList<>();
    CALL.set(
        new Call(
            made,
            app -> {
              if (appType.isInstance(app)) {
                onMade.accept(appType.cast(app));
              }
            }));
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
        CALL.remove();
      } else {
        CALL.set(outer);
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
