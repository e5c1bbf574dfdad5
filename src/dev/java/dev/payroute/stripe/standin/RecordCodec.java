package dev.payroute.stripe.standin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Binary records for what the stand-in writes to disk; the streams are in memory, so their IOException is a bug. */
final class RecordCodec {
  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private RecordCodec() {}

  static byte[] encode(int sizeHint, Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static <T> T decode(byte[] record, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
      return reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("a record read back from disk is unreadable", e);
    }
  }

  /** A length-prefixed byte array. */
  static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
    out.writeInt(value.length);
    out.write(value);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] value = new byte[in.readInt()];
    in.readFully(value);
    return value;
  }
}
