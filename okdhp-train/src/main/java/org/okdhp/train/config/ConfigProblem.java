package org.okdhp.train.config;

/**
 * One thing wrong with a configuration.
 *
 * @param key the dotted key, e.g. {@code optim.lr}
 * @param source where the offending value came from, e.g. {@code file runs/a.yaml},
 *     {@code --set optim.lr=-1}, {@code preset mpii-hg4}, {@code default}
 * @param message what is wrong, with the value
 */
public record ConfigProblem(String key, String source, String message) {

    @Override
    public String toString() {
        return key + " (" + source + "): " + message;
    }
}
