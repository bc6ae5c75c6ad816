package org.nas4j.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.nas4j.data.DatasetException;
import org.nas4j.data.FashionMnist;

/** Where the commands get Fashion-MNIST: a folder the user names, else the sample embedded in nas4j. */
public final class DataSource {
    private DataSource() {
    }

    public static FashionMnist.TrainTest load(Optional<Path> dir) {
        try {
            return dir.isPresent() ? FashionMnist.load(FashionMnist.locate(dir.get())) : FashionMnist.embedded();
        } catch (DatasetException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    public static String describe(Optional<Path> dir) {
        return dir.map(Path::toString).orElse("the embedded Fashion-MNIST sample");
    }
}
