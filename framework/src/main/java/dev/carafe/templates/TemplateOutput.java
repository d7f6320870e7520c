package dev.carafe.templates;

import io.pebbletemplates.pebble.extension.writer.SpecializedWriter;
import java.io.Writer;

/**
 * A page as a template writes it, in one unsynchronized buffer. Pebble writes a page in hundreds of
 * small pieces: a {@link java.io.StringWriter} takes a lock for each and Pebble wraps it anew for
 * each printed value, while a {@link SpecializedWriter} takes numbers and strings as they are.
 */
final class TemplateOutput extends Writer implements SpecializedWriter {
  private final StringBuilder text;

  TemplateOutput(int capacity) {
    this.text = new StringBuilder(capacity);
  }

  int length() {
    return text.length();
  }

  @Override
  public void writeSpecialized(int i) {
    text.append(i);
  }

  @Override
  public void writeSpecialized(long l) {
    text.append(l);
  }

  @Override
  public void writeSpecialized(double d) {
    text.append(d);
  }

  @Override
  public void writeSpecialized(float f) {
    text.append(f);
  }

  @Override
  public void writeSpecialized(short s) {
    text.append(s);
  }

  @Override
  public void writeSpecialized(byte b) {
    text.append(b);
  }

  @Override
  public void writeSpecialized(char c) {
    text.append(c);
  }

  @Override
  public void writeSpecialized(String s) {
    text.append(s);
  }

  @Override
  public void write(char[] chars, int offset, int length) {
    text.append(chars, offset, length);
  }

  @Override
  public void write(String s, int offset, int length) {
    text.append(s, offset, offset + length);
  }

  @Override
  public void write(int c) {
    text.append((char) c);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  @Override
  public String toString() {
    return text.toString();
  }
}
