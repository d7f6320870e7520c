package dev.carafe.prod;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSIX signal handlers that only hand the signal's name to a queue; one loop acts on it.
 *
 * <p>{@code sun.misc.Signal} is reached by reflection: javac reports any direct use as internal API
 * with a warning no annotation silences, and the build treats warnings as errors. The class lives
 * in the exported {@code jdk.unsupported} module, so reflection needs no JVM flags.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  /**
   * Routes each named signal (HUP, TERM, INT, TTIN...) to {@code sink}. QUIT is not one of them:
   * the JVM prints a thread dump for it, as every Java process does.
   */
  static void forward(List<String> names, Consumer<String> sink) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Method handle = signal.getMethod("handle", signal, handlerType);
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  sink.accept(signal.getMethod("getName").invoke(args[0]).toString());
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> "SignalForwarder";
                };
              });
      Object ignored = handlerType.getField("SIG_IGN").get(null);
      for (String name : names) {
        try {
          Object previous =
              handle.invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
          if (ignored.equals(previous)) {
            // The JVM leaves a signal ignored by the parent (nohup) alone.
            LOG.warn(
                "SIG{} is ignored in this process (started with nohup?); Carafe cannot act on it.",
                name);
          }
        } catch (InvocationTargetException e) {
          LOG.warn("Cannot handle SIG{}: {}", name, e.getCause().getMessage());
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("This JVM offers no signal API (sun.misc.Signal).", e);
    }
  }
}
