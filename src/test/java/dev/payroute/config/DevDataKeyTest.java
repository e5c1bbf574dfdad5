package dev.payroute.config;

import dev.payroute.security.DataCipher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DevDataKeyTest {

    @Test
    void a_generated_key_is_kept_so_the_next_run_opens_what_this_one_sealed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/dev-data-key");
        String sealed = DataCipher.parse(DevDataKey.readOrCreate(file)).seal("stored response");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("stored response", DataCipher.parse(DevDataKey.readOrCreate(file)).open(sealed));
    }
}
