package org.okdhp.core.student;

import static org.okdhp.core.model.Layers.apply;
import static org.okdhp.core.model.Layers.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.okdhp.core.model.Layers;
import org.okdhp.core.model.OkdhpBlock;

/**
 * A backbone block whose main path is {@link ConvBn} units one after the other (a ResNet block, an
 * inverted residual); the subclass adds what joins the input back.
 */
abstract class ConvChain extends OkdhpBlock {

    /** The units in forward order. */
    protected final List<ConvBn> units = new ArrayList<>();

    protected ConvChain(List<ConvBn> units, List<String> names) {
        for (int i = 0; i < units.size(); i++) {
            this.units.add(addChildBlock(names.get(i), units.get(i)));
        }
    }

    /** The main path on {@code x}. */
    protected NDArray chain(ParameterStore ps, NDArray x, boolean training) {
        NDArray y = x;
        for (ConvBn unit : units) {
            y = apply(unit, ps, y, training);
        }
        return y;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[] {outputShape(units, inputs[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        initialize(units, manager, dataType, inputs[0]);
    }

    /** The output shape of blocks run one after the other. */
    static Shape outputShape(List<? extends Block> blocks, Shape input) {
        Shape s = input;
        for (Block block : blocks) {
            s = Layers.outputShape(block, s);
        }
        return s;
    }

    /** Initialises blocks run one after the other, each for its predecessor's output. */
    static void initialize(List<? extends Block> blocks, NDManager manager, DataType dataType, Shape input) {
        Shape s = input;
        for (Block block : blocks) {
            s = init(block, manager, dataType, s);
        }
    }
}
