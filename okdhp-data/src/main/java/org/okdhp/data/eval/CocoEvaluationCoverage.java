package org.okdhp.data.eval;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.okdhp.data.annotation.CocoAnnotation;
import org.okdhp.data.annotation.CocoAnnotations;
import org.okdhp.data.annotation.CocoCategory;
import org.okdhp.data.annotation.CocoKeypointResult;

/**
 * What a COCO keypoint evaluation will actually compare: pycocotools silently drops results of a
 * category the ground truth does not have, and scores -1 when no ground-truth person has a
 * labelled keypoint. These counts let a caller say so instead of printing an AP of 0 or -1.
 *
 * @param results results in the file
 * @param otherCategory results whose category_id is not one of the ground truth's, not evaluated
 * @param otherCategoryIds those results' category ids
 * @param groundTruthCategoryIds the ground truth's category ids
 * @param people ground-truth annotations of its categories
 * @param labelledPeople those with at least one labelled keypoint and not crowd: what AP is measured on
 */
public record CocoEvaluationCoverage(int results, int otherCategory, Set<Long> otherCategoryIds,
        Set<Long> groundTruthCategoryIds, int people, int labelledPeople) {

    public static CocoEvaluationCoverage of(CocoAnnotations groundTruth, List<CocoKeypointResult> results) {
        Set<Long> categories = new TreeSet<>(groundTruth.categories().stream().map(CocoCategory::id).toList());
        Set<Long> others = new TreeSet<>();
        int otherCategory = 0;
        for (CocoKeypointResult result : results) {
            if (!categories.contains(result.categoryId())) {
                otherCategory++;
                others.add(result.categoryId());
            }
        }
        int people = 0;
        int labelled = 0;
        for (CocoAnnotation person : groundTruth.annotations()) {
            if (categories.contains(person.categoryId())) {
                people++;
                labelled += !person.crowd() && person.numKeypoints() > 0 ? 1 : 0;
            }
        }
        return new CocoEvaluationCoverage(results.size(), otherCategory, Set.copyOf(others), Set.copyOf(categories),
                people, labelled);
    }

    /** Why the numbers would mean nothing, or null when they are meaningful. */
    public String emptyEvaluation() {
        if (results == 0) {
            return "holds no results, so every AP would be 0";
        }
        if (otherCategory == results) {
            return "all " + results + " results have category_id " + new TreeSet<>(otherCategoryIds)
                    + " but the ground truth's categories are " + new TreeSet<>(groundTruthCategoryIds)
                    + ", so none would be evaluated";
        }
        if (labelledPeople == 0) {
            return "the ground truth has no person with a labelled keypoint (" + people
                    + " annotations, all crowd or num_keypoints 0), so AP and AR are undefined (pycocotools prints -1)";
        }
        return null;
    }

    /** A warning about results left out, or null when every result is evaluated. */
    public String partialEvaluation() {
        return otherCategory == 0 ? null : otherCategory + " of " + results + " results have a category_id "
                + new TreeSet<>(otherCategoryIds) + " the ground truth does not have (" + new TreeSet<>(groundTruthCategoryIds)
                + ") and are not evaluated";
    }
}
