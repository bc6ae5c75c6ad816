package org.nas4j.djl.train;

import ai.djl.Device;
import ai.djl.Model;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.engine.NativeMemory;
import org.nas4j.djl.model.NetworkBuilder;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.space.Architecture;

/**
 * The stage between search and retraining: the search's few best candidates train again, longer and on more images,
 * and the most accurate on the validation split is the one worth retraining. A search trains each candidate briefly,
 * which ranks candidates that are close poorly; this stage spends more on the few that remain.
 *
 * <p>Every finalist trains with the same seed (same initialization stream, same batch order), so they differ only in
 * their architecture. The test set is not used.
 */
public final class Finalists {

    /** One finalist's result; a diverged run has no accuracy and says why. */
    public record Finalist(Architecture architecture, double validationAccuracy, double seconds,
                           Optional<String> failure) {
        public boolean trained() {
            return failure.isEmpty();
        }
    }

    private Finalists() {
    }

    /**
     * Trains each candidate from scratch with {@code settings} (its epochs those of the finalists) on
     * {@code data.train()} and measures it on {@code data.evaluation()}, the validation split, in the given order.
     *
     * @param onBatch     told the number of finished updates of the current finalist
     * @param onFinalist  told each finalist's result as it finishes
     */
    public static List<Finalist> train(List<Architecture> candidates, NetworkSettings network,
                                       TrainingSettings settings, TrainingData data, long seed, IntConsumer onBatch,
                                       Consumer<Finalist> onFinalist) {
        List<Finalist> results = new ArrayList<>();
        for (Architecture architecture : candidates) {
            Finalist finalist = trainOne(architecture, network, settings, data, seed, onBatch);
            results.add(finalist);
            onFinalist.accept(finalist);
        }
        return results;
    }

    /** The most accurate on validation; on a tie the earlier (the better by the search's reward). */
    public static Optional<Finalist> best(List<Finalist> finalists) {
        return finalists.stream().filter(Finalist::trained)
                .max(Comparator.comparingDouble(Finalist::validationAccuracy)
                        .thenComparing(f -> -finalists.indexOf(f)));
    }

    private static Finalist trainOne(Architecture architecture, NetworkSettings network, TrainingSettings settings,
                                     TrainingData data, long seed, IntConsumer onBatch) {
        long start = System.nanoTime();
        try (Model model = Model.newInstance("finalist", Device.cpu())) {
            CandidateTrainer.Result result = new CandidateTrainer(settings).train(model,
                    NetworkBuilder.build(NetworkSpec.of(architecture, network)), data, settings.epochs(), seed,
                    onBatch);
            return new Finalist(architecture, result.accuracy(), (System.nanoTime() - start) / 1e9, Optional.empty());
        } catch (DivergedException e) {
            return new Finalist(architecture, Double.NaN, (System.nanoTime() - start) / 1e9,
                    Optional.of(e.getMessage()));
        } finally {
            NativeMemory.trim();
        }
    }
}
