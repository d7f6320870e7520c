package dev.carafe.dev;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Remembers which classes the JDK and the library jars hold in each package, so that a save's
 * compile does not list them again: javac lists every package it looks into, in every jar and
 * module, on every compilation. Folders on the class path are listed afresh each time, since their
 * contents may change while the server runs.
 *
 * <p>Likewise the class loader over the library jars: javac looks for plugins that start by
 * themselves ({@code com.sun.source.util.Plugin#autoStart}) on every compilation, through a new
 * loader that opens and indexes every jar, a sixth of a one-file compile; one loader serves them
 * all.
 */
final class LibraryListings extends ForwardingJavaFileManager<JavaFileManager> {
  private record Key(Location location, String packageName, Set<JavaFileObject.Kind> kinds) {}

  private final Map<Key, List<JavaFileObject>> listings = new ConcurrentHashMap<>();
  private final Map<Location, ClassLoader> loaders = new ConcurrentHashMap<>();
  private final boolean classPathIsJars;

  LibraryListings(JavaFileManager files, String classPath) {
    super(files);
    this.classPathIsJars =
        List.of(classPath.split(File.pathSeparator)).stream()
            .filter(entry -> !entry.isEmpty())
            .map(Path::of)
            .allMatch(Files::isRegularFile);
  }

  @Override
  public Iterable<JavaFileObject> list(
      Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
      throws IOException {
    if (recurse || !lasts(location)) {
      return super.list(location, packageName, kinds, recurse);
    }
    Key key = new Key(location, packageName, Set.copyOf(kinds));
    List<JavaFileObject> listed = listings.get(key);
    if (listed == null) {
      listed = new ArrayList<>();
      for (JavaFileObject file : super.list(location, packageName, kinds, false)) {
        listed.add(file);
      }
      listings.put(key, List.copyOf(listed));
    }
    return listed;
  }

  /**
   * The loader javac finds plugins with: for the class path of jars one for all compilations, which
   * javac cannot close (it closes the loaders it is given after each compilation).
   */
  @Override
  public ClassLoader getClassLoader(Location location) {
    if (!classPathIsJars
        || (location != StandardLocation.CLASS_PATH
            && location != StandardLocation.ANNOTATION_PROCESSOR_PATH)) {
      return super.getClassLoader(location);
    }
    return loaders.computeIfAbsent(
        location,
        l -> {
          ClassLoader libraries = super.getClassLoader(l);
          return libraries == null ? null : new Unclosable(libraries);
        });
  }

  /** A loader that only delegates, and is not {@link java.io.Closeable}. */
  private static final class Unclosable extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    Unclosable(ClassLoader loader) {
      super("carafe-javac-plugins", loader);
    }
  }

  /** Jars are opened and indexed once anyway, and the JDK's modules never change. */
  private boolean lasts(Location location) {
    if (location == StandardLocation.CLASS_PATH) {
      return classPathIsJars;
    }
    // Each system module is a location of its own, named after SYSTEM_MODULES.
    return location == StandardLocation.PLATFORM_CLASS_PATH
        || location.getName().startsWith(StandardLocation.SYSTEM_MODULES.getName());
  }
}
