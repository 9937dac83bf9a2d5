package org.okdhp.data.annotation;

import java.util.List;

/**
 * One image of the official MPII release ({@code RELEASE.annolist(i)} with its flags).
 *
 * @param index 0-based position in {@code annolist}, used as the image id
 * @param name the image file name
 * @param train {@code img_train}: true for the training split (joints annotated)
 * @param rects the person rectangles, in file order
 * @param singlePersonRects {@code single_person}: 0-based indices into {@code rects} of the
 *     sufficiently separated people
 * @param activity {@code act(i)}
 */
public record MpiiImage(int index, String name, boolean train, List<MpiiRect> rects,
                        List<Integer> singlePersonRects, MpiiActivity activity) {

    public MpiiImage {
        rects = List.copyOf(rects);
        singlePersonRects = List.copyOf(singlePersonRects);
    }
}
