package dev.carafe.dev;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.eclipse.jetty.http.MultiPartFormData;

/**
 * A request whose body was read before it joined the application lane, so a slow upload holds a
 * network thread, never the lane. The body is read up to one byte past the app's {@code
 * max_content_length}, enough for the app to refuse it as it would in production; a body declared
 * larger is not read at all. Small bodies stay in memory, larger ones in a temporary file that
 * {@link #close} deletes; multipart bodies are parsed by Jetty up front with the app's own
 * multipart settings (it keeps the parts, spooling the large ones to disk).
 */
final class BufferedRequest extends HttpServletRequestWrapper {
  /** Javalin's and Jetty's attribute for multipart settings. */
  static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  /**
   * Bodies up to this size stay in memory; larger ones go to a temporary file. Small, because every
   * body being read holds this much at most, however many arrive at once.
   */
  static final int IN_MEMORY = 64 * 1024;

  private final InputStream body;

  private BufferedRequest(HttpServletRequest request, InputStream body) {
    super(request);
    this.body = body;
  }

  /**
   * True when {@code request} has a body to read: one is coming, and its declared length alone does
   * not make the app refuse it.
   */
  static boolean hasBody(HttpServletRequest request, long limit) {
    boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
    long declared = request.getContentLengthLong();
    return (declared > 0 || chunked) && declared <= limit;
  }

  /**
   * Reads the body of {@code request}, up to {@code limit} bytes and one more (a multipart body
   * with {@code multipart}, the app's settings), and returns the request to use; {@link #close} it
   * when the request is over.
   */
  static HttpServletRequest read(
      HttpServletRequest request, long limit, MultipartConfigElement multipart)
      throws IOException, ServletException {
    if (!hasBody(request, limit)) {
      return request;
    }
    String type = request.getContentType();
    if (type != null && type.split(";", 2)[0].trim().equalsIgnoreCase("multipart/form-data")) {
      request.setAttribute(MULTIPART_CONFIG, multipart);
      try {
        request.getParts();
      } catch (IOException | ServletException | RuntimeException malformed) {
        // The app asks for the parts again, gets the same failure and answers it its own way.
        // Jetty's cleanup at the request's end would throw a failed parse it finds again, after
        // the answer, and log a warning: the servlet layer keeps its own copy for the app.
        request.removeAttribute(MultiPartFormData.class.getName());
      }
      return request;
    }
    InputStream in = request.getInputStream();
    long most = limit == Long.MAX_VALUE ? limit : limit + 1;
    byte[] head = in.readNBytes((int) Math.min(most, IN_MEMORY));
    if (head.length < IN_MEMORY || head.length == most) {
      return new BufferedRequest(request, new ByteArrayInputStream(head));
    }
    return new BufferedRequest(request, spill(head, in, most));
  }

  /** Writes the body to a temporary file, deleted when its stream is closed. */
  private static InputStream spill(byte[] head, InputStream in, long most) throws IOException {
    Path file = Files.createTempFile("carafe-body-", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(file)) {
        out.write(head);
        byte[] buffer = new byte[64 * 1024];
        long left = most - head.length;
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
          out.write(buffer, 0, n);
          left -= n;
        }
      }
      return Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /** Deletes the body's temporary file, if {@code request} has one. */
  static void close(HttpServletRequest request) throws IOException {
    if (request instanceof BufferedRequest buffered) {
      buffered.body.close();
    }
  }

  /** {@link #close} for a request the app finishes asynchronously, once it is complete. */
  static void closeOnceComplete(HttpServletRequest request) throws IOException {
    if (!(request instanceof BufferedRequest buffered)) {
      return;
    }
    try {
      request
          .getAsyncContext()
          .addListener(
              new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) throws IOException {
                  buffered.body.close();
                }

                @Override
                public void onTimeout(AsyncEvent event) {}

                @Override
                public void onError(AsyncEvent event) {}

                @Override
                public void onStartAsync(AsyncEvent event) {}
              });
    } catch (IllegalStateException alreadyComplete) {
      buffered.body.close();
    }
  }

  @Override
  public ServletInputStream getInputStream() {
    return new ServletInputStream() {
      private boolean finished;

      @Override
      public int read() throws IOException {
        int b = body.read();
        finished = b < 0;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = body.read(b, off, len);
        finished = n < 0;
        return n;
      }

      @Override
      public boolean isFinished() {
        return finished;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new IllegalStateException("The development server reads request bodies up front.");
      }
    };
  }

  @Override
  public BufferedReader getReader() {
    String encoding = getCharacterEncoding();
    Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    return new BufferedReader(new InputStreamReader(getInputStream(), charset));
  }
}
