package dev.charter.operations.internal;

import dev.charter.operations.BackupInfo;
import dev.charter.storage.CharterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The backup folder. A backup's name is the time it was made and a random suffix,
 * {@code charter-backup-20261202T033000Z-9f2c41d0.cbk}: it names neither organizations nor people, and
 * the folder itself is the list of backups (the catalog table only adds counts), so a restored
 * database's older catalog cannot hide a newer file or keep an expired one.
 */
@Component
class BackupFolder {

    /** Every backup expires this long after it was made (OPS-1). */
    static final Duration KEEP = Duration.ofDays(30);
    static final String SUFFIX = ".cbk";
    private static final Pattern NAME = Pattern.compile("^charter-backup-(\\d{8}T\\d{6}Z)-([0-9a-f]{8})\\.cbk$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom random = new SecureRandom();

    private final Path dir;
    private final JdbcClient jdbc;

    BackupFolder(BackupSettings settings, CharterSettings charter, JdbcClient jdbc) {
        this.dir = (settings.dir() == null || settings.dir().toString().isBlank() ? charter.dataDir().resolve("backups") : settings.dir())
                .toAbsolutePath().normalize();
        this.jdbc = jdbc;
    }

    Path dir() {
        return dir;
    }

    static String fileName(Instant at) {
        byte[] r = new byte[4];
        random.nextBytes(r);
        return "charter-backup-" + STAMP.format(at) + "-" + HexFormat.of().formatHex(r) + SUFFIX;
    }

    static Instant expiry(Instant createdAt) {
        return createdAt.plus(KEEP);
    }

    /** When the backup named {@code name} was made, if it is a backup's name. */
    static Optional<Instant> createdAt(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.from(STAMP.parse(m.group(1))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The backups in the folder, newest first, with the catalog's counts where it has them. */
    List<BackupInfo> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        Map<String, long[]> counts = new java.util.HashMap<>();
        jdbc.sql("select file_name, tables, rows from operations_backup").query(rs -> {
            counts.put(rs.getString(1), new long[] {rs.getInt(2), rs.getLong(3)});
        });
        List<BackupInfo> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                Optional<Instant> at = createdAt(name);
                if (at.isEmpty() || !Files.isRegularFile(p)) {
                    continue;
                }
                long[] c = counts.getOrDefault(name, new long[] {-1, -1});
                out.add(new BackupInfo(name, at.get(), expiry(at.get()), Files.size(p), (int) c[0], c[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the backup folder " + dir + ": " + e.getMessage(), e);
        }
        out.sort(Comparator.comparing(BackupInfo::createdAt).reversed());
        return out;
    }

    /** Deletes every backup made more than 30 days before {@code now}, file and catalog row; answers how many files. */
    long deleteExpired(Instant now, int limit) {
        long n = 0;
        for (BackupInfo b : list()) {
            if (n >= limit) {
                break;
            }
            if (!b.expiresAt().isAfter(now)) {
                try {
                    Files.deleteIfExists(dir.resolve(b.fileName()));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot delete the expired backup " + b.fileName() + ": " + e.getMessage(), e);
                }
                n++;
            }
        }
        // the catalog follows the folder: rows of expired (or restored-away) files go too
        jdbc.sql("delete from operations_backup where expires_at <= ?").param(java.sql.Timestamp.from(now)).update();
        return n;
    }
}
