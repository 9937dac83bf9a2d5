package org.okdhp.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads every floating-point option of the command line (single values and comma-separated
 * lists alike): Java's parser takes "NaN", "Infinity" and 1e999 (infinite), which no option means,
 * so they are refused here and picocli names the option.
 */
final class FiniteNumbers {

    private FiniteNumbers() {
    }

    static CommandLine registerOn(CommandLine commandLine) {
        ITypeConverter<Double> doubles = FiniteNumbers::parse;
        ITypeConverter<Float> floats = text -> (float) (double) parseFloat(text);
        return commandLine.registerConverter(Double.class, doubles).registerConverter(double.class, doubles)
                .registerConverter(Float.class, floats).registerConverter(float.class, floats);
    }

    static double parse(String text) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a number");
        }
        if (!Double.isFinite(value)) {
            throw new TypeConversionException("'" + text + "' is not a finite number");
        }
        return value;
    }

    private static double parseFloat(String text) {
        double value = parse(text);
        if (!Float.isFinite((float) value)) {
            throw new TypeConversionException("'" + text + "' is beyond the float range");
        }
        return value;
    }
}
