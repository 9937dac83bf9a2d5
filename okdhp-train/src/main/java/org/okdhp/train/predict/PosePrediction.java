package org.okdhp.train.predict;

import org.okdhp.data.transform.CropBox;

/**
 * A person's keypoints together with the crop they were predicted in.
 *
 * @param box the crop: center px and scale = box width / 200 px
 * @param joints the keypoints in image px
 */
public record PosePrediction(CropBox box, Joints joints) {
}
