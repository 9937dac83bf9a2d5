package org.okdhp.train.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used; lists every problem found, each naming its key and source.
 * One problem reads as one line (what the command line prints); several get a line each.
 */
public final class ConfigException extends IllegalArgumentException {

    private final transient List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems.size() == 1
                ? "invalid training configuration: " + problems.get(0)
                : "invalid training configuration:" + problems.stream()
                        .map(problem -> "\n  " + problem).collect(Collectors.joining()));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(ConfigProblem problem) {
        this(List.of(problem));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
