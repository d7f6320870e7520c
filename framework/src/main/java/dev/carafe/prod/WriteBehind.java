package dev.carafe.prod;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * The writes of a request served on the I/O thread. The servlet layer waits for a write it sends
 * before the response is complete, and on the I/O thread that wait would never end if the client
 * were slow to read: the thread that would see the socket become writable is the waiting one. So
 * each write is copied, queued and reported done at once; the copies go out one after the other,
 * and the request ends when the app is done and the last one has.
 *
 * <p>The app writes to {@link #response()} and completes {@link #callback()}.
 */
final class WriteBehind extends IteratingCallback {
  private record Chunk(boolean last, ByteBuffer content) {}

  private final Response original;
  private final Callback callback;
  private final Response response;
  private final Callback appCallback = new AppDone();
  private final Queue<Chunk> chunks = new ConcurrentLinkedQueue<>();
  private volatile boolean appDone;

  WriteBehind(Request request, Response original, Callback callback) {
    this.original = original;
    this.callback = callback;
    this.response = new Queued(request, original);
  }

  /** The response the app writes to: its writes are queued. */
  Response response() {
    return response;
  }

  /** The callback the app completes. */
  Callback callback() {
    return appCallback;
  }

  private void write(boolean last, ByteBuffer content, Callback written) {
    if (isFailed() || isAborted()) {
      written.failed(new EofException("The response could not be written."));
      return;
    }
    ByteBuffer copy = null;
    if (content != null) {
      copy = ByteBuffer.allocate(content.remaining()).put(content).flip();
    }
    chunks.add(new Chunk(last, copy));
    iterate();
    written.succeeded();
  }

  @Override
  protected Action process() {
    Chunk next = chunks.poll();
    if (next != null) {
      original.write(next.last, next.content, this);
      return Action.SCHEDULED;
    }
    return appDone ? Action.SUCCEEDED : Action.IDLE;
  }

  @Override
  protected void onCompleteSuccess() {
    callback.succeeded();
  }

  @Override
  protected void onCompleteFailure(Throwable cause) {
    callback.failed(cause);
  }

  @Override
  public InvocationType getInvocationType() {
    return callback.getInvocationType();
  }

  /** The app is done: the request ends after its queued writes; failed, it ends at once. */
  private final class AppDone implements Callback {
    @Override
    public void succeeded() {
      appDone = true;
      iterate();
    }

    @Override
    public void failed(Throwable failure) {
      abort(failure); // false when the request has already ended, and then nothing is left to do
    }

    @Override
    public InvocationType getInvocationType() {
      return callback.getInvocationType();
    }
  }

  private final class Queued extends Response.Wrapper {
    Queued(Request request, Response original) {
      super(request, original);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
      WriteBehind.this.write(last, content, callback);
    }
  }
}
