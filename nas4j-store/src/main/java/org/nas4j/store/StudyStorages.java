package org.nas4j.store;

import java.nio.file.Path;
import java.util.Map;
import org.nas4j.study.StudyStorage;

/** Opens a study storage by its location, as configs and commands give it: a PostgreSQL URL or a SQLite file. */
public final class StudyStorages {
    private StudyStorages() {
    }

    /**
     * A PostgreSQL database for {@code postgresql://host[:port]/database?user=NAME} (the password from
     * {@value PostgresLocation#PASSWORD_VARIABLE}), a SQLite file (created when missing) for anything else.
     */
    public static StudyStorage open(String location) {
        if (PostgresLocation.isPostgres(location)) {
            return PostgresStudyStorage.open(PostgresLocation.parse(location));
        }
        return SqliteStudyStorage.open(file(location));
    }

    /** As {@link #open}, for reading only. */
    public static StudyStorage openReadOnly(String location) {
        if (PostgresLocation.isPostgres(location)) {
            return PostgresStudyStorage.openReadOnly(PostgresLocation.parse(location));
        }
        return SqliteStudyStorage.openReadOnly(file(location));
    }

    /** A SQLite file's path; a URL of another database is refused rather than taken for a file name. */
    private static Path file(String location) {
        if (location.contains("://")) {
            throw new StorageException("'" + location + "' is not a storage nas4j knows: give "
                    + "postgresql://host[:port]/database?user=NAME or the path of a SQLite file");
        }
        return Path.of(location);
    }

    /** The location as it may be printed: a URL without anything secret, or the file's path. */
    public static String describe(String location) {
        return PostgresLocation.isPostgres(location) ? PostgresLocation.parse(location, Map.of()).toString()
                : location;
    }
}
