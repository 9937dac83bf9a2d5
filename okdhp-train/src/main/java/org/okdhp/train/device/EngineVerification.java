package org.okdhp.train.device;

import ai.djl.Device;
import java.util.List;
import java.util.Locale;
import org.okdhp.core.engine.CheckResult;
import org.okdhp.core.engine.EngineDescription;
import org.okdhp.core.engine.EngineSelfCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine self-check ({@link EngineSelfCheck}) on every device a job will compute on, run
 * before the job's first step: training must never run on wrong numbers, and a kernel that is
 * right on one CPU can be wrong on the next. A failure stops the job with one message, unless the
 * user allows engine faults ({@code run.allow_engine_faults=true}), which logs it and goes on.
 */
public final class EngineVerification {

    /** The configuration key that lets a job run on an engine that fails the check. */
    public static final String ALLOW_KEY = "run.allow_engine_faults";

    private static final Logger LOG = LoggerFactory.getLogger(EngineVerification.class);
    private static final double NANOS_PER_MILLI = 1e6;

    private final EngineSelfCheck check;

    private EngineVerification(EngineSelfCheck check) {
        this.check = check;
    }

    /** The check of the library's own operations. */
    public static EngineVerification standard() {
        return new EngineVerification(EngineSelfCheck.library());
    }

    /** The check of other operations (a test hands in a deliberately wrong one). */
    public static EngineVerification of(EngineSelfCheck check) {
        return new EngineVerification(check);
    }

    /**
     * Runs the check on each device; throws {@link EngineFaultException} naming the first failure
     * unless {@code allowFaults}.
     *
     * @param job what would run, for the message: "training", "bench train"
     */
    public void before(String job, DeviceSet devices, boolean allowFaults) {
        for (Device device : devices.devices()) {
            long start = System.nanoTime();
            List<CheckResult> failures = check.run(device).stream().filter(r -> !r.passed()).toList();
            double millis = (System.nanoTime() - start) / NANOS_PER_MILLI;
            if (failures.isEmpty()) {
                LOG.debug("engine self-check passed on {} in {} ms", device, String.format(Locale.ROOT, "%.0f", millis));
                continue;
            }
            String message = describe(job, device, failures, allowFaults);
            if (!allowFaults) {
                throw new EngineFaultException(message);
            }
            LOG.warn(message);
        }
    }

    private static String describe(String job, Device device, List<CheckResult> failures, boolean allowed) {
        CheckResult first = failures.get(0);
        String more = failures.size() > 1 ? ", and " + (failures.size() - 1) + " more of its checks fail" : "";
        String consequence = allowed
                ? job + " goes on because " + ALLOW_KEY + "=true: its numbers may be wrong."
                : job + " stopped before its first step, which would have used these numbers. './okdhp doctor'"
                        + " lists every check; set " + ALLOW_KEY + "=true to run anyway.";
        return "the engine computes " + first.describe() + " on " + device + more + " ("
                + EngineDescription.ofThisMachine().summary() + "); " + consequence;
    }
}
