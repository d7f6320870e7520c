package dev.carafe.dev;

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
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request whose body was read before it joined the application lane, so a slow upload holds a
 * network thread, never the lane. Multipart bodies are parsed by Jetty up front (it keeps the
 * parts); other bodies are kept in memory up to a limit, the rest streams.
 */
final class BufferedRequest extends HttpServletRequestWrapper {
  /** Javalin's and Jetty's attribute for multipart settings. */
  static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";

  private final InputStream body;

  private BufferedRequest(HttpServletRequest request, byte[] head, InputStream rest) {
    super(request);
    this.body = new SequenceInputStream(new ByteArrayInputStream(head), rest);
  }

  /**
   * Reads the body of {@code request}, up to {@code limit} bytes, and returns the request to use.
   */
  static HttpServletRequest read(HttpServletRequest request, int limit)
      throws IOException, ServletException {
    boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
    if (request.getContentLengthLong() <= 0 && !chunked) {
      return request;
    }
    String type = request.getContentType();
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      if (request.getAttribute(MULTIPART_CONFIG) == null) {
        request.setAttribute(
            MULTIPART_CONFIG,
            new MultipartConfigElement(System.getProperty("java.io.tmpdir"), -1, -1, 1));
      }
      try {
        request.getParts();
      } catch (IOException | ServletException | IllegalStateException malformed) {
        // The app asks for the parts again and answers the error its own way.
      }
      return request;
    }
    InputStream in = request.getInputStream();
    byte[] head = in.readNBytes(limit);
    return new BufferedRequest(request, head, in);
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
