package org.okdhp.core.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads an ImageNet state_dict of a torchvision backbone (resnet18/34/50, mobilenet_v2), saved as
 * .npz, into a light student's backbone. The classifier ({@code fc.*}, {@code classifier.*}) is
 * not part of the backbone and is skipped; every other key must name a backbone parameter of the
 * same shape, and every backbone parameter must be present. In Python:
 * {@code np.savez(path, **{k: v.numpy() for k, v in torchvision.models.resnet50(weights="DEFAULT").state_dict().items()})}.
 */
public final class PretrainedBackbone {

    /** The classifiers' prefixes in torchvision's ResNets and MobileNetV2. */
    private static final List<String> CLASSIFIERS = List.of("fc.", "classifier.");

    private PretrainedBackbone() {}

    /**
     * @param backbone the backbone's parameters under torchvision's names
     * @throws IllegalArgumentException listing every missing, unexpected and mis-shaped key by name
     */
    public static void load(TorchParameters backbone, Path file) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>(StateDictNpz.read(file, manager));
            arrays.keySet().removeIf(key -> CLASSIFIERS.stream().anyMatch(key::startsWith));
            StateDictNpz.load(backbone, arrays, false, file + " (model.backbone_weights)");
        }
    }
}
