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
 */
final class LibraryListings extends ForwardingJavaFileManager<JavaFileManager> {
  private record Key(Location location, String packageName, Set<JavaFileObject.Kind> kinds) {}

  private final Map<Key, List<JavaFileObject>> listings = new ConcurrentHashMap<>();
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
