package dev.carafe.dev;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Passes an HTML body through as it is written and puts the live-reload script before its last
 * {@code </body>}. Only what follows a {@code </body>} is held back, until the next one or the end
 * of the page; past {@link #HOLD} bytes it goes on and the script lands at the very end, where
 * browsers run it just the same. {@link #flush()} sends everything else.
 */
final class ScriptInjector extends OutputStream {
  /** The most bytes after a {@code </body>} held back before giving up on that spot. */
  static final int HOLD = 4096;

  private static final byte[] TAG = "</body".getBytes(StandardCharsets.US_ASCII);

  /** SCANNING looks for the spot; PASSING lets everything through; FINISHED wrote the script. */
  private enum Mode {
    SCANNING,
    PASSING,
    FINISHED
  }

  private final OutputStream out;
  private final byte[] script;
  private final byte[] partial = new byte[TAG.length];
  private final ByteArrayOutputStream tail = new ByteArrayOutputStream();
  private Mode mode = Mode.SCANNING;
  private int matched;
  private boolean holding;

  ScriptInjector(OutputStream out, byte[] script) {
    this.out = out;
    this.script = script;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (mode != Mode.SCANNING) {
      out.write(b, off, len);
      return;
    }
    int end = off + len;
    int run = off; // bytes from here on are placed as one run
    for (int i = off; i < end; i++) {
      byte c = b[i];
      if (matched == 0) {
        if (c == '<') {
          place(b, run, i - run);
          partial[matched++] = c;
          run = i + 1;
        }
      } else if (Character.toLowerCase((char) c) == TAG[matched]) {
        partial[matched++] = c;
        run = i + 1;
        if (matched == TAG.length) {
          bodyEndFound();
        }
      } else {
        // '<' opens the tag and appears nowhere else in it: a broken match restarts only on '<'.
        place(partial, 0, matched);
        matched = 0;
        if (c == '<') {
          partial[matched++] = c;
          run = i + 1;
        } else {
          run = i;
        }
      }
    }
    if (matched == 0) {
      place(b, run, end - run);
    }
  }

  /** A later {@code </body>} is the new spot: what was held goes out. */
  private void bodyEndFound() throws IOException {
    if (holding) {
      tail.writeTo(out);
      tail.reset();
    }
    tail.write(partial, 0, matched);
    matched = 0;
    holding = true;
  }

  private void place(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    if (!holding) {
      out.write(b, off, len);
      return;
    }
    tail.write(b, off, len);
    if (tail.size() > HOLD) {
      tail.writeTo(out);
      tail.reset();
      holding = false;
    }
  }

  /** Sends what is written, except the bytes held for the script's spot. */
  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes the script into its spot and what was held after it; later writes pass through. */
  void finish() throws IOException {
    if (mode != Mode.SCANNING) {
      return;
    }
    place(partial, 0, matched);
    matched = 0;
    out.write(script);
    if (holding) {
      tail.writeTo(out);
      tail.reset();
      holding = false;
    }
    mode = Mode.FINISHED;
  }

  /** Gives up on the script: what was held goes out, and later writes pass straight through. */
  void passThrough() throws IOException {
    if (mode != Mode.SCANNING) {
      return;
    }
    place(partial, 0, matched);
    matched = 0;
    if (holding) {
      tail.writeTo(out);
      tail.reset();
      holding = false;
    }
    mode = Mode.PASSING;
  }

  /** Finishes the page and closes the stream underneath. */
  @Override
  public void close() throws IOException {
    finish();
    out.close();
  }
}
