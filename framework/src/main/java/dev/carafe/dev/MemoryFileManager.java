package dev.carafe.dev;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardLocation;

/**
 * Keeps javac's class files in memory: new ones are captured with the source they came from, and
 * classes compiled earlier are offered on the class path, so a save recompiles only the files it
 * touched. One serves every compilation ({@link #prepare} before each): a reused javac context
 * keeps the file manager it first met.
 */
final class MemoryFileManager extends ForwardingJavaFileManager<JavaFileManager> {
  private final Map<String, List<ClassFile>> earlierByPackage = new HashMap<>();
  private final Map<String, ByteArrayOutputStream> output = new HashMap<>();
  private final Map<String, Path> origins = new HashMap<>();

  MemoryFileManager(JavaFileManager files) {
    super(files);
  }

  /**
   * Forgets the last compilation's output and offers {@code earlier} (class name to bytes) to the
   * next, ahead of the real class path.
   */
  void prepare(Map<String, byte[]> earlier) {
    earlierByPackage.clear();
    output.clear();
    origins.clear();
    earlier.forEach(
        (name, bytes) ->
            earlierByPackage
                .computeIfAbsent(packageOf(name), p -> new ArrayList<>())
                .add(new ClassFile(name, bytes)));
  }

  /** Class name to bytes of what this compilation wrote. */
  Map<String, byte[]> output() {
    Map<String, byte[]> classes = new HashMap<>();
    output.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }

  /** Class name to the source file it was compiled from. */
  Map<String, Path> origins() {
    return Map.copyOf(origins);
  }

  @Override
  public Iterable<JavaFileObject> list(
      Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
      throws IOException {
    Iterable<JavaFileObject> standard = super.list(location, packageName, kinds, recurse);
    if (location != StandardLocation.CLASS_PATH || !kinds.contains(JavaFileObject.Kind.CLASS)) {
      return standard;
    }
    List<JavaFileObject> all = new ArrayList<>();
    earlierByPackage.forEach(
        (pkg, files) -> {
          if (pkg.equals(packageName) || (recurse && pkg.startsWith(packageName + "."))) {
            all.addAll(files);
          }
        });
    if (all.isEmpty()) {
      return standard;
    }
    standard.forEach(all::add);
    return all;
  }

  @Override
  public String inferBinaryName(Location location, JavaFileObject file) {
    return file instanceof ClassFile c ? c.name : super.inferBinaryName(location, file);
  }

  @Override
  public boolean isSameFile(FileObject a, FileObject b) {
    return a instanceof ClassFile || b instanceof ClassFile ? a == b : super.isSameFile(a, b);
  }

  @Override
  public JavaFileObject getJavaFileForOutput(
      Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
    if (sibling != null && sibling.toUri().getScheme().equals("file")) {
      origins.put(className, Path.of(sibling.toUri()));
    }
    return new SimpleJavaFileObject(uri(className, kind), kind) {
      @Override
      public OutputStream openOutputStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        output.put(className, bytes);
        return bytes;
      }
    };
  }

  private static URI uri(String className, JavaFileObject.Kind kind) {
    return URI.create("memory:///" + className.replace('.', '/') + kind.extension);
  }

  private static String packageOf(String className) {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? "" : className.substring(0, dot);
  }

  /** A class file compiled earlier, read from memory. */
  private static final class ClassFile extends SimpleJavaFileObject {
    private final String name;
    private final byte[] bytes;

    ClassFile(String name, byte[] bytes) {
      super(uri(name, Kind.CLASS), Kind.CLASS);
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    public InputStream openInputStream() {
      return new ByteArrayInputStream(bytes);
    }
  }
}
