package org.okdhp.train.optim;

/** torch.optim.Adam's update for one tensor, in double precision: the reference the tests hold AdamOptimizer to. */
final class TorchAdamReference {

    final AdamHyperparameters hyper;
    final double[] weights;
    final double[] first;
    final double[] second;
    int step;

    TorchAdamReference(AdamHyperparameters hyper, float[] start) {
        this.hyper = hyper;
        this.weights = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            weights[i] = start[i];
        }
        this.first = new double[start.length];
        this.second = new double[start.length];
    }

    void step(double[] gradient) {
        step++;
        double bc1 = 1 - Math.pow(hyper.beta1(), step);
        double bc2 = 1 - Math.pow(hyper.beta2(), step);
        for (int i = 0; i < weights.length; i++) {
            double g = gradient[i] + hyper.weightDecay() * weights[i];
            first[i] = hyper.beta1() * first[i] + (1 - hyper.beta1()) * g;
            second[i] = hyper.beta2() * second[i] + (1 - hyper.beta2()) * g * g;
            weights[i] -= hyper.learningRate() / bc1 * first[i]
                    / (Math.sqrt(second[i]) / Math.sqrt(bc2) + hyper.epsilon());
        }
    }

    /** The largest |reference - actual| over the tensor. */
    double maxDifference(float[] actual) {
        double worst = 0;
        for (int i = 0; i < weights.length; i++) {
            worst = Math.max(worst, Math.abs(weights[i] - actual[i]));
        }
        return worst;
    }
}
