package org.nas4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.store.StorageException;
import org.nas4j.study.StudyStorage.StudyInfo;

/** Finds a study file and reads its studies, opening it only to read: a report must not change the file. */
public final class StudyFile {
    /** The name {@code ./nas4j search} gives the study file in its folder. */
    public static final String FILE_NAME = "study.db";

    private StudyFile() {
    }

    /** The study file a user means: the file itself, or study.db in the folder given. */
    public static Path locate(Path given) {
        if (Files.isDirectory(given)) {
            Path file = given.resolve(FILE_NAME);
            if (!Files.isRegularFile(file)) {
                throw new UserInputException(given + " holds no " + FILE_NAME + ": give the folder that "
                        + "'./nas4j search' wrote (its --out), or the study file itself");
            }
            return file;
        }
        if (!Files.exists(given)) {
            throw new UserInputException(given + " does not exist: give a study folder (holding " + FILE_NAME
                    + ", as './nas4j search --out DIR' writes it) or the study file itself");
        }
        return given;
    }

    /** The study file opened to read only: a command that reads a study never writes to its file. */
    public static SqliteStudyStorage openReadOnly(Path file) {
        try {
            SqliteStudyStorage storage = SqliteStudyStorage.openReadOnly(file);
            try {
                requireStudies(file, storage.studies());
            } catch (RuntimeException e) {
                storage.close();
                throw e;
            }
            return storage;
        } catch (StorageException e) {
            throw notAStudyFile(file, e);
        }
    }

    private static UserInputException notAStudyFile(Path file, StorageException e) {
        return new UserInputException(file + " is not a nas4j study file (" + e.getMessage() + "): give the "
                + FILE_NAME + " that './nas4j search' wrote", e);
    }

    private static void requireStudies(Path file, List<StudyInfo> studies) {
        if (studies.isEmpty()) {
            throw new UserInputException(file + " holds no study yet: run './nas4j search CONFIG --out DIR' first");
        }
    }

    /** The study named, or the only one when no name is given. */
    public static StudyInfo choose(Path file, List<StudyInfo> studies, String name) {
        List<String> names = studies.stream().map(StudyInfo::name).toList();
        if (name == null) {
            if (studies.size() > 1) {
                throw new UserInputException(file + " holds " + studies.size() + " studies " + names
                        + ": choose one with --study NAME");
            }
            return studies.get(0);
        }
        return studies.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new UserInputException(file + " holds no study '" + name + "'; its studies are " + names));
    }
}
