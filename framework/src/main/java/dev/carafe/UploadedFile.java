package dev.carafe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A file uploaded in a multipart form, Werkzeug's {@code FileStorage}: its name as the client gave
 * it, its declared type and size, and its content as a stream, as bytes, or saved to a path.
 *
 * <pre>{@code
 * UploadedFile photo = req.file("photo").orElseThrow(() -> Carafe.abort(400, "No photo."));
 * photo.saveTo(uploads.resolve(UUID.randomUUID() + ".jpg"));
 * }</pre>
 */
public final class UploadedFile {
  private final io.javalin.http.UploadedFile file;

  UploadedFile(io.javalin.http.UploadedFile file) {
    this.file = file;
  }

  /**
   * The file name the client sent. Never use it as a path as it is: it may hold {@code ..} or
   * slashes; pick your own name, or keep only safe characters.
   */
  public String filename() {
    return file.filename();
  }

  /** The content type the client declared, such as {@code image/png}; empty when it sent none. */
  public Optional<String> contentType() {
    return Optional.ofNullable(file.contentType()).filter(t -> !t.isBlank());
  }

  /** The size in bytes. */
  public long size() {
    return file.size();
  }

  /** The content as a stream, from the start; close it when done. */
  public InputStream content() {
    return file.content();
  }

  /** The whole content in memory: for small files only. */
  public byte[] bytes() throws IOException {
    try (InputStream in = file.content()) {
      return in.readAllBytes();
    }
  }

  /** Writes the content to {@code target}, replacing a file there; returns the target. */
  public Path saveTo(Path target) throws IOException {
    try (InputStream in = file.content()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }

  @Override
  public String toString() {
    return "UploadedFile[" + filename() + ", " + size() + " bytes]";
  }
}
