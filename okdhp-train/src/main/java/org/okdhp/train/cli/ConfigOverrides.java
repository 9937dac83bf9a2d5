package org.okdhp.train.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --set KEY=VALUE} and {@code --data-root DIR}, for commands that resolve a training config. */
final class ConfigOverrides {

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a config key, e.g. optim.lr=1e-3 (repeatable)")
    List<String> keys = new ArrayList<>();

    @Option(names = "--data-root", paramLabel = "DIR", description = "dataset folder (sets data.data_root)")
    Path dataRoot;

    /** {@code first}, then the data root, then every {@code --set}: later ones win. */
    List<String> after(List<String> first) {
        List<String> all = new ArrayList<>(first);
        if (dataRoot != null) {
            all.add("data.data_root=" + dataRoot);
        }
        all.addAll(keys);
        return all;
    }
}
