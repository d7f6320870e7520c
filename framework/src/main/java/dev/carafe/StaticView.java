package dev.carafe;

import dev.carafe.internal.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.http.MimeTypes;

/**
 * Serves the files of a static folder: from {@code resource_root} on disk when set (the dev server
 * points it at the source tree, so edits show at once), else from the class path. Answers
 * conditional and range requests; a URL built by {@code url_for("static", ...)} carries a content
 * hash ({@code ?v=}), and a request with the current hash may be cached for a year.
 *
 * <p>A file inside a jar is looked up once for the app's life: a jar does not change under a
 * running app, and opening it again for every page that links the file cost a quarter of a page's
 * time. A file in a folder is looked up on every use, so an edit shows at once.
 */
final class StaticView implements View {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final MimeTypes MIME = new MimeTypes();

  private final Carafe app;
  private final String folder;
  private final Map<String, Version> versions = new ConcurrentHashMap<>();
  // Only files that exist: the names clients ask for that do not are unbounded.
  private final Map<String, Found> inJars = new ConcurrentHashMap<>();

  StaticView(Carafe app, String folder) {
    this.app = app;
    this.folder = folder;
  }

  /**
   * A file found in a folder: how to read it, its size and modification time, and whether it is an
   * entry of a jar.
   */
  record Found(FileResponse.Source source, long size, long lastModified, boolean inJar) {
    Found(FileResponse.Source source, long size, long lastModified) {
      this(source, size, lastModified, false);
    }
  }

  /** The content hash of one version of a file. */
  private record Version(long size, long lastModified, String hash) {}

  @Override
  public Object handle(Request request) throws Exception {
    String name = request.param("filename");
    Found found = lookUp(name).orElseThrow(() -> new HttpAbort(404, "No such file: " + name));
    Response response =
        FileResponse.of(
            request, found.source(), found.size(), found.lastModified(), contentType(name));
    Optional<String> wanted = request.args().get("v");
    boolean current = wanted.isPresent() && wanted.get().equals(version(name, found));
    // Without the current hash the URL may point at new content tomorrow: revalidate each time.
    return response.header("Cache-Control", current ? IMMUTABLE : "no-cache");
  }

  static String contentType(String name) {
    String type =
        Optional.ofNullable(MIME.getMimeByExtension(name)).orElse("application/octet-stream");
    if (type.startsWith("text/")
        || type.equals("application/javascript")
        || type.equals("application/json")
        || type.equals("image/svg+xml")) {
      type += "; charset=utf-8";
    }
    return type;
  }

  /** {@link #find} for this view's folder, remembering the files found inside jars. */
  private Optional<Found> lookUp(String name) throws IOException {
    Found known = inJars.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<Found> found = find(app, folder, name);
    found.filter(Found::inJar).ifPresent(file -> inJars.put(name, file));
    return found;
  }

  /** Looks a file up safely: no parent segments, no absolute paths, nothing outside the folder. */
  static Optional<Found> find(Carafe app, String folder, String name) throws IOException {
    if (!isSafe(name)) {
      return Optional.empty();
    }
    Optional<String> root = app.config().get("resource_root").filter(r -> !r.isBlank());
    if (root.isPresent()) {
      return inDirectory(Path.of(root.get()).resolve(folder), name);
    }
    URL url = Thread.currentThread().getContextClassLoader().getResource(folder + "/" + name);
    if (url == null) {
      url = Carafe.class.getClassLoader().getResource(folder + "/" + name);
    }
    if (url == null || url.getPath().endsWith("/")) {
      return Optional.empty();
    }
    URLConnection connection = url.openConnection();
    connection.setUseCaches(false); // a cached JarURLConnection would keep the jar open
    long size = connection.getContentLengthLong();
    long lastModified = connection.getLastModified();
    connection.getInputStream().close();
    if (size < 0) {
      return Optional.empty(); // a directory inside a jar
    }
    URL resource = url;
    return Optional.of(
        new Found(
            offset -> {
              URLConnection c = resource.openConnection();
              c.setUseCaches(false);
              InputStream in = c.getInputStream();
              in.skipNBytes(offset);
              return in;
            },
            size,
            lastModified,
            "jar".equals(url.getProtocol())));
  }

  /** A regular file under {@code directory}, after resolving links; empty for anything else. */
  static Optional<Found> inDirectory(Path directory, String name) throws IOException {
    if (!isSafe(name)) {
      return Optional.empty();
    }
    Path base = directory.toAbsolutePath().normalize();
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
            offset -> {
              SeekableByteChannel channel = Files.newByteChannel(real);
              channel.position(offset);
              return Channels.newInputStream(channel);
            },
            Files.size(real),
            Files.getLastModifiedTime(real).toMillis()));
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

  /**
   * The first 8 hex digits of the file's SHA-256, computed once per version of the file: a stat per
   * call in a folder (so edits in development get a new hash), nothing for a file in a jar.
   */
  private String version(String name, Found found) throws IOException {
    Version known = versions.get(name);
    if (known != null
        && known.size() == found.size()
        && known.lastModified() == found.lastModified()) {
      return known.hash();
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    try (InputStream in = found.source().open(0)) {
      byte[] buffer = new byte[16 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    String hash = HexFormat.of().formatHex(sha256.digest(), 0, 4);
    versions.put(name, new Version(found.size(), found.lastModified(), hash));
    return hash;
  }

  /**
   * Adds {@code v=<content hash>} to a URL built for a static endpoint (the app's or a
   * blueprint's), so browsers may cache it for a year and still see a new version the moment the
   * file changes. A missing file gets no hash (its URL answers 404 anyway).
   */
  static String versioned(Carafe app, String path, Map<String, ?> values) {
    Object filename = values.get("filename");
    if (filename == null || values.containsKey("v")) {
      return path;
    }
    int query = path.indexOf('?');
    String route = query < 0 ? path : path.substring(0, query);
    // The route the URL leads to names the folder: the app's static/ or a blueprint's.
    if (!(app.router().match("GET", route) instanceof Router.Found<Route> found)
        || !(found.entry().target().view() instanceof StaticView view)) {
      return path;
    }
    try {
      String name = String.valueOf(filename);
      Optional<Found> file = view.lookUp(name);
      if (file.isEmpty()) {
        return path;
      }
      return path + (query < 0 ? "?" : "&") + "v=" + view.version(name, file.get());
    } catch (IOException e) {
      return path;
    }
  }
}
