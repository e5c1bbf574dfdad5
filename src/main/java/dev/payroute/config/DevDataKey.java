package dev.payroute.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Outside production only: a data key kept in a local file, so that data sealed by one
 * development run (stored idempotent responses) can still be read by the next.
 */
final class DevDataKey {

    private DevDataKey() {
    }

    /** @return a PAYROUTE_DATA_KEYS value, "dev:base64key" */
    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                try {
                    Files.writeString(Files.createFile(file), "dev:" + Base64.getEncoder().encodeToString(key) + "\n",
                            StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (FileAlreadyExistsException raced) {
                    // Another instance wrote it first; use theirs.
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the development data key " + file, e);
        }
    }
}
