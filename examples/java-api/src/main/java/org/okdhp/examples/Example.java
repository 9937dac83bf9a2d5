package org.okdhp.examples;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.okdhp.core.model.OkdhpArchitecture;
import org.okdhp.data.image.ImageSize;
import org.okdhp.data.synthetic.SyntheticConfig;
import org.okdhp.data.synthetic.SyntheticPoseDataset;
import org.okdhp.train.config.ConfigLoader;
import org.okdhp.train.config.TrainingConfig;
import org.okdhp.train.data.TrainingData;
import org.okdhp.train.data.TrainingDataFactory;
import org.okdhp.train.export.PoseModel;
import org.okdhp.train.loop.RunFolder;
import org.okdhp.train.loop.TrainingOutcome;
import org.okdhp.train.loop.TrainingRun;
import org.okdhp.train.predict.Joints;
import org.okdhp.train.predict.PersonRegion;
import org.okdhp.train.predict.PoseInput;

/**
 * okdhp from Java, start to finish, in seconds on a CPU: an OKDHP network (1 shared stack, 3
 * branches of 1 stack, the FAU), a few training steps on the built-in synthetic figures, the best
 * branch pruned out and exported as a plain 2-stack hourglass, and that model predicting the
 * joints of a person in an image file through DJL's {@code Predictor}.
 *
 * <p>Run with a working folder as the only argument (default: a new temporary folder).
 */
public final class Example {

    private Example() {}

    public static void main(String[] args) throws IOException, TranslateException {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("okdhp-example");
        run(work, System.out);
    }

    /** Trains, exports and predicts in {@code work}; returns the joints predicted for the image. */
    public static Joints run(Path work, PrintStream out) throws IOException, TranslateException {
        // The network and the recipe: the demo preset (synthetic data, CPU) shrunk to 4 steps of 4 images.
        TrainingConfig config = ConfigLoader.load("demo", List.of(
                "model.features=16", "model.shared_stacks=1", "model.branches=1,1,1",
                "data.input_size=64x64", "data.heatmap_size=16x16",
                "data.synthetic_train_size=16", "data.synthetic_val_size=8",
                "optim.epochs=1", "optim.batch_size=4"));
        OkdhpArchitecture network = config.model().architecture();
        out.printf("OKDHP network: %d features, %d shared stack, branches %s, a Feature Aggregation Unit%n",
                network.features(), network.sharedStacks(), network.branches());

        // Train every branch at once, the FAU ensemble teaching them; then keep the best branch alone.
        TrainingData data = TrainingDataFactory.open(config.data(), config.run().seed());
        Path model;
        try (TrainingRun run = TrainingRun.start(config, data, new RunFolder(work.resolve("run")), Device.cpu(), out)) {
            TrainingOutcome outcome = run.train();
            int best = outcome.validation().bestBranch();
            model = run.exportBestBranch(outcome.validation());
            out.printf("%d steps; branch %d exported as a plain %d-stack hourglass to %s%n",
                    outcome.steps(), best, network.prunedTo(best).branches().get(0), model);
        }

        // An image file to predict on: a synthetic figure stands in for your photo.
        Path image = work.resolve("person.png");
        BufferedImage figure = SyntheticPoseDataset.generate(SyntheticConfig.of(1, 42).withImageSize(ImageSize.square(64)))
                .render(0).toBufferedImage();
        ImageIO.write(figure, "png", image.toFile());

        // The exported folder is all a user needs: load it, hand its network to a DJL Predictor.
        try (PoseModel pose = PoseModel.load(model); Model djl = Model.newInstance("okdhp")) {
            djl.setBlock(pose.network());
            try (Predictor<PoseInput, Joints> predictor = djl.newPredictor(pose.translator(true))) {
                // The person's box, as a person detector would report it: x, y, width, height in px.
                PersonRegion person = new PersonRegion.Box(8, 8, 48, 48);
                Joints joints = predictor.predict(PoseInput.of(ImageIO.read(image.toFile()), person));
                out.printf("joints of %s (x, y in px, score):%n", image);
                joints.joints().forEach(j -> out.printf("  %-11s %6.1f %6.1f  %.2f%n", j.name(), j.x(), j.y(), j.score()));
                return joints;
            }
        }
    }
}
