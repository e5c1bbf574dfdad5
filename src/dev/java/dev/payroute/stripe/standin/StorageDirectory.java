package dev.payroute.stripe.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder of one stand-in's on-disk data: made under a parent folder on first use (most test
 * stand-ins never write), deleted with everything in it on close, and at JVM exit when an owner forgot
 * to close.
 */
final class StorageDirectory implements AutoCloseable {
  private static final Set<StorageDirectory> OPEN = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(StorageDirectory::close),
        "stripe-standin-storage-cleanup"));
  }

  private final Path parent;
  private Path path;
  private boolean closed;

  StorageDirectory(Path parent) {
    this.parent = parent;
  }

  /** The folder, made now if it does not exist yet. */
  synchronized Path path() {
    if (closed) {
      throw new IllegalStateException("the stand-in's storage is closed");
    }
    if (path == null) {
      try {
        Files.createDirectories(parent);
        path = Files.createTempDirectory(parent, "payroute-standin-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make the stand-in's storage folder in " + parent, e);
      }
      OPEN.add(this);
    }
    return path;
  }

  /** The folder if it was made, else null. */
  synchronized Path pathIfMade() {
    return path;
  }

  @Override
  public synchronized void close() {
    OPEN.remove(this);
    if (closed || path == null) {
      closed = true;
      return;
    }
    closed = true;
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException) {
            return FileVisitResult.CONTINUE; // its log deleted it meanwhile (both run at JVM exit)
          }
          throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the stand-in's storage folder " + path, e);
    }
  }
}
