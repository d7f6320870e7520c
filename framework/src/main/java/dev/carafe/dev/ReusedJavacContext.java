package dev.carafe.dev;

import com.sun.source.util.JavacTask;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.tools.DiagnosticListener;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * One javac context kept from compilation to compilation, through the JDK's own pool of contexts
 * ({@code com.sun.tools.javac.api.JavacTaskPool}, which JShell uses): the symbols javac read from
 * the JDK's and the libraries' class files stay, so a save's compile does not read those again. A
 * one-file compile of the demo took a third of the CPU time of a fresh compiler.
 *
 * <p>The pool forgets only the classes compiled from source. After each compilation this also
 * forgets every class of the app read from memory or from a folder, and what javac listed of their
 * packages, so the next compilation reads them as they are then: a class another file saw before
 * its change must not linger. The JDK's and the jars' classes never change while the server runs.
 *
 * <p>These are javac's internals: used only when the JVM exports {@link #PACKAGES} to Carafe
 * ({@code run-dev.sh} and {@code carafe:dev} pass {@code --add-exports}), reached by reflection,
 * and given up for good, back to a fresh compiler per compilation, the moment anything in them is
 * not as expected.
 */
final class ReusedJavacContext {
  /** The packages of {@code jdk.compiler} this needs exported. */
  static final List<String> PACKAGES =
      List.of("com.sun.tools.javac.api", "com.sun.tools.javac.code");

  private final Object pool;
  private final Method getTask;
  private final Class<?> worker;
  private final Method getContext;
  private final Method symtab;
  private final Field unnamedModule;
  private final Method allClasses;
  private final Method removeClass;
  private final Method packageOf;
  private final Field module;
  private final Field flatName;
  private final Field classFile;
  private final Field members;
  private final Field completer;
  private final Method classFinder;
  private final Method packageCompleter;

  private ReusedJavacContext() throws ReflectiveOperationException {
    Class<?> poolClass = Class.forName("com.sun.tools.javac.api.JavacTaskPool");
    Class<?> context = Class.forName("com.sun.tools.javac.util.Context");
    Class<?> symtabClass = Class.forName("com.sun.tools.javac.code.Symtab");
    Class<?> symbol = Class.forName("com.sun.tools.javac.code.Symbol");
    Class<?> classSymbol = Class.forName("com.sun.tools.javac.code.Symbol$ClassSymbol");
    Class<?> packageSymbol = Class.forName("com.sun.tools.javac.code.Symbol$PackageSymbol");
    Class<?> moduleSymbol = Class.forName("com.sun.tools.javac.code.Symbol$ModuleSymbol");
    Class<?> name = Class.forName("com.sun.tools.javac.util.Name");
    Class<?> finder = Class.forName("com.sun.tools.javac.code.ClassFinder");
    worker = Class.forName("com.sun.tools.javac.api.JavacTaskPool$Worker");
    pool = poolClass.getConstructor(int.class).newInstance(1);
    getTask =
        poolClass.getMethod(
            "getTask",
            java.io.Writer.class,
            JavaFileManager.class,
            DiagnosticListener.class,
            Iterable.class,
            Iterable.class,
            Iterable.class,
            worker);
    getContext = Class.forName("com.sun.tools.javac.api.BasicJavacTask").getMethod("getContext");
    symtab = symtabClass.getMethod("instance", context);
    unnamedModule = symtabClass.getField("unnamedModule");
    allClasses = symtabClass.getMethod("getAllClasses");
    removeClass = symtabClass.getMethod("removeClass", moduleSymbol, name);
    packageOf = symbol.getMethod("packge");
    module = packageSymbol.getField("modle");
    flatName = classSymbol.getField("flatname");
    classFile = classSymbol.getField("classfile");
    members = packageSymbol.getField("members_field");
    completer = symbol.getField("completer");
    classFinder = finder.getMethod("instance", context);
    packageCompleter = finder.getMethod("getCompleter");
  }

  /** A reused context, when this JVM lets Carafe reach javac's internals; empty otherwise. */
  static Optional<ReusedJavacContext> create() {
    Optional<Module> javac = ModuleLayer.boot().findModule("jdk.compiler");
    Module carafe = ReusedJavacContext.class.getModule();
    if (javac.isEmpty() || !PACKAGES.stream().allMatch(p -> javac.get().isExported(p, carafe))) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ReusedJavacContext());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /**
   * Runs {@code compile} on a task over {@code units} in the reused context and returns what it
   * returned, or empty when javac's internals turned out not as expected (compile afresh then).
   * {@code files} must be the same file manager every time: the context keeps the first it meets.
   * What {@code compile} throws comes through, and the context it ran in is dropped.
   */
  Optional<Boolean> compile(
      JavaFileManager files,
      DiagnosticListener<? super JavaFileObject> diagnostics,
      List<String> options,
      Iterable<? extends JavaFileObject> units,
      Predicate<JavacTask> compile) {
    Object withTask =
        Proxy.newProxyInstance(
            worker.getClassLoader(),
            new Class<?>[] {worker},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "withTask" -> run((JavacTask) args[0], compile);
                  case "equals" -> proxy == args[0];
                  case "hashCode" -> System.identityHashCode(proxy);
                  default -> "the development server's javac worker";
                });
    try {
      return Optional.of(
          (Boolean) getTask.invoke(pool, null, files, diagnostics, options, null, units, withTask));
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Unusable) {
        return Optional.empty();
      }
      if (e.getCause() instanceof RuntimeException crash) {
        throw crash;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      return Optional.empty();
    } catch (IllegalAccessException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private boolean run(JavacTask task, Predicate<JavacTask> compile) {
    Object context;
    try {
      context = getContext.invoke(task);
    } catch (ReflectiveOperationException e) {
      throw new Unusable(e);
    }
    boolean ok = compile.test(task);
    forgetAppClasses(context);
    return ok;
  }

  /**
   * Drops the classes of the class path's unnamed module that did not come from a jar (the app's,
   * from memory, from its sources or from a folder, and those javac looked for and did not find),
   * and makes javac list their packages again.
   */
  private void forgetAppClasses(Object context) {
    try {
      Object symbols = symtab.invoke(null, context);
      Object classPath = unnamedModule.get(symbols);
      List<Object> app = new ArrayList<>();
      for (Object c : (Iterable<?>) allClasses.invoke(symbols)) {
        Object pkg = packageOf.invoke(c);
        if (module.get(pkg) == classPath && !fromLibrary((JavaFileObject) classFile.get(c))) {
          app.add(c);
        }
      }
      Set<Object> packages = Collections.newSetFromMap(new IdentityHashMap<>());
      for (Object c : app) {
        Object pkg = packageOf.invoke(c);
        removeClass.invoke(symbols, classPath, flatName.get(c));
        packages.add(pkg);
      }
      Object listAgain = packageCompleter.invoke(classFinder.invoke(null, context));
      for (Object pkg : packages) {
        members.set(pkg, null);
        completer.set(pkg, listAgain);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new Unusable(e);
    }
  }

  /** A class file in a jar or in the JDK's image: it does not change while the server runs. */
  private static boolean fromLibrary(JavaFileObject file) {
    if (file == null || file.getKind() != JavaFileObject.Kind.CLASS) {
      return false;
    }
    String scheme = file.toUri().getScheme();
    return "jar".equals(scheme) || "jrt".equals(scheme);
  }

  /** javac's internals were not as expected: the context cannot be trusted. */
  private static final class Unusable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unusable(Throwable cause) {
      super(cause);
    }
  }
}
