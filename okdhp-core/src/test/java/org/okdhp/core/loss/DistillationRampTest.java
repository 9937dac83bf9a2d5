package org.okdhp.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DistillationRampTest {

    @Test
    void followsExpOfMinusFiveSquaredDistance() {
        DistillationRamp ramp = DistillationRamp.standard();
        assertEquals(0.006737946999085467, ramp.at(0), 1e-15);
        assertEquals(Math.exp(-5.0 * 0.25), ramp.at(45), 1e-15);
        assertEquals(Math.exp(-5.0 / 81.0), ramp.at(80), 1e-15);
        assertEquals(1.0, ramp.at(90), 0.0);
        assertEquals(1.0, ramp.at(140), 0.0);
        assertEquals(1.0, new DistillationRamp(0).at(0), 0.0);
        assertThrows(IllegalArgumentException.class, () -> new DistillationRamp(-1));
    }
}
