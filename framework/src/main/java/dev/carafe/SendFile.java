package dev.carafe;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;

/**
 * Flask's {@code send_file} and {@code send_from_directory}: a file as a response, with ETag,
 * Last-Modified, 304s and byte ranges, streamed from disk.
 *
 * <pre>{@code
 * app.get("/uploads/<path:name>", req -> SendFile.fromDirectory(req, uploads, req.param("name")));
 * }</pre>
 */
public final class SendFile {
  private SendFile() {}

  /** A file the app chose (never a path a client typed: use {@link #fromDirectory} for those). */
  public static Response file(Request request, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new HttpAbort(404, "No such file.");
    }
    Path parent = file.toAbsolutePath().getParent();
    return fromDirectory(request, parent, file.getFileName().toString());
  }

  /**
   * A file named by the client, looked up inside {@code directory}: parent segments, absolute
   * paths, hidden files and links that lead outside are a 404, never a file elsewhere.
   */
  public static Response fromDirectory(Request request, Path directory, String name)
      throws IOException {
    StaticView.Found found =
        StaticView.inDirectory(directory, name)
            .orElseThrow(() -> new HttpAbort(404, "No such file."));
    return FileResponse.of(
            request,
            found.source(),
            found.size(),
            found.lastModified(),
            StaticView.contentType(name))
        .header("Cache-Control", "no-cache");
  }

  /**
   * Makes a file response a download saved as {@code filename} (RFC 6266, any characters): the name
   * in UTF-8 as {@code filename*}, and for old clients an ASCII {@code filename} made as Werkzeug
   * makes it ({@code Café.csv} becomes {@code Cafe.csv}).
   */
  public static Response asAttachment(Response response, String filename) {
    String ascii =
        Normalizer.normalize(filename, Normalizer.Form.NFKD)
            .replaceAll("[^\\x20-\\x7e]", "")
            .replaceAll("[\"\\\\]", "_");
    // URLEncoder leaves "*" as is, which RFC 5987 does not allow in a value.
    String encoded =
        URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
    return response.header(
        "Content-Disposition",
        "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded);
  }
}
