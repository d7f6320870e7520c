package dev.carafe;

import io.javalin.http.Context;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.MultiPartFormData;

/**
 * One request's body as Carafe reads it: each way of reading bounded by {@link BodyLimits} and
 * charged to the app's {@link BodyBudget} before a byte is read, read once, and given back when the
 * request ends. Media types are matched exactly, so a near-miss such as {@code
 * application/x-www-form-urlencodedx} is never taken for a form.
 */
final class RequestBody {
  static final String FORM = "application/x-www-form-urlencoded";
  static final String MULTIPART = "multipart/form-data";

  /** A body of unknown length is read, and charged, this much at a time. */
  private static final int CHUNK_BYTES = 64 * 1024;

  /** A CSRF token is 86 characters; a part claiming to be one that is larger is not read. */
  private static final int MAX_TOKEN_BYTES = 1024;

  private final Context ctx;
  private final BodyLimits limits;
  private long charged;
  private boolean partsParsed;
  private byte[] bytes;
  private Map<String, List<String>> fields;

  RequestBody(Context ctx, BodyLimits limits) {
    this.ctx = ctx;
    this.limits = limits;
  }

  /** The media type without parameters, lower case; empty when none was sent. */
  String mediaType() {
    String type = ctx.req().getContentType();
    return type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  /** The whole body, up to {@code max_content_length}. */
  byte[] bytes() throws IOException {
    if (bytes == null) {
      long max = limits.maxContentLength;
      bytes = read(max, () -> bodyTooLarge(max));
    }
    return bytes;
  }

  /** The fields of an urlencoded or multipart form (files aside); empty for any other body. */
  Map<String, List<String>> fields() throws IOException, ServletException {
    if (fields == null) {
      String type = mediaType();
      fields =
          type.equals(FORM) ? urlencoded() : type.equals(MULTIPART) ? multipartFields() : Map.of();
    }
    return fields;
  }

  /** The parts of a multipart body: small ones in memory, the rest spooled to disk. */
  Collection<Part> parts() throws IOException, ServletException {
    HttpServletRequest req = ctx.req();
    if (partsParsed) {
      return req.getParts();
    }
    // The most the parse can hold, reserved while it runs; then what it holds once it is done.
    long reserved = limits.multipartMemory(req.getContentLengthLong());
    charge(reserved);
    req.setAttribute(BodyLimits.MULTIPART_CONFIG, limits.multipart());
    Collection<Part> parts;
    try {
      parts = req.getParts();
    } catch (IOException | ServletException | RuntimeException failed) {
      forgetFailedParse(req);
      throw failed;
    }
    partsParsed = true;
    long inMemory = 0;
    for (Part part : parts) {
      inMemory += part.getSize() <= BodyLimits.IN_MEMORY_PART_BYTES ? part.getSize() : 0;
    }
    uncharge(reserved - Math.min(reserved, inMemory));
    return parts;
  }

  /**
   * Takes a failed parse off the request; asking for the parts again still fails the same way.
   * Jetty's cleanup when the request ends joins the parse it finds there and, on a failed one (a
   * cut, a part too large), throws its failure again after the answer went out, which logs a
   * warning and aborts the response. The parser deleted its files when it failed: nothing is lost.
   */
  private static void forgetFailedParse(HttpServletRequest req) {
    req.removeAttribute(MultiPartFormData.class.getName());
  }

  /**
   * One field for the CSRF check, read without the rest of a multipart body: only a form field of
   * its own name, small enough to be a token, counts.
   */
  Optional<String> token(String name) throws IOException, ServletException {
    String type = mediaType();
    if (type.equals(FORM)) {
      return Optional.ofNullable(fields().get(name)).flatMap(v -> v.stream().findFirst());
    }
    if (!type.equals(MULTIPART)) {
      return Optional.empty();
    }
    for (Part part : parts()) {
      if (part.getName().equals(name)
          && part.getSubmittedFileName() == null
          && part.getSize() <= MAX_TOKEN_BYTES) {
        try (InputStream in = part.getInputStream()) {
          return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * What a failed body read answers: its own status when it has one (413, 408), else a 400 (the
   * client went away or sent a broken body), never a 500.
   */
  static RuntimeException unreadable(Exception failure) {
    return BodyLimits.asAbort(failure) instanceof HttpAbort abort
        ? abort
        : new HttpAbort(400, "The request body could not be read: " + failure.getMessage());
  }

  /** Gives back what this request charged to the budget. */
  void release() {
    limits.budget.release(charged);
    charged = 0;
  }

  private Map<String, List<String>> urlencoded() throws IOException {
    // A form is a body too: the smaller limit holds, and is the one its 413 names.
    long max = Math.min(limits.maxFormMemorySize, limits.maxContentLength);
    Charset charset = charset();
    byte[] form =
        read(max, () -> max < limits.maxFormMemorySize ? bodyTooLarge(max) : formTooLarge(max));
    return UrlEncodedDecoder.decode(form, charset, limits.maxFormParts);
  }

  private Map<String, List<String>> multipartFields() throws IOException, ServletException {
    List<Part> fieldParts = new ArrayList<>();
    long size = 0;
    for (Part part : parts()) {
      if (part.getSubmittedFileName() == null) {
        fieldParts.add(part);
        size += part.getSize();
      }
    }
    long max = limits.maxFormMemorySize;
    if (size > max) {
      throw formTooLarge(max);
    }
    charge(size);
    Map<String, List<String>> decoded = new LinkedHashMap<>();
    for (Part part : fieldParts) {
      try (InputStream in = part.getInputStream()) {
        decoded
            .computeIfAbsent(part.getName(), x -> new ArrayList<>(1))
            .add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return decoded;
  }

  static final String FIELDS_TOO_LARGE =
      "The form's fields are larger than the limit (max_form_memory_size); send large content as"
          + " a file in a multipart/form-data upload.";

  private static HttpAbort bodyTooLarge(long max) {
    return new HttpAbort(413, "The request body is larger than the limit of " + max + " bytes.");
  }

  private static HttpAbort formTooLarge(long max) {
    return new HttpAbort(
        413, FIELDS_TOO_LARGE.replace("the limit", "the limit of " + max + " bytes"));
  }

  /**
   * Reads the body into memory, at most {@code max} bytes: refused before reading when its declared
   * length is larger, and charged to the budget before it is read (as it arrives when its length is
   * not declared).
   */
  private byte[] read(long max, Supplier<HttpAbort> tooLarge) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > max) {
      throw tooLarge.get();
    }
    InputStream in = ctx.req().getInputStream();
    if (declared >= 0) {
      charge(declared);
      byte[] body = new byte[(int) declared];
      int n = in.readNBytes(body, 0, body.length);
      return n == body.length ? body : Arrays.copyOf(body, n);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] chunk = new byte[CHUNK_BYTES];
    for (int n = CHUNK_BYTES; n == CHUNK_BYTES; ) {
      charge(CHUNK_BYTES);
      n = in.readNBytes(chunk, 0, CHUNK_BYTES);
      uncharge(CHUNK_BYTES - n);
      body.write(chunk, 0, n);
      if (body.size() > max) {
        throw tooLarge.get();
      }
    }
    return body.toByteArray();
  }

  private void charge(long bytes) {
    limits.budget.charge(bytes);
    charged += bytes;
  }

  private void uncharge(long bytes) {
    limits.budget.release(bytes);
    charged -= bytes;
  }

  private Charset charset() {
    String name = ctx.req().getCharacterEncoding();
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new HttpAbort(415, "Unsupported charset '" + name + "'.");
    }
  }
}
