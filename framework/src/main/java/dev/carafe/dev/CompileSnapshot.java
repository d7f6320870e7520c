package dev.carafe.dev;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last good compile of a project, kept in a file between runs of the development server: every
 * source's text, the classes that came out of it and where each came from, and what each file's
 * classes show the others ({@link ApiFingerprints}). A restart whose sources did not change then
 * compiles nothing, and one whose sources did compiles only those. A snapshot counts only for the
 * same JDK, compiler options and libraries (each jar's size and time), so a changed dependency or a
 * rebuilt library compiles everything again.
 */
final class CompileSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(DevServer.class);
  private static final int FORMAT = 2;

  private final Path file;
  private final Path root;
  private final String libraries;

  CompileSnapshot(Path file, Path root, List<String> options) {
    this.file = file;
    this.root = root;
    this.libraries = fingerprint(options);
  }

  /** The compile kept, or empty when there is none, or it was made against other libraries. */
  Optional<SourceCompiler.Good> read() {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != FORMAT || !libraries.equals(readString(in))) {
        return Optional.empty();
      }
      boolean full = in.readBoolean();
      Map<Path, String> sources = new LinkedHashMap<>();
      for (int i = in.readInt(); i > 0; i--) {
        sources.put(root.resolve(readString(in)), readString(in));
      }
      Map<Path, String> apis = new HashMap<>();
      for (int i = in.readInt(); i > 0; i--) {
        apis.put(root.resolve(readString(in)), readString(in));
      }
      Map<String, byte[]> classes = new HashMap<>();
      Map<String, Path> origins = new HashMap<>();
      for (int i = in.readInt(); i > 0; i--) {
        String name = readString(in);
        classes.put(name, in.readNBytes(in.readInt()));
        String origin = readString(in);
        if (!origin.isEmpty()) {
          origins.put(name, root.resolve(origin));
        }
      }
      return Optional.of(
          new SourceCompiler.Good(
              sources, Map.copyOf(classes), Map.copyOf(origins), Map.copyOf(apis), full));
    } catch (IOException | RuntimeException unreadable) {
      LOG.debug("Ignoring the compile snapshot {}: {}", file, unreadable.toString());
      return Optional.empty();
    }
  }

  /** Keeps {@code good}, replacing the file whole so a crash never leaves half of one. */
  void write(SourceCompiler.Good good) {
    Path partial = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)))) {
        out.writeInt(FORMAT);
        writeString(out, libraries);
        out.writeBoolean(good.full());
        out.writeInt(good.sources().size());
        for (Map.Entry<Path, String> source : good.sources().entrySet()) {
          writeString(out, root.relativize(source.getKey()).toString());
          writeString(out, source.getValue());
        }
        out.writeInt(good.apis().size());
        for (Map.Entry<Path, String> api : good.apis().entrySet()) {
          writeString(out, root.relativize(api.getKey()).toString());
          writeString(out, api.getValue());
        }
        out.writeInt(good.classes().size());
        for (Map.Entry<String, byte[]> c : good.classes().entrySet()) {
          writeString(out, c.getKey());
          out.writeInt(c.getValue().length);
          out.write(c.getValue());
          Path origin = good.origins().get(c.getKey());
          writeString(out, origin == null ? "" : root.relativize(origin).toString());
        }
      }
      try {
        Files.move(
            partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | UncheckedIOException e) {
      // Only the next start's speed depends on it.
      LOG.debug("Cannot keep the compile snapshot {}: {}", file, e.toString());
    }
  }

  /** The JDK, the options (the class path among them) and each library's size and time. */
  private static String fingerprint(List<String> options) {
    StringBuilder key = new StringBuilder(Runtime.version().toString());
    for (String option : options) {
      key.append('\n').append(option);
    }
    int at = options.indexOf("-classpath");
    if (at >= 0) {
      for (String entry : options.get(at + 1).split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) {
          key.append('\n').append(stamp(Path.of(entry)));
        }
      }
    }
    return key.toString();
  }

  /** A jar's size and time; for a folder, those of every file in it. */
  private static String stamp(Path entry) {
    try (Stream<Path> files = Files.walk(entry)) {
      long count = 0;
      long size = 0;
      long newest = 0;
      for (Path f : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          count++;
          size += a.size();
          newest = Math.max(newest, a.lastModifiedTime().toMillis());
        }
      }
      return count + " " + size + " " + newest;
    } catch (IOException | UncheckedIOException missing) {
      return "missing";
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
