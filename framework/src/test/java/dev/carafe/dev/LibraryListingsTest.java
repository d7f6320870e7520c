package dev.carafe.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryListingsTest {
  private static final Set<JavaFileObject.Kind> CLASSES = Set.of(JavaFileObject.Kind.CLASS);

  @TempDir Path dir;

  private final StandardJavaFileManager files =
      ToolProvider.getSystemJavaCompiler()
          .getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);

  @AfterEach
  void tearDown() throws IOException {
    files.close();
  }

  /** Counts the listings javac's own file manager makes. */
  private static final class Counting extends ForwardingJavaFileManager<JavaFileManager> {
    int listings;

    Counting(JavaFileManager files) {
      super(files);
    }

    @Override
    public Iterable<JavaFileObject> list(
        Location location, String packageName, Set<JavaFileObject.Kind> kinds, boolean recurse)
        throws IOException {
      listings++;
      return super.list(location, packageName, kinds, recurse);
    }
  }

  private static List<String> names(Iterable<JavaFileObject> listed) {
    List<String> names = new ArrayList<>();
    listed.forEach(f -> names.add(f.getName()));
    return names;
  }

  @Test
  void aJdkPackageIsListedOnce() throws IOException {
    Counting counting = new Counting(files);
    LibraryListings listings = new LibraryListings(counting, "");
    JavaFileManager.Location javaBase =
        files.getLocationForModule(StandardLocation.SYSTEM_MODULES, "java.base");
    List<String> first = names(listings.list(javaBase, "java.lang", CLASSES, false));
    List<String> second = names(listings.list(javaBase, "java.lang", CLASSES, false));
    assertEquals(1, counting.listings);
    assertEquals(first, second);
    assertTrue(first.stream().anyMatch(n -> n.endsWith("java/lang/String.class")), "" + first);
  }

  @Test
  void aFolderOnTheClassPathIsListedEachTime() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes/lib"));
    files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(dir.resolve("classes")));
    Counting counting = new Counting(files);
    LibraryListings listings = new LibraryListings(counting, dir.resolve("classes").toString());
    assertEquals(
        List.of(), names(listings.list(StandardLocation.CLASS_PATH, "lib", CLASSES, false)));
    Files.write(classes.resolve("Added.class"), new byte[] {1});
    List<String> again = names(listings.list(StandardLocation.CLASS_PATH, "lib", CLASSES, false));
    assertEquals(2, counting.listings);
    assertEquals(1, again.size(), "a class compiled meanwhile is seen: " + again);
  }

  @Test
  void javacFindsItsPluginsInTheJarsThroughOneLoaderItCannotClose() throws IOException {
    Path jar = dir.resolve("lib.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("lib/Thing.class"));
    }
    files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of(jar));
    LibraryListings listings = new LibraryListings(files, jar.toString());
    ClassLoader loader = listings.getClassLoader(StandardLocation.CLASS_PATH);
    assertSame(loader, listings.getClassLoader(StandardLocation.CLASS_PATH));
    assertFalse(loader instanceof Closeable, "javac closes the loaders it gets after compiling");
    assertNotNull(loader.getResource("lib/Thing.class"));
  }
}
