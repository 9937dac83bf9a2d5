package org.okdhp.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void multiStepDropsTenfoldAtNinetyAndOneHundredTwenty() {
        MultiStepLearningRate schedule = new MultiStepLearningRate(2.5e-4, MultiStepLearningRate.DEFAULT_MILESTONES, 0.1);
        assertEquals(2.5e-4, schedule.rateAt(0), 0.0);
        assertEquals(2.5e-4, schedule.rateAt(89), 0.0);
        assertEquals(2.5e-5, schedule.rateAt(90), 1e-20);
        assertEquals(2.5e-5, schedule.rateAt(119), 1e-20);
        assertEquals(2.5e-6, schedule.rateAt(120), 1e-21);
        assertEquals(2.5e-6, schedule.rateAt(149), 1e-21);
    }

    @Test
    void multiStepRejectsUnorderedMilestonesAndBadRates() {
        assertThrows(IllegalArgumentException.class, () -> new MultiStepLearningRate(1e-3, List.of(120, 90), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepLearningRate(1e-3, List.of(90, 90), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepLearningRate(0, List.of(90), 0.1));
        assertThrows(IllegalArgumentException.class, () -> new MultiStepLearningRate(1e-3, List.of(90), Double.NaN));
    }

    @Test
    void warmupRampsLinearlyOverItsStepsThenLeavesTheScheduleAlone() {
        LinearWarmup warmup = new LinearWarmup(4);
        assertEquals(0.25, warmup.factor(0), 0.0);
        assertEquals(0.5, warmup.factor(1), 0.0);
        assertEquals(1.0, warmup.factor(3), 0.0);
        assertEquals(1.0, warmup.factor(4), 0.0);
        assertEquals(1.0, warmup.factor(1_000_000), 0.0);
        assertTrue(warmup.ramps(3));
        assertFalse(warmup.ramps(4));
        assertEquals(1.0, LinearWarmup.NONE.factor(0), 0.0);
        assertFalse(LinearWarmup.NONE.ramps(0));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(-1));
    }
}
