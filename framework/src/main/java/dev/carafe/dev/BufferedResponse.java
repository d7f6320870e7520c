package dev.carafe.dev;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Holds the body the app writes in memory, so the application lane is released before a single byte
 * goes to a possibly slow client, and so HTML can get the live-reload script. Status and headers go
 * straight through; Content-Length is set from the final body.
 */
final class BufferedResponse extends HttpServletResponseWrapper {
  private final HttpServletResponse response;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final Object lock = new Object();
  private OutputStream target = buffer;
  private ServletOutputStream stream;
  private PrintWriter writer;
  private long declaredLength = -1;

  BufferedResponse(HttpServletResponse response) {
    super(response);
    this.response = response;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (stream == null) {
      stream = new Stream();
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (writer == null) {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
    }
    return writer;
  }

  @Override
  public void setContentLength(int length) {
    declaredLength = length;
  }

  @Override
  public void setContentLengthLong(long length) {
    declaredLength = length;
  }

  @Override
  public void setHeader(String name, String value) {
    if (!isContentLength(name)) {
      super.setHeader(name, value);
    } else if (value != null) {
      declaredLength = Long.parseLong(value.trim());
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (isContentLength(name)) {
      setHeader(name, value);
    } else {
      super.addHeader(name, value);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    setHeader(name, String.valueOf(value));
  }

  @Override
  public void addIntHeader(String name, int value) {
    addHeader(name, String.valueOf(value));
  }

  private static boolean isContentLength(String name) {
    return "Content-Length".equalsIgnoreCase(name);
  }

  @Override
  public void flushBuffer() throws IOException {
    synchronized (lock) {
      if (target != buffer) {
        response.flushBuffer();
      }
    }
  }

  @Override
  public void resetBuffer() {
    synchronized (lock) {
      buffer.reset();
    }
    super.resetBuffer();
  }

  @Override
  public void reset() {
    synchronized (lock) {
      buffer.reset();
      declaredLength = -1;
    }
    super.reset();
  }

  /**
   * Sends the held body; {@code version} is set when HTML pages get the live-reload script. The
   * caller has left the application lane.
   */
  void send(boolean head, String version) throws IOException {
    if (writer != null) {
      writer.flush();
    }
    byte[] body = buffer.toByteArray();
    int status = response.getStatus();
    if (response.isCommitted() || status == 204 || status == 304 || status < 200) {
      if (body.length > 0 && !response.isCommitted()) {
        response.getOutputStream().write(body);
      }
      return;
    }
    if (version != null
        && !head
        && status != 206
        && body.length > 0
        && response.getHeader("Content-Encoding") == null
        && LiveReload.isHtml(response.getContentType())) {
      body = LiveReload.inject(body, version);
    }
    response.setContentLengthLong(
        head && body.length == 0 ? Math.max(0, declaredLength) : body.length);
    if (body.length > 0) {
      response.getOutputStream().write(body);
    }
  }

  /**
   * Sends what is held and lets later writes through: the app went asynchronous and finishes on
   * another thread.
   */
  void passThrough() throws IOException {
    synchronized (lock) {
      if (writer != null) {
        writer.flush();
      }
      OutputStream out = response.getOutputStream();
      if (declaredLength >= 0) {
        response.setContentLengthLong(declaredLength);
      }
      buffer.writeTo(out);
      target = out;
    }
  }

  private final class Stream extends ServletOutputStream {
    @Override
    public void write(int b) throws IOException {
      synchronized (lock) {
        target.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (lock) {
        target.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      synchronized (lock) {
        if (target != buffer) {
          target.flush();
        }
      }
    }

    @Override
    public void close() throws IOException {
      synchronized (lock) {
        if (target != buffer) {
          target.close();
        }
      }
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      throw new IllegalStateException(
          "The development server holds response bodies; write them blocking.");
    }
  }
}
