package dev.carafe.prod;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * Installs POSIX signal handlers that only enqueue the signal's name; the arbiter's loop acts. Uses
 * {@code sun.misc.Signal} (module jdk.unsupported) reflectively, as it has no public replacement.
 * QUIT stays with the JVM, which prints a thread dump on it.
 */
final class Signals {
  /** The signals the master handles. */
  static final List<String> HANDLED = List.of("HUP", "TERM", "INT", "TTIN", "TTOU");

  private Signals() {}

  static void enqueueOn(BlockingQueue<String> queue) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Method handle = signal.getMethod("handle", signal, handler);
      for (String name : HANDLED) {
        Object onSignal =
            Proxy.newProxyInstance(
                Signals.class.getClassLoader(),
                new Class<?>[] {handler},
                (proxy, method, args) -> {
                  if (method.getName().equals("handle")) {
                    queue.offer(name); // SIG<name> -> the arbiter's queue; nothing else here
                  }
                  return null;
                });
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), onSignal);
      }
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IllegalStateException("Cannot install signal handlers: " + cause, cause);
    }
  }
}
