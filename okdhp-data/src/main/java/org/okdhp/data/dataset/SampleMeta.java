package org.okdhp.data.dataset;

import java.nio.file.Path;
import org.okdhp.data.transform.CropBox;

/**
 * What validation needs to map a sample's heatmaps back to its image and report it.
 *
 * @param index the instance's index in the dataset
 * @param imageId the instance's image id (COCO id, MPII image index, or -1)
 * @param image the image path as annotated
 * @param box the crop actually taken: center px and scale after any flip and scale augmentation,
 *     rotation degrees (0 in eval mode)
 * @param flipped whether the sample was mirrored (train mode only)
 * @param score the instance's box score (1 for ground truth)
 */
public record SampleMeta(int index, long imageId, Path image, CropBox box, boolean flipped, double score) {
}
