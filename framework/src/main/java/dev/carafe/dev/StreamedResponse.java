package dev.carafe.dev;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The response an app writes in development: it goes to the client as it is written, as in
 * production, while HTML pages get the live-reload script on the way (see {@link ScriptInjector}).
 * Whether a body is such a page is decided at its first byte, when its status and headers are
 * known; until then a declared Content-Length is held, since the script makes the page longer.
 *
 * <p>Its length is the servlet response contract it must honour in full (headers, writers, streams,
 * commits, resets), as any servlet response wrapper must.
 */
final class StreamedResponse extends HttpServletResponseWrapper {
  /** What happens to the body's bytes. Only forward, except that a reset starts over. */
  private enum Body {
    /** Nothing written yet. */
    UNDECIDED,
    /** Straight to the client. */
    PLAIN,
    /** Through the script injector. */
    PAGE,
    /** Complete: the script, if any, is written. */
    FINISHED,
    /** Failed after its start went out; the connection is aborted. */
    ABANDONED
  }

  private final HttpServletResponse response;
  private final String version;
  private final Consumer<Throwable> abort;
  private final Object lock = new Object();
  private Body body = Body.UNDECIDED;
  private boolean inService = true;
  private Throwable failure;
  private long declaredLength = -1;
  private ServletOutputStream client;
  private ScriptInjector page;
  private Stream stream;
  private PrintWriter writer;

  /**
   * Wraps {@code response}; HTML gets the script of {@code version} (none when null); {@code abort}
   * ends the connection of a response that fails after it began.
   */
  StreamedResponse(HttpServletResponse response, String version, Consumer<Throwable> abort) {
    super(response);
    this.response = response;
    this.version = version;
    this.abort = abort;
  }

  /**
   * Ends a response that failed: false when nothing was sent yet (the body is dropped, so an error
   * page can take its place), true when it had begun, in which case its connection is aborted so
   * the client sees it cut off rather than complete.
   */
  static boolean abandonIfStarted(HttpServletResponse response, Throwable failure) {
    if (!response.isCommitted()) {
      response.resetBuffer();
      return false;
    }
    if (response instanceof StreamedResponse streamed) {
      streamed.abandon(failure);
    }
    return true;
  }

  private void abandon(Throwable failure) {
    synchronized (lock) {
      if (body == Body.ABANDONED) {
        return;
      }
      body = Body.ABANDONED;
      if (inService) {
        // Aborting under the app's servlet would trip its own completion; the server does it next.
        this.failure = failure;
      } else {
        abort.accept(failure);
      }
    }
  }

  /**
   * Tells the response the app's servlet returned: one abandoned meanwhile is aborted now, and true
   * is returned; from here on an abandoned response is aborted at once.
   */
  boolean serviceReturned() {
    synchronized (lock) {
      inService = false;
      if (failure != null) {
        abort.accept(failure);
        failure = null;
        return true;
      }
      return false;
    }
  }

  /** Writes what the page still owes (the script, what was held for it). */
  void finish() throws IOException {
    synchronized (lock) {
      if (body == Body.ABANDONED || body == Body.FINISHED) {
        return;
      }
      if (writer != null) {
        writer.flush();
      }
      if (body == Body.UNDECIDED) {
        plain();
      } else if (body == Body.PAGE) {
        page.finish();
      }
      body = Body.FINISHED;
    }
  }

  /**
   * The app went asynchronous and writes on from other threads, with no end in sight here: the rest
   * of the body goes straight to the client, without the script.
   */
  void passThrough() throws IOException {
    synchronized (lock) {
      if (body == Body.UNDECIDED) {
        plain();
      } else if (body == Body.PAGE) {
        page.passThrough();
        body = Body.PLAIN;
      }
    }
  }

  private void decide() throws IOException {
    if (body != Body.UNDECIDED) {
      return;
    }
    int status = response.getStatus();
    if (version != null
        && status >= 200
        && status != 204
        && status != 206
        && status != 304
        && response.getHeader("Content-Encoding") == null
        && LiveReload.isHtml(response.getContentType())) {
      page =
          new ScriptInjector(client(), LiveReload.script(version).getBytes(StandardCharsets.UTF_8));
      body = Body.PAGE;
    } else {
      plain();
    }
  }

  private void plain() {
    body = Body.PLAIN;
    if (declaredLength >= 0) {
      response.setContentLengthLong(declaredLength);
    }
  }

  private ServletOutputStream client() throws IOException {
    if (client == null) {
      client = response.getOutputStream();
    }
    return client;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    synchronized (lock) {
      if (stream == null) {
        stream = new Stream();
      }
      return stream;
    }
  }

  @Override
  public PrintWriter getWriter() {
    synchronized (lock) {
      if (writer == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset));
      }
      return writer;
    }
  }

  @Override
  public void setContentLength(int length) {
    declare(length);
  }

  @Override
  public void setContentLengthLong(long length) {
    declare(length);
  }

  @Override
  public void setHeader(String name, String value) {
    if (isContentLength(name)) {
      declare(value == null ? -1 : Long.parseLong(value.trim()));
    } else {
      super.setHeader(name, value);
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

  /** A length the app declares: held until the body's kind is known, dropped for a page. */
  private void declare(long length) {
    synchronized (lock) {
      declaredLength = length;
      if (body == Body.PLAIN || body == Body.FINISHED) {
        response.setContentLengthLong(length);
      }
    }
  }

  @Override
  public void flushBuffer() throws IOException {
    synchronized (lock) {
      if (writer != null) {
        writer.flush();
      }
      getOutputStream().flush();
      response.flushBuffer();
    }
  }

  /** Drops the body written so far, and the length declared for it. */
  @Override
  public void resetBuffer() {
    synchronized (lock) {
      response.resetBuffer();
      startOver();
    }
  }

  @Override
  public void reset() {
    synchronized (lock) {
      response.reset();
      startOver();
    }
  }

  private void startOver() {
    if (body == Body.ABANDONED) {
      return;
    }
    body = Body.UNDECIDED;
    page = null;
    writer = null;
    if (declaredLength >= 0) {
      declaredLength = -1;
      response.setContentLengthLong(-1);
    }
  }

  private final class Stream extends ServletOutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      synchronized (lock) {
        if (len == 0) {
          return;
        }
        decide();
        switch (body) {
          case PAGE -> page.write(b, off, len);
          case ABANDONED ->
              throw new IOException("The response failed and its connection is closed.");
          default -> client().write(b, off, len);
        }
      }
    }

    @Override
    public void flush() throws IOException {
      synchronized (lock) {
        decide();
        switch (body) {
          case PAGE -> page.flush();
          case ABANDONED -> {}
          default -> client().flush();
        }
      }
    }

    @Override
    public void close() throws IOException {
      synchronized (lock) {
        if (body != Body.ABANDONED) {
          finish();
          client().close();
        }
      }
    }

    @Override
    public boolean isReady() {
      synchronized (lock) {
        try {
          return client().isReady();
        } catch (IOException e) {
          return true; // the next write reports it
        }
      }
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      synchronized (lock) {
        try {
          passThrough();
          client().setWriteListener(listener);
        } catch (IOException e) {
          listener.onError(e);
        }
      }
    }
  }
}
