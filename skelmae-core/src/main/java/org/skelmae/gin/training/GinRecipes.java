package org.skelmae.gin.training;

import org.skelmae.training.TrainingConfig;

import java.util.List;

/**
 * The graph family's optimisers and schedules, as its paper gives them (docs/method.md, "Target and
 * loss" and "Fine-tuning the graph family"), on top of a run's length, batch and learning rate.
 */
public final class GinRecipes {

    /** The paper's fine-tuning length, to which its warm-up and decays are given. */
    static final double FINETUNE_EPOCHS = 110;

    private GinRecipes() {
    }

    /** Adam at a constant learning rate (the paper's 1.5e-4 by default), no weight decay. */
    public static TrainingConfig pretraining(TrainingConfig base) {
        return base.withSchedule(0, List.of()).withSgd(null, 0);
    }

    /**
     * SGD with Nesterov momentum 0.9 and weight decay 5e-4 (PYSKL's), learning rate 0.1 by default,
     * 5 of 110 epochs of linear warm-up and ×0.1 at epochs 90 and 100 of 110, as fractions of the run.
     */
    public static TrainingConfig finetuning(TrainingConfig base) {
        return base.withSchedule(5 / FINETUNE_EPOCHS, List.of(90 / FINETUNE_EPOCHS, 100 / FINETUNE_EPOCHS))
                .withSgd(new TrainingConfig.SgdSettings(0.9, true), 5e-4);
    }
}
