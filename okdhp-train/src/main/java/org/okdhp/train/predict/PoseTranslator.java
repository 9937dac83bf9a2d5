package org.okdhp.train.predict;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.okdhp.core.model.OkdhpNetwork;
import org.okdhp.data.transform.CropBox;

/**
 * Lets DJL's {@code Predictor} run an exported pose model: one {@link PoseInput} (image and
 * person) in, its {@link Joints} in image px out. The crop, normalisation, flip test and decoding
 * are those of {@code PoseModel.predict}; the block is the pruned network as trained, where
 * {@code PoseModel.predict} runs its inference graph with the batch norms folded, so the joints are
 * the same to float32 rounding.
 *
 * <pre>{@code
 * try (PoseModel pose = PoseModel.load(Path.of("runs/demo/best-branch"));
 *         Model model = Model.newInstance("okdhp")) {
 *     model.setBlock(pose.network());
 *     try (Predictor<PoseInput, Joints> predictor = model.newPredictor(pose.translator(true))) {
 *         BufferedImage photo = ImageIO.read(new File("person.jpg"));
 *         Joints whole = predictor.predict(PoseInput.of(photo));             // whole image = person box
 *         Joints boxed = predictor.predict(PoseInput.of(photo, new PersonRegion.Box(410, 95, 180, 420)));
 *         System.out.println(boxed.get("r_wrist"));
 *     }
 * }
 * }</pre>
 *
 * <p>The block must be a single-branch (pruned) {@link OkdhpNetwork}: its last output is the
 * prediction. Each input is its own batch (two crops with the flip test), so no batchifier.
 */
public final class PoseTranslator implements Translator<PoseInput, Joints> {

    private static final String CROP = "okdhp.crop";

    private final PoseCodec codec;
    private final boolean flipTest;

    /**
     * @param codec the model's crop and decoding settings ({@code PoseModel.metadata().codec()})
     * @param flipTest also run the mirrored crop and average the heatmaps (spec section 5)
     */
    public PoseTranslator(PoseCodec codec, boolean flipTest) {
        this.codec = codec;
        this.flipTest = flipTest;
    }

    @Override
    public void prepare(TranslatorContext ctx) {
        if (ctx.getBlock() instanceof OkdhpNetwork network && network.architecture().branchCount() != 1) {
            throw new IllegalStateException("PoseTranslator needs a pruned single-branch network, the model's block has "
                    + network.architecture().branchCount() + " branches (export it with BestBranchExporter)");
        }
    }

    @Override
    public NDList processInput(TranslatorContext ctx, PoseInput input) {
        CropBox box = codec.cropBox(input.region());
        ctx.setAttachment(CROP, box);
        return new NDList(codec.inputs(ctx.getNDManager(), input.image(), List.of(box), flipTest));
    }

    @Override
    public Joints processOutput(TranslatorContext ctx, NDList stackHeatmaps) {
        CropBox box = (CropBox) ctx.getAttachment(CROP);
        return codec.decode(stackHeatmaps.get(stackHeatmaps.size() - 1), List.of(box), flipTest).get(0);
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }
}
