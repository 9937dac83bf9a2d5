package org.okdhp.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.okdhp.core.model.Backbone;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.core.weights.StateDictNpz;

/** A light student's best branch as a model folder: reloaded, it predicts as the branch did. */
class StudentExportTest {

    @TempDir
    Path dir;

    @Test
    void aStudentBranchExportsReloadsAndPredictsAsTrained() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            OkdhpNetwork trained = OkdhpNetwork.builder().backbone(Backbone.MOBILENETV2).sharedStacks(0)
                    .branches(1, 1).joints(16).build();
            trained.initialize(m, DataType.FLOAT32, TinyModels.INPUT);
            trained.forward(new ParameterStore(m, false), new NDList(m.randomNormal(TinyModels.INPUT)), true);

            Path folder = BestBranchExporter.export(trained, 1, TinyModels.info(Map.of()), dir.resolve("best"));
            NDArray x = m.randomNormal(TinyModels.INPUT);
            float[] expected = trained.run(new ParameterStore(m, false), x, false).branchFinal(1).toFloatArray();
            try (PoseModel model = PoseModel.load(folder)) {
                assertEquals(OkdhpArchitecture.student(Backbone.MOBILENETV2, 16, 1), model.network().architecture());
                NDList out = model.network().forward(new ParameterStore(m, false), new NDList(x), false);
                assertArrayEquals(expected, out.get(0).toFloatArray());
                var box = model.metadata().codec().cropBox(new org.okdhp.train.predict.PersonRegion.Box(4, 4, 40, 56));
                assertEquals(16, model.predict(TinyModels.rgbPhoto(64, 64, 1), java.util.List.of(box), true)
                        .get(0).joints().size());
            }
            Map<String, NDArray> npz = StateDictNpz.read(folder.resolve(PoseModel.HOURGLASS_NPZ_FILE), m);
            assertTrue(npz.keySet().stream().allMatch(k -> k.startsWith("features.") || k.startsWith("deconv_layers.")
                    || k.startsWith("final_layer.")), npz.keySet().toString());
            String readme = Files.readString(folder.resolve(PoseModel.README_FILE));
            assertTrue(readme.contains("mobilenetv2 student") && readme.contains("class PoseStudent"), readme);
        }
    }

    @Test
    void metadataWrittenBeforeStudentsReadsAsAnHourglass() throws Exception {
        Path folder = TinyModels.exported(dir.resolve("hourglass"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(folder.resolve(PoseModel.METADATA_FILE).toFile());
        ((ObjectNode) tree.get("network")).remove("backbone");
        Path old = dir.resolve("old-metadata.json");
        json.writeValue(old.toFile(), tree);
        ModelMetadata metadata = ModelMetadata.read(old);
        assertEquals(OkdhpArchitecture.hourglass(TinyModels.FEATURES, 16, 3, TinyModels.DEPTH), metadata.architecture());
    }
}
