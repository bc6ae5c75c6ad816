package org.nas4j.cli;

import org.nas4j.djl.controller.LstmPolicy;
import org.nas4j.djl.controller.LstmPolicySettings;
import org.nas4j.random.Rng;
import org.nas4j.space.SearchSpace;
import org.nas4j.strategy.reinforce.AdamSettings;
import org.nas4j.strategy.reinforce.FactorizedPolicy;
import org.nas4j.strategy.reinforce.Policy;
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
    int hiddenSize = LstmPolicySettings.DEFAULT_HIDDEN_SIZE;

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

    /** Checks the values and says which flag is wrong; call before any work. */
    public void validate() {
        if (learningRate != null && (!(learningRate > 0) || !Double.isFinite(learningRate))) {
            throw new ParameterException(spec.commandLine(),
                    "--lr must be a positive number, got " + learningRate + "; try 0.1");
        }
        if (!(baselineDecay >= 0 && baselineDecay < 1)) {
            throw new ParameterException(spec.commandLine(),
                    "--baseline-decay must be in [0, 1), got " + baselineDecay + "; try 0.9");
        }
        if (!(entropyWeight >= 0) || !Double.isFinite(entropyWeight)) {
            throw new ParameterException(spec.commandLine(),
                    "--entropy must be zero or positive, got " + entropyWeight);
        }
        if (!(tanhConstant >= 0) || !Double.isFinite(tanhConstant)) {
            throw new ParameterException(spec.commandLine(), "--tanh must be zero (off) or positive, got "
                    + tanhConstant);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new ParameterException(spec.commandLine(), "--temperature must be positive, got " + temperature);
        }
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch must be at least 1, got " + batchSize);
        }
        if (hiddenSize < 1) {
            throw new ParameterException(spec.commandLine(), "--hidden must be at least 1, got " + hiddenSize);
        }
    }

    /** The learning rate given with --lr, or the default for this kind of controller. */
    public double learningRate(PolicyKind kind) {
        if (learningRate != null) {
            return learningRate;
        }
        return kind == PolicyKind.lstm ? LSTM_LEARNING_RATE : factorizedLearningRate;
    }

    public ReinforceSettings settings(PolicyKind kind) {
        return new ReinforceSettings(AdamSettings.withLearningRate(learningRate(kind)), !noBaseline, baselineDecay,
                entropyWeight, batchSize);
    }

    /** A REINFORCE strategy over this space with this kind of controller, seeded. */
    public Reinforce reinforce(SearchSpace space, PolicyKind kind, long seed) {
        ReinforceSettings settings = settings(kind);
        AdamSettings adam = settings.adam();
        Policy controller = kind == PolicyKind.lstm
                ? new LstmPolicy(space, LstmPolicySettings.defaults(adam).withHiddenSize(hiddenSize)
                        .withTanh(tanhConstant, temperature),
                        Rng.derive(seed, "policy-init"))
                : new FactorizedPolicy(space, adam);
        return new Reinforce(controller, settings, seed);
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
