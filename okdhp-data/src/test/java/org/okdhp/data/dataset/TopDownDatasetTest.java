package org.okdhp.data.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.okdhp.data.annotation.JointSet;
import org.okdhp.data.annotation.PoseInstance;
import org.okdhp.data.heatmap.DecodedPose;
import org.okdhp.data.heatmap.HeatmapDecoder;
import org.okdhp.data.image.ImageReadException;
import org.okdhp.data.image.ImageSource;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.data.transform.Affine;
import org.okdhp.data.transform.AffineCrop;
import org.okdhp.data.transform.Augmentation;

class TopDownDatasetTest {

    private static final SyntheticPoseDataset SYNTHETIC = SyntheticPoseDataset.generate(22, 5);

    private static TopDownDataset train(TopDownConfig config, long seed) {
        return TopDownDataset.builder().source(SYNTHETIC.source()).config(config).train(seed).build();
    }

    private static TopDownDataset eval(TopDownConfig config) {
        return TopDownDataset.builder().source(SYNTHETIC.source()).config(config).eval().build();
    }

    @Test
    void batchesHaveTheNetworkShapesForSquareAndCocoInputs() {
        for (TopDownConfig config : new TopDownConfig[] {TopDownConfig.mpii(), TopDownConfig.coco()}) {
            LoaderConfig loaderConfig = LoaderConfig.training(4).withThreads(2);
            try (NDManager manager = NDManager.newBaseManager();
                    PoseBatchLoader loader = new PoseBatchLoader(train(config, 1), loaderConfig)) {
                int batches = 0;
                for (PoseBatch batch : loader.epoch(0, manager)) {
                    try (batch) {
                        assertEquals(new Shape(4, 3, config.inputSize().height(), config.inputSize().width()), batch.input().getShape());
                        assertEquals(new Shape(4, 16, config.heatmapSize().height(), config.heatmapSize().width()), batch.target().getShape());
                        assertEquals(new Shape(4, 16), batch.targetWeight().getShape());
                        assertEquals(4, batch.meta().size());
                    }
                    batches++;
                }
                assertEquals(22 / 4, batches, "last partial batch dropped in training");
            }
        }
        assertEquals(new Shape(3, 256, 192), train(TopDownConfig.coco(), 1).inputShape());
    }

    @Test
    void batchesAreIdenticalForAnyThreadCount() {
        TopDownDataset dataset = train(TopDownConfig.mpii(), 77);
        List<List<float[]>> runs = new ArrayList<>();
        List<List<Integer>> orders = new ArrayList<>();
        for (int threads : new int[] {0, 1, 2}) {
            List<float[]> arrays = new ArrayList<>();
            List<Integer> order = new ArrayList<>();
            LoaderConfig config = new LoaderConfig(5, true, false, threads, 2, false);
            try (NDManager manager = NDManager.newBaseManager(); PoseBatchLoader loader = new PoseBatchLoader(dataset, config)) {
                for (PoseBatch batch : loader.epoch(3, manager)) {
                    try (batch) {
                        arrays.add(batch.input().toFloatArray());
                        arrays.add(batch.target().toFloatArray());
                        arrays.add(batch.targetWeight().toFloatArray());
                        batch.meta().forEach(m -> order.add(m.index()));
                    }
                }
            }
            runs.add(arrays);
            orders.add(order);
        }
        assertEquals(22, orders.get(0).size(), "partial batch kept");
        assertNotEquals(java.util.stream.IntStream.range(0, 22).boxed().toList(), orders.get(0), "shuffled");
        for (int run = 1; run < runs.size(); run++) {
            assertEquals(orders.get(0), orders.get(run));
            assertEquals(runs.get(0).size(), runs.get(run).size());
            for (int i = 0; i < runs.get(0).size(); i++) {
                assertArrayEquals(runs.get(0).get(i), runs.get(run).get(i), "array " + i + " with run " + run);
            }
        }
    }

    @Test
    void sameSeedSameSampleOtherSeedOrEpochOther() throws ImageReadException {
        TopDownDataset a = train(TopDownConfig.mpii(), 10);
        TopDownDataset b = train(TopDownConfig.mpii(), 10);
        TopDownDataset c = train(TopDownConfig.mpii(), 11);
        PoseSample s = a.sample(4, 2);
        assertArrayEquals(s.input(), b.sample(4, 2).input());
        assertArrayEquals(s.target(), b.sample(4, 2).target());
        assertEquals(s.meta(), b.sample(4, 2).meta());
        assertFalse(java.util.Arrays.equals(s.input(), c.sample(4, 2).input()));
        assertFalse(java.util.Arrays.equals(s.input(), a.sample(4, 3).input()));
        assertNotEquals(a.augmentation(4, 2), a.augmentation(5, 2));
    }

    @Test
    void evalSamplesAreUnaugmentedAndTheirTargetsDecodeToTheAnnotation() throws ImageReadException {
        TopDownDataset dataset = eval(TopDownConfig.mpii());
        for (int i = 0; i < 6; i++) {
            PoseSample s = dataset.sample(i, 9);
            PoseInstance p = SYNTHETIC.instances().get(i);
            assertEquals(Augmentation.NONE, dataset.augmentation(i, 9));
            assertEquals(p.centerX(), s.meta().box().centerX());
            assertEquals(p.scale(), s.meta().box().scale());
            assertEquals(0, s.meta().box().rotationDegrees());
            DecodedPose decoded = HeatmapDecoder.decode(s.target(), 1, 16, 64, 64, List.of(s.meta().box())).get(0);
            double halfCellPx = 0.5 * p.scale() * AffineCrop.PIXEL_STD / 64;
            for (int j = 0; j < 16; j++) {
                if (s.targetWeight()[j] > 0) {
                    assertEquals(p.joints()[j][0], decoded.joints()[j][0], halfCellPx + 1e-3);
                    assertEquals(p.joints()[j][1], decoded.joints()[j][1], halfCellPx + 1e-3);
                }
            }
        }
    }

    @Test
    void trainMetaMapsCropJointsBackThroughFlipAndRotation() throws ImageReadException {
        TopDownDataset dataset = train(TopDownConfig.mpii(), 3);
        int flips = 0;
        int[] perm = JointSet.MPII.flipPermutation();
        for (int i = 0; i < 22; i++) {
            PoseSample s = dataset.sample(i, 0);
            PoseInstance p = SYNTHETIC.instances().get(i);
            Affine back = AffineCrop.cropToImage(s.meta().box(), 256, 256);
            float[][] inImage = back.apply(s.joints());
            for (int j = 0; j < 16; j++) {
                float[] expected = p.joints()[s.meta().flipped() ? perm[j] : j];
                float x = s.meta().flipped() ? 256 - 1 - inImage[j][0] : inImage[j][0];
                assertEquals(expected[0], x, 1e-2);
                assertEquals(expected[1], inImage[j][1], 1e-2);
            }
            flips += s.meta().flipped() ? 1 : 0;
        }
        assertTrue(flips > 0 && flips < 22, "some samples flipped: " + flips);
    }

    @Test
    void unreadableSamplesFailWithTheFileOrAreSkippedAndCounted() {
        ImageSource images = SYNTHETIC.source().images();
        ImageSource broken = path -> {
            if (path.toString().endsWith("000003.png") || path.toString().endsWith("000005.png")) {
                throw new ImageReadException(path, "cannot decode image: test damage");
            }
            return images.read(path);
        };
        PoseSource source = new PoseSource(SYNTHETIC.instances(), JointSet.MPII, broken);
        TopDownDataset dataset = TopDownDataset.builder().source(source).eval().build();
        LoaderConfig config = LoaderConfig.evaluation(4).withThreads(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            try (PoseBatchLoader loader = new PoseBatchLoader(dataset, config)) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                    for (PoseBatch batch : loader.epoch(0, manager)) {
                        batch.close();
                    }
                });
                assertTrue(e.getMessage().contains("synthetic_000003.png") && e.getMessage().contains("test damage"),
                        e.getMessage());
            }
            try (PoseBatchLoader loader = new PoseBatchLoader(dataset, config.withSkipUnreadable(true))) {
                int samples = 0;
                for (PoseBatch batch : loader.epoch(0, manager)) {
                    try (batch) {
                        samples += batch.size();
                        assertEquals(batch.size(), batch.input().getShape().get(0));
                    }
                }
                assertEquals(20, samples);
                assertEquals(2, loader.skippedCount());
            }
        }
    }

    @Test
    void closingABatchFreesItsArrays() {
        try (NDManager manager = NDManager.newBaseManager();
                PoseBatchLoader loader = new PoseBatchLoader(eval(TopDownConfig.mpii()), LoaderConfig.evaluation(8))) {
            List<PoseBatch> seen = new ArrayList<>();
            for (PoseBatch batch : loader.epoch(0, manager)) {
                batch.close();
                seen.add(batch);
            }
            assertEquals(3, seen.size());
            for (PoseBatch batch : seen) {
                assertTrue(batch.input().isReleased() && batch.target().isReleased() && batch.targetWeight().isReleased());
            }
            assertTrue(manager.getManagedArrays().isEmpty(), "nothing left on the caller's manager");
        }
    }

    @Test
    void djlGetDataYieldsStackedRecords() throws Exception {
        TopDownDataset dataset = TopDownDataset.builder().source(SYNTHETIC.source()).config(TopDownConfig.coco())
                .train(1).setSampling(3, false).build();
        dataset.setEpoch(2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = dataset.getData(manager).iterator().next();
            try (batch) {
                assertEquals(new Shape(3, 3, 256, 192), batch.getData().singletonOrThrow().getShape());
                assertEquals(new Shape(3, 16, 64, 48), batch.getLabels().get(0).getShape());
                assertEquals(new Shape(3, 16), batch.getLabels().get(1).getShape());
                assertArrayEquals(dataset.sample(0, 2).input(),
                        batch.getData().singletonOrThrow().get(0).toFloatArray());
            }
        }
    }

    @Test
    void derivedSeedsDifferPerPart() {
        assertNotEquals(DerivedSeed.of(1, 0, 1), DerivedSeed.of(1, 1, 0));
        assertNotEquals(DerivedSeed.of(1, 0), DerivedSeed.of(2, 0));
        assertEquals(DerivedSeed.of(1, 2, 3), DerivedSeed.of(1, 2, 3));
    }
}
