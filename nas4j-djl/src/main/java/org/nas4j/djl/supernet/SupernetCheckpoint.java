package org.nas4j.djl.supernet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A supernet training's checkpoint file: the steps done, the weights, their running statistics and the optimizer
 * state (the paths and batches of the next step follow from the seed and the step). It is written beside itself
 * and moved into place in one step, so a process killed while writing leaves the previous checkpoint whole.
 * {@code fingerprint} ties it to what was trained (space, sharing, recipe, seed): a checkpoint of another training
 * is refused, not resumed.
 */
public final class SupernetCheckpoint {
    private static final String MAGIC = "nas4j-supernet-checkpoint";
    private static final int FORMAT = 1;

    private SupernetCheckpoint() {
    }

    public static void write(Path file, String fingerprint, long step, Supernet supernet, PathOptimizer optimizer,
                             String controllerState) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve(file.getFileName() + ".partial");
        try (FileOutputStream stream = new FileOutputStream(partial.toFile());
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20))) {
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(fingerprint);
            out.writeLong(step);
            supernet.write(out);
            optimizer.write(out);
            byte[] controller = controllerState.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(controller.length);
            out.write(controller);
            out.flush();
            stream.getFD().sync();
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The step a checkpoint file was written at, without loading it; empty when there is no file. */
    public static java.util.Optional<Long> step(Path file) throws IOException {
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT) {
                throw new IOException(file + " is not a supernet checkpoint of this nas4j's format");
            }
            in.readUTF();
            return java.util.Optional.of(in.readLong());
        }
    }

    /** What a checkpoint restores besides the weights and the optimizer: its step and the controller's state. */
    public record Restored(long step, String controllerState) {
    }

    /**
     * Loads the checkpoint into {@code supernet} and {@code optimizer} and returns its step and the controller's
     * state (empty text without a controller); empty when there is no file. A file of another training or format
     * is an error that names the file.
     */
    public static java.util.Optional<Restored> read(Path file, String fingerprint, Supernet supernet,
                                                  PathOptimizer optimizer) throws IOException {
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try (InputStream stream = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 20))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != FORMAT) {
                throw new IOException(file + " is not a supernet checkpoint of this nas4j's format");
            }
            String stored = in.readUTF();
            if (!stored.equals(fingerprint)) {
                throw new IOException(file + " is the checkpoint of another supernet training (" + stored
                        + "; this one is " + fingerprint + "): move it away to train this one from the start");
            }
            long step = in.readLong();
            supernet.read(in);
            optimizer.read(in, supernet.weights());
            byte[] controller = new byte[in.readInt()];
            in.readFully(controller);
            return java.util.Optional.of(new Restored(step, new String(controller,
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
    }
}
