package dev.payroute.verifications;

import dev.payroute.json.Json;
import dev.payroute.http.HttpReplies;
import dev.payroute.sql.Database;
import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The optional JSON-file archive of verification records. Files are named only by record id,
 * and a file is served only if its name has exactly that form and it is a plain file in the
 * archive folder: no other name, path or link is ever opened.
 */
public final class VerificationArchive {

    private static final Pattern FILE_NAME = Pattern.compile("verification_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.json");

    private final Database db;
    private final Path folder;

    /** @param folder null when the archive is off */
    private final HttpReplies replies;

    public VerificationArchive(Database db, Path folder, HttpReplies replies) {
        this.replies = replies;
        this.db = db;
        this.folder = folder == null ? null : folder.toAbsolutePath().normalize();
    }

    public boolean enabled() {
        return folder != null;
    }

    /** Writes records not yet archived; returns how many. */
    public int archivePending() {
        if (folder == null) {
            return 0;
        }
        List<Map<String, Object>> rows = db.query("verifications/unarchived", Map.of("limit", 200));
        try {
            Files.createDirectories(folder);
            for (Map<String, Object> row : rows) {
                Map<String, Object> view = VerificationRow.of(row).view();
                Path target = folder.resolve("verification_" + view.get("id") + ".json");
                Path temp = folder.resolve("." + target.getFileName() + ".tmp");
                Files.writeString(temp, Json.write(view), StandardCharsets.UTF_8);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                db.update("verifications/mark-archived", Map.of("id", row.get("id")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the verification archive", e);
        }
        return rows.size();
    }

    /** GET /api/webhook/view-verification?file=... Takes Exchange: it writes the file, or the service's 404 shape. */
    public void view(Exchange exchange) {
        String name = exchange.getMessage().getHeader("file", String.class);
        Path file = resolve(name);
        if (file == null) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("success", false);
            error.put("error", "Verification file not found");
            replies.reply(exchange, 404, "application/json", error);
            return;
        }
        try {
            replies.reply(exchange, 200, "application/json", Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path resolve(String name) {
        if (folder == null || name == null || !FILE_NAME.matcher(name).matches()) {
            return null;
        }
        Path file = folder.resolve(name).normalize();
        if (!file.getParent().equals(folder) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        return file;
    }
}
