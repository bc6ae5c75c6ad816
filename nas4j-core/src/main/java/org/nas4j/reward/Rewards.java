package org.nas4j.reward;

import org.nas4j.config.StudyConfig.RewardSettings;

/** The reward a study config asks for. */
public final class Rewards {
    private Rewards() {
    }

    public static Reward of(RewardSettings settings) {
        switch (settings.kind()) {
            case "weighted":
                return new WeightedReward(settings.latencyWeight(), settings.paramsWeight());
            case "mnas":
                return new MnasReward(settings.targetMs().orElseThrow(), settings.w());
            case "abs":
                return new AbsoluteReward(settings.targetMs().orElseThrow(), settings.beta());
            default:
                return Reward.accuracy();
        }
    }
}
