package dev.carafe;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.MimeTypes;

/**
 * Serves the files of a static folder: from {@code resource_root} on disk when set (the dev server
 * points it at the source tree, so edits show at once), else from the class path.
 */
final class StaticView implements View {
  private static final MimeTypes MIME = new MimeTypes();

  private final Carafe app;
  private final String folder;

  StaticView(Carafe app, String folder) {
    this.app = app;
    this.folder = folder;
  }

  /** A file found in the folder: its stream, size and modification time. */
  record Found(InputStream stream, long size, long lastModified) {}

  @Override
  public Object handle(Request request) throws Exception {
    String name = request.param("filename");
    Found found =
        find(app, folder, name).orElseThrow(() -> new HttpAbort(404, "No such file: " + name));
    Context ctx = request.ctx();
    String type =
        Optional.ofNullable(MIME.getMimeByExtension(name)).orElse("application/octet-stream");
    if (type.startsWith("text/") || type.equals("application/javascript")) {
      type += "; charset=utf-8";
    }
    ctx.header("Cache-Control", "no-cache");
    ctx.writeSeekableStream(found.stream(), type, found.size());
    return null;
  }

  /** Looks a file up safely: no parent segments, no absolute paths, nothing outside the folder. */
  static Optional<Found> find(Carafe app, String folder, String name) throws IOException {
    if (!isSafe(name)) {
      return Optional.empty();
    }
    Optional<String> root = app.config().get("resource_root");
    if (root.isPresent()) {
      Path base = Path.of(root.get()).resolve(folder).toAbsolutePath().normalize();
      Path file = base.resolve(name).normalize();
      if (!file.startsWith(base) || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      Path real = file.toRealPath();
      if (!real.startsWith(base.toRealPath())) {
        return Optional.empty();
      }
      return Optional.of(
          new Found(
              Files.newInputStream(real),
              Files.size(real),
              Files.getLastModifiedTime(real).toMillis()));
    }
    URL url = Thread.currentThread().getContextClassLoader().getResource(folder + "/" + name);
    if (url == null) {
      url = Carafe.class.getClassLoader().getResource(folder + "/" + name);
    }
    if (url == null || url.getPath().endsWith("/")) {
      return Optional.empty();
    }
    URLConnection connection = url.openConnection();
    return Optional.of(
        new Found(
            connection.getInputStream(),
            connection.getContentLengthLong(),
            connection.getLastModified()));
  }

  static boolean isSafe(String name) {
    if (name.isEmpty()
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0
        || name.indexOf(':') >= 0) {
      return false;
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")
          || segment.equals(".")
          || segment.isEmpty()
          || segment.startsWith(".")) {
        return false;
      }
    }
    return true;
  }

  /** Adds a content version to static URLs so browsers may cache them for a year. */
  static String versioned(Carafe app, String path, Map<String, ?> values) {
    return path;
  }
}
