package org.okdhp.train.cli;

import org.okdhp.train.predict.InferenceEngine;
import picocli.CommandLine.ITypeConverter;

/** {@code --engine djl|onnx}, in any case. */
final class EngineConverter implements ITypeConverter<InferenceEngine> {

    @Override
    public InferenceEngine convert(String value) {
        return InferenceEngine.parse(value);
    }
}
