package org.okdhp.train.export;

import java.math.BigDecimal;
import org.okdhp.core.model.Backbone;
import java.math.MathContext;
import java.util.Locale;
import java.util.stream.Collectors;

/** The {@code README.md} of an exported model folder: what the model is and how to load it in Java and PyTorch. */
final class ModelReadme {

    /** What pytorch-pose's {@code HourglassNet} constructor fixes: F = 4 * inplanes = 2 * num_feats, depth 4. */
    private static final int HOURGLASS_NET_FEATURES = 256;
    private static final int HOURGLASS_NET_DEPTH = 4;

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
        boolean student = Backbone.parse(n.backbone()).isStudent();
        String title = student
                ? String.format(Locale.ROOT, "%s student (SimpleBaseline head)", n.backbone())
                : String.format(Locale.ROOT, "%d-stack hourglass", n.stacks());
        String pruned = student
                ? String.format(Locale.ROOT, "a %s backbone with this branch's SimpleBaseline head", n.backbone())
                : String.format(Locale.ROOT, "a plain stacked\nhourglass (features %d, hourglass depth %d)",
                        n.features(), n.hourglassDepth());
        String outputs = student ? "one heatmap, the prediction" : "one heatmap per stack; the last is the prediction";
        String names = student ? "HRNet `PoseResNet` names (torchvision backbone names, `deconv_layers.*`, `final_layer.*`)"
                : "pytorch-pose `HourglassNet` names";
        String pytorch = student ? studentPytorch(n) : hourglassPytorch(n);
        return String.format(Locale.ROOT, """
                # OKDHP pose model: %s, %d %s joints

                Branch %d of an OKDHP network with %d shared stack(s) and branches %s, pruned to %s
                after %d training steps; exported by okdhp %s.
                Validation of this branch: %s.

                - Input: a crop of %d x %d px (height x width) around the person, values
                  (pixel / 255 - mean) / std with mean %s and std %s over channels in %s order, shape [B, 3, %d, %d].
                - Output: %s, [B, %d, %d, %d]. Joints: %s.

                Files: `model.params` (DJL `Block.saveParameters` stream), `hourglass.npz` (the same weights as a
                PyTorch state_dict under %s), `model.onnx` (the prediction as an ONNX
                model), `metadata.json` (all of the above).

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

                %s
                ## ONNX (ONNX Runtime, TensorRT, OpenVINO ...)

                `model.onnx`: opset 17, input `input` [N, 3, %d, %d] float32 for any batch N, output `heatmaps`
                [N, %d, %d, %d] (the prediction); each batch norm that follows a convolution is folded into it.
                Its metadata_props hold `metadata.json` under that key.

                ```python
                import json, numpy as np, onnxruntime as ort
                session = ort.InferenceSession("model.onnx")
                metadata = json.loads(session.get_modelmeta().custom_metadata_map["metadata.json"])
                heatmaps = session.run(["heatmaps"], {"input": x.astype(np.float32)})[0]   # x normalised as above
                ```

                ```java
                // com.microsoft.onnxruntime:onnxruntime
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                try (OrtSession session = env.createSession("model.onnx", new OrtSession.SessionOptions());
                        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3, %d, %d});
                        OrtSession.Result result = session.run(Map.of("input", input))) {
                    float[][][][] heatmaps = (float[][][][]) result.get("heatmaps").get().getValue();
                }
                ```
                """,
                title, n.joints(), m.jointSet().name(),
                o.branch(), o.sharedStacks(), o.branches(), pruned, o.trainingSteps(),
                m.okdhpVersion(), metrics,
                m.input().height(), m.input().width(), norm.mean(), norm.std(), norm.channelOrder(),
                m.input().height(), m.input().width(),
                outputs, n.joints(), m.heatmap().height(), m.heatmap().width(),
                String.join(", ", m.jointSet().jointNames()), names, pytorch,
                m.input().height(), m.input().width(), n.joints(), m.heatmap().height(), m.heatmap().width(),
                m.input().height(), m.input().width());
    }

    private static String hourglassPytorch(ModelMetadata.Network n) {
        String shape = n.features() == HOURGLASS_NET_FEATURES && n.hourglassDepth() == HOURGLASS_NET_DEPTH ? ""
                : String.format(Locale.ROOT, """

                        This model's width F = %d and depth %d differ from the F = 256 and depth 4 that HourglassNet's
                        constructor fixes: set `self.inplanes = %d`, `self.num_feats = %d` and `Hourglass(..., %d)`
                        there before loading.
                        """, n.features(), n.hourglassDepth(), n.features() / 4, n.features() / 2, n.hourglassDepth());
        return String.format(Locale.ROOT, """
                ## PyTorch (pytorch-pose, github.com/bearpaw/pytorch-pose)

                ```python
                import numpy as np, torch
                from pose.models.hourglass import HourglassNet, Bottleneck
                model = HourglassNet(Bottleneck, num_stacks=%d, num_blocks=1, num_classes=%d)
                state = {k: torch.from_numpy(v) for k, v in np.load("hourglass.npz").items()}
                model.load_state_dict(state, strict=True)
                heatmaps = model.eval()(x)[-1]   # x normalised as above
                ```
                %s""", n.stacks(), n.joints(), shape);
    }

    /** HRNet's PoseResNet layout, spelled out so that it also holds the MobileNetV2 backbone. */
    private static String studentPytorch(ModelMetadata.Network n) {
        boolean mobileNet = Backbone.parse(n.backbone()) == Backbone.MOBILENETV2;
        String backbone = mobileNet
                ? "self.features = torchvision.models.mobilenet_v2().features; channels = 1280"
                : String.format(Locale.ROOT, "net = torchvision.models.%s(); channels = net.fc.in_features%n"
                        + "        for k in ['conv1', 'bn1', 'relu', 'maxpool', 'layer1', 'layer2', 'layer3', 'layer4']:%n"
                        + "            setattr(self, k, getattr(net, k))", n.backbone());
        String features = mobileNet ? "self.features(x)"
                : "self.layer4(self.layer3(self.layer2(self.layer1(self.maxpool(self.relu(self.bn1(self.conv1(x))))))))";
        return String.format(Locale.ROOT, """
                ## PyTorch (torchvision backbone, HRNet's PoseResNet head)

                ```python
                import numpy as np, torch, torchvision
                from torch import nn
                class PoseStudent(nn.Module):
                    def __init__(self, joints):
                        super().__init__()
                        %s
                        layers = []
                        for _ in range(3):
                            layers += [nn.ConvTranspose2d(channels, 256, 4, 2, 1, bias=False), nn.BatchNorm2d(256), nn.ReLU()]
                            channels = 256
                        self.deconv_layers = nn.Sequential(*layers)
                        self.final_layer = nn.Conv2d(256, joints, 1)
                    def forward(self, x):
                        return self.final_layer(self.deconv_layers(%s))
                model = PoseStudent(%d)
                state = {k: torch.from_numpy(v) for k, v in np.load("hourglass.npz").items()}
                model.load_state_dict(state, strict=True)
                heatmaps = model.eval()(x)   # x normalised as above
                ```
                """, backbone, features, n.joints());
    }
}
