package org.nas4j.bench.command;

import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.Strategies;
import org.nas4j.strategy.StrategySpec;
import org.nas4j.strategy.reinforce.AdamSettings;
import org.nas4j.strategy.reinforce.PolicySpec;
import org.nas4j.strategy.reinforce.Reinforce;
import org.nas4j.strategy.reinforce.ReinforceSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The flags that configure how a REINFORCE controller learns, shared by the commands that train one. */
public final class ControllerOptions {

    /** Which controller REINFORCE trains. */
    public enum PolicyKind {
        factorized, lstm
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    public static final double FACTORIZED_LEARNING_RATE = ReinforceSettings.FACTORIZED_LEARNING_RATE;
    public static final double LSTM_LEARNING_RATE = ReinforceSettings.LSTM_LEARNING_RATE;
    /** The published REINFORCE runs on NAS-Bench-201 step Adam at 0.01. */
    public static final double BENCH_FACTORIZED_LEARNING_RATE = 0.01;

    @Option(names = "--lr", paramLabel = "X", description = "Adam's learning rate. Default: "
            + FACTORIZED_LEARNING_RATE + " for the factorized policy (" + BENCH_FACTORIZED_LEARNING_RATE
            + " in bench), " + LSTM_LEARNING_RATE + " for the LSTM.")
    Double learningRate;

    private final double factorizedLearningRate;

    @Option(names = "--no-baseline",
            description = "Train on the plain loss -log p(a) x reward instead of subtracting a moving-average "
                    + "baseline.")
    boolean noBaseline;

    @Option(names = "--baseline-decay", paramLabel = "D",
            description = "Decay of the moving-average baseline, in [0, 1). Default: ${DEFAULT-VALUE}.")
    double baselineDecay = 0.9;

    @Option(names = "--entropy", paramLabel = "W",
            description = "Weight of the entropy bonus (0 = none). Default: ${DEFAULT-VALUE}.")
    double entropyWeight;

    @Option(names = "--hidden", paramLabel = "H",
            description = "Hidden size of the LSTM controller. Default: ${DEFAULT-VALUE}.")
    int hiddenSize = PolicySpec.Lstm.DEFAULT_HIDDEN_SIZE;

    @Option(names = "--tanh", paramLabel = "C",
            description = "LSTM only: bound the logits to C x tanh(logits / temperature), as ENAS does (2.5) to keep "
                    + "the controller exploring; 0 = off. Default: ${DEFAULT-VALUE}.")
    double tanhConstant = 0.0;

    @Option(names = "--temperature", paramLabel = "T",
            description = "LSTM only: divide the logits by T before the softmax (ENAS: 5). Default: ${DEFAULT-VALUE}.")
    double temperature = 1.0;

    @Option(names = "--batch", paramLabel = "B",
            description = "Rewards collected before each controller update. Default: ${DEFAULT-VALUE}.")
    int batchSize = 1;

    /** No entropy bonus unless asked for. */
    public ControllerOptions() {
        this(0.0, FACTORIZED_LEARNING_RATE);
    }

    /**
     * Defaults for a command's problem; the flags still override them.
     *
     * @param defaultEntropyWeight   e.g. for problems that need exploration
     * @param factorizedLearningRate Adam's default step for the factorized policy
     */
    public ControllerOptions(double defaultEntropyWeight, double factorizedLearningRate) {
        this.entropyWeight = defaultEntropyWeight;
        this.factorizedLearningRate = factorizedLearningRate;
    }

    /**
     * Checks the values and says which flag is wrong; call before any work. The ranges are the settings records'
     * own: each is built from its flags, and its message gets the flags in front.
     */
    public void validate() {
        check("--lr", () -> AdamSettings.withLearningRate(learningRate(PolicyKind.factorized)));
        check("--lr", () -> AdamSettings.withLearningRate(learningRate(PolicyKind.lstm)));
        check("--baseline-decay, --entropy or --batch", () -> ReinforceSettings.defaults(1)
                .withEntropyWeight(entropyWeight).withBatchSize(batchSize).withBaselineDecay(baselineDecay));
        check("--hidden, --temperature or --tanh", () -> new PolicySpec.Lstm(hiddenSize, temperature,
                tanhConstant));
    }

    private void check(String flags, Runnable build) {
        try {
            build.run();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), flags + ": " + e.getMessage());
        }
    }

    /** The learning rate given with --lr, or the default for this kind of controller. */
    public double learningRate(PolicyKind kind) {
        if (learningRate != null) {
            return learningRate;
        }
        return kind == PolicyKind.lstm ? LSTM_LEARNING_RATE : factorizedLearningRate;
    }

    /** The REINFORCE strategy these flags describe, with this kind of controller. */
    public StrategySpec.Reinforce spec(PolicyKind kind) {
        PolicySpec policy = kind == PolicyKind.lstm ? new PolicySpec.Lstm(hiddenSize, temperature, tanhConstant)
                : new PolicySpec.Factorized();
        return new StrategySpec.Reinforce(new ReinforceSettings(AdamSettings.withLearningRate(learningRate(kind)),
                !noBaseline, baselineDecay, entropyWeight, batchSize), policy);
    }

    /** A REINFORCE strategy over this space with this kind of controller, seeded. */
    public Reinforce reinforce(SearchSpace space, PolicyKind kind, long seed) {
        return (Reinforce) Strategies.create(spec(kind), space, seed);
    }

    /** A sentence describing the controller, for output headers. */
    public String describe(PolicyKind kind) {
        String lstm = " (hidden " + hiddenSize + (tanhConstant > 0 ? ", tanh " + tanhConstant : "")
                + (temperature != 1.0 ? ", temperature " + temperature : "") + ")";
        return "REINFORCE, " + kind + " policy" + (kind == PolicyKind.lstm ? lstm : "")
                + (batchSize > 1 ? ", batch " + batchSize : "")
                + ", " + (noBaseline ? "no baseline" : "baseline decay " + baselineDecay)
                + (entropyWeight > 0 ? ", entropy " + entropyWeight : "") + ", Adam lr " + learningRate(kind);
    }
}
