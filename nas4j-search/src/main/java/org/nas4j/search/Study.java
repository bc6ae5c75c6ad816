package org.nas4j.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.nas4j.config.StudyConfig;
import org.nas4j.data.ImageDataset;
import org.nas4j.data.DataSource;
import org.nas4j.data.TrainTest;
import org.nas4j.djl.data.TrainingData;
import org.nas4j.djl.model.NetworkSettings;
import org.nas4j.djl.model.NetworkSpec;
import org.nas4j.djl.profile.DeviceInfo;
import org.nas4j.djl.train.Constraints;
import org.nas4j.djl.train.Finalists;
import org.nas4j.djl.train.Retrainer;
import org.nas4j.djl.train.TrainingEvaluator;
import org.nas4j.djl.train.TrainingSettings;
import org.nas4j.eval.Evaluator;
import org.nas4j.prune.Asha;
import org.nas4j.prune.SuccessiveHalving;
import org.nas4j.random.Rng;
import org.nas4j.space.Architecture;
import org.nas4j.store.SqliteStudyStorage;
import org.nas4j.store.StudyStorages;
import org.nas4j.strategy.RandomSearch;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.Strategy;
import org.nas4j.strategy.StrategyStateException;
import org.nas4j.study.Curve;
import org.nas4j.study.FinalistChoice;
import org.nas4j.study.StudyRunner;
import org.nas4j.study.StudyStorage;
import org.nas4j.study.StudyStorage.StoredTrial;
import org.nas4j.study.StudyWorker;
import org.nas4j.study.TrialResult;

/**
 * A study, the library's front door: a {@link StudyConfig} (read from YAML or built in Java), the storage that keeps
 * its trials, and the images it searches on. It runs the search, trains finalists and retrains the winner, and
 * saves it as a model that {@code SavedModel.load} rebuilds; each step returns a typed result and tells a
 * {@link StudyListener} as it goes.
 *
 * <pre>
 * StudyConfig config = StudyConfig.read(Path.of("examples/fashion-mnist.yaml"))
 *         .withData(DataSettings.EMBEDDED.withDir(Path.of("my-images")));
 * try (Study study = Study.builder(config).storage(Path.of("runs/mine/study.db")).build()) {
 *     SearchResult search = study.search();
 *     RetrainResult model = study.retrain(RetrainTarget.best(), Path.of("runs/mine/model"));
 * }
 * </pre>
 *
 * <p>Seeds: the strategy, every trial and the validation split derive their own seeds from the study's, so the same
 * config gives the same study. A study is resumed by building it again on the same storage with the same config;
 * {@link #existing} opens one that another process searched (read-only storage is enough to retrain it).
 */
public final class Study implements AutoCloseable {
    private final StudyConfig config;
    private final StudyStorage storage;
    private final boolean ownsStorage;
    private final DataSource source;
    private final StudyListener listener;
    private final Optional<Path> workDir;
    private TrainTest images;

    private Study(StudyConfig config, StudyStorage storage, boolean ownsStorage, DataSource source,
                  StudyListener listener, Optional<Path> workDir) {
        this.config = config;
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.source = source;
        this.listener = listener;
        this.workDir = workDir;
    }

    /** A new study of this config, or the one in the storage that was started with the same config. */
    public static Builder builder(StudyConfig config) {
        return new Builder(config, Optional.empty());
    }

    /**
     * The study named {@code name} in {@code storage} (the only one when no name is given), with the config it was
     * started with: for retraining or reading a study that was searched elsewhere. The storage may be read-only.
     */
    public static Builder existing(StudyStorage storage, Optional<String> name) {
        List<StudyStorage.StudyInfo> studies = storage.studies();
        List<String> names = studies.stream().map(StudyStorage.StudyInfo::name).toList();
        StudyStorage.StudyInfo info;
        if (name.isEmpty()) {
            if (studies.size() != 1) {
                throw new StudyException(studies.isEmpty() ? "the storage holds no study yet; search one first"
                        : "the storage holds " + studies.size() + " studies " + names + ": name one");
            }
            info = studies.get(0);
        } else {
            info = studies.stream().filter(s -> s.name().equals(name.get())).findFirst().orElseThrow(() ->
                    new StudyException("the storage holds no study '" + name.get() + "'; its studies are "
                            + names));
        }
        Builder builder = new Builder(StudyConfig.parseStored(info.config()), Optional.of(info));
        builder.storage = storage;
        return builder;
    }

    /** How a study is put together; {@link #build} opens it. */
    public static final class Builder {
        private final StudyConfig config;
        private final Optional<StudyStorage.StudyInfo> existing;
        private StudyStorage storage;
        private Path storageFile;
        private DataSource source;
        private StudyListener listener = StudyListener.SILENT;
        private String configText;
        private Path workDir;

        private Builder(StudyConfig config, Optional<StudyStorage.StudyInfo> existing) {
            this.config = Objects.requireNonNull(config, "config");
            this.existing = existing;
        }

        /** The study's config, as given or as stored. */
        public StudyConfig config() {
            return config;
        }

        /** Keep the trials in this storage, which the caller closes. */
        public Builder storage(StudyStorage studyStorage) {
            this.storage = Objects.requireNonNull(studyStorage, "storage");
            this.storageFile = null;
            return this;
        }

        /** Keep the trials in this SQLite file, created when missing and closed with the study. */
        public Builder storage(Path file) {
            this.storageFile = Objects.requireNonNull(file, "file");
            this.storage = null;
            return this;
        }

        /** The file given, else the config's {@code storage:} location. */
        private StudyStorage ownStorage() {
            if (storageFile != null) {
                return SqliteStudyStorage.open(storageFile);
            }
            return StudyStorages.open(config.workers().storage().orElseThrow(() -> new StudyException(
                    "the study needs a storage: give a file or a StudyStorage, or set 'storage:' in the config")));
        }

        /** Search these images instead of the config's {@code data} ones. */
        public Builder data(DataSource dataSource) {
            this.source = Objects.requireNonNull(dataSource, "data");
            return this;
        }

        /** Keep the study's working files (a one-shot study's supernet checkpoint) here; by default, the file's. */
        public Builder workDir(Path dir) {
            this.workDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public Builder listener(StudyListener studyListener) {
            this.listener = Objects.requireNonNull(studyListener, "listener");
            return this;
        }

        /**
         * The config text stored with a new study (the YAML file as written, with its comments); by default the
         * config written out by {@link StudyConfig#toYaml}. It must parse to this config.
         */
        public Builder configText(String text) {
            this.configText = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Opens the study: creates it in the storage, or checks that the study stored under its name was started
         * with the same config.
         */
        public Study build() {
            if (configText != null && !StudyConfig.parse(configText).hash().equals(config.hash())) {
                throw new StudyException("the config text given to store does not parse to the study's config; "
                        + "give the text the config was read from, or leave it out to store the config as YAML");
            }
            boolean owns = storage == null;
            StudyStorage opened = owns ? ownStorage() : storage;
            try {
                if (existing.isEmpty()) {
                    opened.openStudy(config.study().name(), config.hash(),
                            configText != null ? configText : config.toYaml(), provenance());
                }
            } catch (RuntimeException e) {
                if (owns) {
                    opened.close();
                }
                throw e;
            }
            Optional<Path> work = workDir != null ? Optional.of(workDir) : Optional.ofNullable(storageFile)
                    .map(file -> file.toAbsolutePath().getParent());
            return new Study(config, opened, owns, source != null ? source : config.data().source(), listener, work);
        }
    }

    public StudyConfig config() {
        return config;
    }

    public String name() {
        return config.study().name();
    }

    /** Every trial of the study so far, by number. */
    public List<StoredTrial> trials() {
        return storage.trials(name(), config.space());
    }

    /** The curves the study has recorded so far: a one-shot study's supernet loss ({@link Curve#SUPERNET_LOSS}). */
    public List<Curve> curves() {
        return storage.curves(name());
    }

    /** Where the images come from. */
    public DataSource dataSource() {
        return source;
    }

    /** The training and test images, read once. */
    public TrainTest images() {
        if (images == null) {
            images = source.load();
        }
        return images;
    }

    /** The networks this study builds: the data's image shape and classes, the config's fixed layout. */
    public NetworkSettings network() {
        return network(config, images());
    }

    /** The networks a study of {@code config} builds for {@code data}. */
    public static NetworkSettings network(StudyConfig config, TrainTest data) {
        return new NetworkSettings(data.shape(), data.classes(), config.network());
    }

    /** Runs the search to the config's budget: {@code study.trials} and {@code study.time_budget_minutes}. */
    public SearchResult search() {
        return search(config.study().trials(), config.study().timeBudgetMinutes());
    }

    /**
     * Runs the search until the study holds {@code totalTrials} trials that ran to their end (those of earlier runs
     * included) or, given {@code minutes}, until its trials have taken that long in all. Overrides of the budget do
     * not change the study's config.
     */
    public SearchResult search(int totalTrials, Optional<Double> minutes) {
        checkBudget(totalTrials, minutes);
        try (Evaluation evaluation = evaluation();
             Strategy strategy = newStrategy()) {
            StudyRunner runner = new StudyRunner(name(), storage, strategy, evaluation.evaluator(), config.reward(),
                    config.study().seed()).pruning(config.pruning());
            evaluation.starting(listener, runner.finishedTrials(), totalTrials, runner.bestReward());
            List<StoredTrial> trials;
            try {
                trials = runner.run(totalTrials, seconds(minutes), (result, s) -> listener.trialFinished(result));
            } catch (StrategyStateException e) {
                throw new StudyException(e.getMessage(), e); // a study workers share, say: the user's to choose
            }
            return new SearchResult(name(), trials, totalTrials, runner.finishedTrials() < totalTrials);
        }
    }

    /**
     * Runs the search as one of any number of workers, in this process or others on other machines, that share the
     * study's storage (see {@link StudyWorker}): until the study holds {@code totalTrials} counted trials or its
     * trials have taken {@code minutes} in all, counting every worker's, or until {@code stopping} says so between
     * trials. {@code control} receives the worker before it starts, so that another thread (a SIGTERM hook, say)
     * can {@linkplain StudyWorker#handBack hand its trial back}.
     *
     * @param worker the worker's name, as the study records it (host and process, say)
     */
    public SearchResult work(int totalTrials, Optional<Double> minutes, String worker, BooleanSupplier stopping,
                             Consumer<StudyWorker> control) {
        checkBudget(totalTrials, minutes);
        if (config.isOneShot()) {
            throw new StudyException("a one-shot study trains one supernet, which workers cannot share; run it with "
                    + "search in one process, or set 'evaluator: train' for workers");
        }
        if (config.pruner().filter(SuccessiveHalving.class::isInstance).isPresent()) {
            throw new StudyException("pruner kind " + SuccessiveHalving.NAME + " pauses a bracket's trials until "
                    + "all of them reach each rung, which it can only do in one process; for workers sharing a "
                    + "study use 'pruner: {kind: " + Asha.NAME + "}' (no trial waits for another), or search in one "
                    + "process");
        }
        try (Evaluation evaluation = evaluation()) {
            StudyWorker runner = new StudyWorker(name(), storage, this::newStrategy, evaluation.evaluator(),
                    config.reward(), config.study().seed(), worker, config.workers().watch())
                    .pruning(config.pruning());
            control.accept(runner);
            evaluation.starting(listener, runner.countedTrials(), totalTrials, bestReward());
            runner.run(totalTrials, seconds(minutes), stopping, (result, s) -> listener.trialFinished(result));
            return new SearchResult(name(), trials(), totalTrials, runner.countedTrials() < totalTrials);
        } catch (StrategyStateException e) {
            throw new StudyException(e.getMessage(), e); // a study searched in one process, say
        }
    }

    private static void checkBudget(int totalTrials, Optional<Double> minutes) {
        if (totalTrials < 1) {
            throw new StudyException("the search needs at least one trial, got " + totalTrials);
        }
        minutes.ifPresent(m -> {
            if (!(m > 0)) {
                throw new StudyException("the time budget must be a positive number of minutes, got " + m);
            }
        });
    }

    private static OptionalDouble seconds(Optional<Double> minutes) {
        return minutes.map(m -> OptionalDouble.of(m * 60)).orElse(OptionalDouble.empty());
    }

    private Strategy newStrategy() {
        return Strategies.forStudy(config.strategy(), config.space(), config.study().seed());
    }

    private OptionalDouble bestReward() {
        return completed().stream().mapToDouble(TrialResult::reward).max();
    }

    /** How the study scores candidates, with what the progress display says of it; closes a supernet it owns. */
    private record Evaluation(Evaluator evaluator, int trainImages, int validationImages, int updatesPerTrial,
                              Optional<OneShot> oneShot) implements AutoCloseable {
        void starting(StudyListener listener, int trialsDone, int totalTrials, OptionalDouble bestReward) {
            listener.searchStarting(trainImages, validationImages, trialsDone, totalTrials, bestReward,
                    updatesPerTrial);
        }

        @Override
        public void close() {
            oneShot.ifPresent(OneShot::close);
        }
    }

    private Evaluation evaluation() {
        if (config.tabular().isPresent()) {
            TabularSettings tabular = config.tabular().get();
            return new Evaluation(TabularEvaluators.of(config.space(), tabular), 0, 0, 0, Optional.empty());
        }
        checkSpaceFitsNetwork();
        TrainingData data = searchData();
        if (config.isOneShot()) {
            OneShot oneShot = OneShot.train(config, network(), data, supernetCheckpoint(), listener, point -> storage
                    .recordCurve(name(), Curve.STUDY, Curve.SUPERNET_LOSS, List.of(point)));
            return new Evaluation(oneShot.evaluator(), data.train().size(), data.evaluation().size(), 0,
                    Optional.of(oneShot));
        }
        int[] trialUpdates = {0};
        TrainingEvaluator training = new TrainingEvaluator(config.space(), network(), data, config.training(),
                config.latency(), config.constraints(),
                updates -> listener.trainingProgress(StudyListener.Phase.CANDIDATE, updates, trialUpdates[0]));
        trialUpdates[0] = training.updatesPerTrial();
        return new Evaluation(training, data.train().size(), data.evaluation().size(), trialUpdates[0],
                Optional.empty());
    }

    /**
     * Where a one-shot study keeps its supernet's checkpoint: {@code <name>.supernet} in the work folder (by
     * default, the study file's); none for a study whose storage has no folder, which then trains afresh each run.
     */
    private Optional<Path> supernetCheckpoint() {
        return workDir.map(dir -> dir.resolve(name() + ".supernet"));
    }

    /**
     * The search's split: the validation images carved from the training set with the study seed (the same the
     * finalists are judged on), and a stratified sample of at most {@code train_limit} of the rest to train
     * candidates (or the supernet) on; the normalization is the training sample's.
     */
    public TrainingData searchData() {
        return searchData(config, images());
    }

    /** The search split a study of {@code config} makes of {@code images}. */
    public static TrainingData searchData(StudyConfig config, TrainTest images) {
        ImageDataset.Split split = validationSplit(config, images);
        ImageDataset training = split.train();
        Optional<Long> limit = config.data().trainLimit();
        // A limit is a most: on a smaller set every image is used.
        if (limit.isPresent() && limit.get() < training.size()) {
            training = training.proportionalSample(limit.get(), config.study().seed());
        }
        return TrainingData.of(training, split.validation());
    }

    private ImageDataset.Split validationSplit() {
        return validationSplit(config, images());
    }

    /** The validation images carved from the training set with the study seed: the search's and the finalists'. */
    private static ImageDataset.Split validationSplit(StudyConfig config, TrainTest images) {
        return images.train().split(config.data().validationFraction(), config.study().seed());
    }

    /** A space whose decisions the network layout cannot read fails here, before any trial, with the reason. */
    private void checkSpaceFitsNetwork() {
        Architecture any = RandomSearch.sample(config.space(), new Rng(config.study().seed())).canonical();
        try {
            NetworkSpec.of(any, network());
        } catch (IllegalArgumentException e) {
            throw new StudyException("the space does not fit the network of " + config.network()
                    .stageStrides().size() + " stages (network.stage_strides): " + e.getMessage(), e);
        }
    }

    /**
     * Trains the {@code count} best trials by reward again (and the study's latency reference beside them, when it
     * limits latency relative to one it trained) for {@code epochs} on the training images less the validation
     * split, all with the study's seed, and reports their validation accuracy.
     */
    public List<FinalistResult> finalists(int count, int epochs) {
        List<TrialResult> completed = completed();
        if (completed.isEmpty()) {
            throw new StudyException("the study has no completed trial to choose finalists from");
        }
        Optional<Architecture> reference = latencyReference();
        List<TrialResult> best = FinalistChoice.bestByReward(completed, count);
        List<TrialResult> trials = FinalistChoice.withReference(best, completed, reference);
        ImageDataset.Split split = validationSplit();
        TrainingData data = TrainingData.of(split.train(), split.validation());
        listener.finalistsStarting(new FinalistsPlan(best, trials.size() > best.size()
                ? Optional.of(trials.get(best.size())) : Optional.empty(), epochs, split.train().size(),
                split.validation().size()));
        TrainingSettings recipe = withEpochs(epochs, "finalist epochs");
        int total = epochs * config.training().updatesPerEpoch(split.train().size());
        List<FinalistResult> results = new ArrayList<>();
        int[] next = {0};
        Finalists.train(trials.stream().map(TrialResult::architecture).toList(), network(),
                recipe, data, config.study().seed(),
                updates -> listener.trainingProgress(StudyListener.Phase.FINALIST, updates, total),
                finalist -> {
                    TrialResult trial = trials.get(next[0]++);
                    FinalistResult result = new FinalistResult(trial, FinalistChoice.isReference(trial, reference),
                            finalist);
                    results.add(result);
                    listener.finalistFinished(result);
                });
        return results;
    }

    /**
     * Retrains the target from scratch on all training images for {@code retrain.epochs}, measures it on the test
     * images and saves it in {@code saveTo}.
     */
    public RetrainResult retrain(RetrainTarget target, Path saveTo) {
        return retrain(target, config.retrain().epochs(), saveTo);
    }

    /** As {@link #retrain(RetrainTarget, Path)}, for {@code epochs}. */
    public RetrainResult retrain(RetrainTarget target, int epochs, Path saveTo) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(saveTo, "saveTo");
        TrainingSettings recipe = withEpochs(epochs, "retraining epochs");
        Choice choice = choose(target);
        TrainTest data = images();
        listener.retrainStarting(new RetrainPlan(choice.trial(), choice.architecture(), epochs, data.train().size(),
                source.describe()));
        int total = epochs * config.training().updatesPerEpoch(data.train().size());
        Retrainer retrainer = new Retrainer(network(), recipe, config.latency(),
                latencyReference().map(reference -> NetworkSpec.of(reference, network())),
                source.folder());
        try {
            Retrainer.Result result = retrainer.retrain(choice.architecture(), TrainingData.of(data.train(),
                    data.test()), config.study().seed(), saveTo,
                    updates -> listener.trainingProgress(StudyListener.Phase.RETRAIN, updates, total));
            return new RetrainResult(choice.trial(), choice.architecture(), choice.finalists(), result, epochs,
                    data.train().size(), data.test().size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model in " + saveTo + ": " + e.getMessage(), e);
        }
    }

    /** What is retrained: a trial (empty for a given architecture), its architecture, the finalists it won among. */
    private record Choice(Optional<Integer> trial, Architecture architecture, List<FinalistResult> finalists) {
        static Choice of(TrialResult trial, List<FinalistResult> finalists) {
            return new Choice(Optional.of(trial.number()), trial.architecture(), finalists);
        }
    }

    private Choice choose(RetrainTarget target) {
        if (target instanceof RetrainTarget.Given given) {
            if (!given.architecture().space().equals(config.space())) {
                throw new StudyException("the architecture to retrain is not of the study's space");
            }
            return new Choice(Optional.empty(), given.architecture(), List.of());
        }
        List<TrialResult> completed = completed();
        if (target instanceof RetrainTarget.Trial byNumber) {
            return Choice.of(completed.stream().filter(t -> t.number() == byNumber.number()).findFirst()
                    .orElseThrow(() -> new StudyException("trial " + byNumber.number() + " is not a completed "
                            + "trial of the study; completed trials: " + completed.stream().map(TrialResult::number)
                            .toList())), List.of());
        }
        RetrainTarget.Best best = (RetrainTarget.Best) target;
        if (completed.isEmpty()) {
            throw new StudyException("the study has no completed trial to retrain");
        }
        int count = best.finalists().orElse(config.retrain().finalists());
        if (count == 1) {
            return Choice.of(FinalistChoice.bestByReward(completed, 1).get(0), List.of());
        }
        List<FinalistResult> finalists = finalists(count, best.finalistEpochs()
                .orElse(config.retrain().finalistEpochs()));
        Finalists.Finalist winner = Finalists.best(finalists.stream().map(FinalistResult::result).toList())
                .orElseThrow(() -> new StudyException("every finalist diverged in training; lower "
                        + "training.learning_rate or retrain one trial"));
        return Choice.of(finalists.stream().filter(f -> f.result() == winner).findFirst().orElseThrow().trial(),
                finalists);
    }

    /** The study's recipe for this many epochs; an out-of-range count is the caller's to fix. */
    private TrainingSettings withEpochs(int epochs, String what) {
        try {
            return config.training().withEpochs(epochs);
        } catch (IllegalArgumentException e) {
            throw new StudyException(what + ": " + e.getMessage(), e);
        }
    }

    private List<TrialResult> completed() {
        return trials().stream().map(StoredTrial::result).filter(TrialResult::isComplete).toList();
    }

    private Optional<Architecture> latencyReference() {
        return config.constraints().relativeLatency().map(Constraints.RelativeLatency::reference);
    }

    /** Where the study ran: stored with it, so that its measurements can be put in context later. */
    private static String provenance() {
        DeviceInfo device = DeviceInfo.current();
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("cpu", device.cpu());
        node.put("processors", device.processors());
        node.put("engine", device.engine() + " " + device.engineVersion());
        node.put("djl", device.djlVersion());
        node.put("java", device.javaVersion());
        node.put("os", device.os());
        return node.toString();
    }

    /** Closes the storage when the study opened it. */
    @Override
    public void close() {
        if (ownsStorage) {
            storage.close();
        }
    }
}
