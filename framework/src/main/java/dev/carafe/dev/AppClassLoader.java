package dev.carafe.dev;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The throwaway loader of one app generation: the app's freshly compiled classes and its resource
 * folder, child first; libraries and Carafe itself come from the long-lived parent. Dropping every
 * reference to it lets the whole generation be collected.
 */
final class AppClassLoader extends ClassLoader {
  static {
    registerAsParallelCapable();
  }

  private final Map<String, byte[]> classes;
  private final List<Path> resourceRoots;

  AppClassLoader(
      String name, ClassLoader parent, Map<String, byte[]> classes, List<Path> resourceRoots) {
    super(name, parent);
    this.classes = classes;
    this.resourceRoots = List.copyOf(resourceRoots);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!classes.containsKey(name)) {
      return super.loadClass(name, resolve);
    }
    // Child first for the app's own classes: a stale copy on the parent's class path must lose.
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }

  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : getParent().getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    List<URL> all = new ArrayList<>();
    for (Path root : resourceRoots) {
      resource(root, name).ifPresent(all::add);
    }
    all.addAll(Collections.list(getParent().getResources(name)));
    return Collections.enumeration(all);
  }

  @Override
  protected URL findResource(String name) {
    for (Path root : resourceRoots) {
      Optional<URL> found = resource(root, name);
      if (found.isPresent()) {
        return found.get();
      }
    }
    return null;
  }

  /**
   * The file or folder {@code name} under {@code root}. Folders count, as on a class path of
   * folders: libraries that scan one (Flyway's {@code db/migration}) list it from its URL.
   */
  private static Optional<URL> resource(Path root, String name) {
    try {
      Path file = root.resolve(name).normalize();
      if (file.startsWith(root) && Files.exists(file)) {
        return Optional.of(file.toUri().toURL());
      }
    } catch (InvalidPathException | MalformedURLException notAFile) {
      // a name no file can have: not ours
    }
    return Optional.empty();
  }

  /** True when {@code name} is one of the app's own classes. */
  boolean owns(String name) {
    return classes.containsKey(name);
  }
}
