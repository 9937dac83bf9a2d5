package org.okdhp.train.export;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.stream.Collectors;
import org.okdhp.core.model.OkdhpArchitecture;

/** The {@code README.md} of an exported model folder: what the model is and how to load it in Java and PyTorch. */
final class ModelReadme {

    /** What pytorch-pose's {@code HourglassNet} constructor fixes: F = 4 * inplanes = 2 * num_feats, depth 4. */
    private static final int HOURGLASS_NET_FEATURES = 256;
    private static final int HOURGLASS_NET_DEPTH = OkdhpArchitecture.DEFAULT_DEPTH;

    private ModelReadme() {
    }

    /** Digits a reader compares metrics by (PCKh 68.19, AP 0.7481); metadata.json keeps the full value. */
    private static final MathContext SHOWN_DIGITS = new MathContext(4);

    static String shown(double metric) {
        return new BigDecimal(metric).round(SHOWN_DIGITS).stripTrailingZeros().toPlainString();
    }

    static String text(ModelMetadata m) {
        ModelMetadata.Network n = m.network();
        ModelMetadata.Origin o = m.origin();
        ModelMetadata.InputNormalization norm = m.normalization();
        String metrics = m.branchMetrics().isEmpty() ? "not recorded"
                : m.branchMetrics().entrySet().stream().map(e -> e.getKey() + " = " + shown(e.getValue()))
                        .collect(Collectors.joining(", "));
        String pytorchShape = n.features() == HOURGLASS_NET_FEATURES && n.hourglassDepth() == HOURGLASS_NET_DEPTH ? ""
                : String.format(Locale.ROOT, """

                        This model's width F = %d and depth %d differ from the F = 256 and depth 4 that HourglassNet's
                        constructor fixes: set `self.inplanes = %d`, `self.num_feats = %d` and `Hourglass(..., %d)`
                        there before loading.
                        """, n.features(), n.hourglassDepth(), n.features() / 4, n.features() / 2, n.hourglassDepth());
        return String.format(Locale.ROOT, """
                # OKDHP pose model: %d-stack hourglass, %d %s joints

                Branch %d of an OKDHP network with %d shared stack(s) and branches %s, pruned to a plain stacked
                hourglass (features %d, hourglass depth %d) after %d training steps; exported by okdhp %s.
                Validation of this branch: %s.

                - Input: a crop of %d x %d px (height x width) around the person, values
                  (pixel / 255 - mean) / std with mean %s and std %s over channels in %s order, shape [B, 3, %d, %d].
                - Output: one heatmap per stack, [B, %d, %d, %d]; the last is the prediction. Joints: %s.

                Files: `model.params` (DJL `Block.saveParameters` stream), `hourglass.npz` (the same weights as a
                PyTorch state_dict under pytorch-pose `HourglassNet` names), `metadata.json` (all of the above).

                ## Java (okdhp-train)

                ```java
                try (PoseModel model = PoseModel.load(Path.of("best-branch"))) {
                    RgbImage image = ImageDecoder.read(Path.of("person.jpg"));
                    CropBox box = model.metadata().codec().cropBox(new PersonRegion.Box(x, y, width, height));
                    Joints joints = model.predict(image, List.of(box), true).get(0).joints();
                }
                ```

                With DJL's `Predictor`: `model.setBlock(poseModel.network())` and `poseModel.translator(true)`
                (see `org.okdhp.train.predict.PoseTranslator`). Command line:
                `okdhp predict --model best-branch --image person.jpg --output person.json --overlay person.png`.

                ## PyTorch (pytorch-pose, github.com/bearpaw/pytorch-pose)

                ```python
                import numpy as np, torch
                from pose.models.hourglass import HourglassNet, Bottleneck
                model = HourglassNet(Bottleneck, num_stacks=%d, num_blocks=1, num_classes=%d)
                state = {k: torch.from_numpy(v) for k, v in np.load("hourglass.npz").items()}
                model.load_state_dict(state, strict=True)
                heatmaps = model.eval()(x)[-1]   # x normalised as above
                ```
                %s""",
                n.stacks(), n.joints(), m.jointSet().name(),
                o.branch(), o.sharedStacks(), o.branches(), n.features(), n.hourglassDepth(), o.trainingSteps(),
                m.okdhpVersion(), metrics,
                m.input().height(), m.input().width(), norm.mean(), norm.std(), norm.channelOrder(),
                m.input().height(), m.input().width(),
                n.joints(), m.heatmap().height(), m.heatmap().width(), String.join(", ", m.jointSet().jointNames()),
                n.stacks(), n.joints(), pytorchShape);
    }
}
