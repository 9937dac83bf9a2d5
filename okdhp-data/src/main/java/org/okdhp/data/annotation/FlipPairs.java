package org.okdhp.data.annotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Left/right keypoint pairs found from their names, for keypoint sets whose file does not list
 * them: a name with a left token (a word "left" or "l" between separators, e.g. {@code left_eye},
 * {@code l_ankle}, {@code front_left_paw}) pairs with the one name that reads the same with the
 * right token ("right" or "r") in that place, in the same case. A name without such a partner
 * stays unpaired (a horizontal flip maps it to itself).
 */
public final class FlipPairs {

    private static final Map<String, String> LEFT_TO_RIGHT = Map.of("left", "right", "l", "r");
    private static final String SEPARATORS = "(?<=[_\\-. ])|(?=[_\\-. ])";

    private FlipPairs() {}

    /** The pairs {left index, right index} found in {@code names}, in the order of the left names. */
    public static int[][] inferred(List<String> names) {
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String partner = rightPartner(names.get(i));
            int j = partner == null ? -1 : names.indexOf(partner);
            if (j >= 0 && j != i && names.lastIndexOf(partner) == j) {
                pairs.add(new int[] {i, j});
            }
        }
        return pairs.toArray(int[][]::new);
    }

    /** "left_eye <-> right_eye, l_ankle <-> r_ankle" (or "none"), for telling a user what was found. */
    public static String describe(List<String> names, int[][] pairs) {
        if (pairs.length == 0) {
            return "none";
        }
        List<String> described = new ArrayList<>();
        for (int[] pair : pairs) {
            described.add(names.get(pair[0]) + " <-> " + names.get(pair[1]));
        }
        return String.join(", ", described);
    }

    /** The side a keypoint's name marks. */
    public enum Side { LEFT, RIGHT, NONE }

    /**
     * The side the name's one side token marks ("left"/"l" or "right"/"r" between separators, in any
     * case: l_ankle, front_left_paw, Right-Wrist), or NONE when it has none or several.
     */
    public static Side side(String name) {
        Side found = Side.NONE;
        for (String token : name.split(SEPARATORS)) {
            String t = token.toLowerCase(Locale.ROOT);
            Side side = LEFT_TO_RIGHT.containsKey(t) ? Side.LEFT : LEFT_TO_RIGHT.containsValue(t) ? Side.RIGHT : Side.NONE;
            if (side != Side.NONE) {
                if (found != Side.NONE) {
                    return Side.NONE;
                }
                found = side;
            }
        }
        return found;
    }

    /** The name with its one left token turned right, or null when it has no left token or several. */
    private static String rightPartner(String name) {
        String[] tokens = name.split(SEPARATORS);
        int found = -1;
        for (int t = 0; t < tokens.length; t++) {
            if (LEFT_TO_RIGHT.containsKey(tokens[t].toLowerCase(Locale.ROOT))) {
                if (found >= 0) {
                    return null;
                }
                found = t;
            }
        }
        if (found < 0) {
            return null;
        }
        String left = tokens[found];
        String right = LEFT_TO_RIGHT.get(left.toLowerCase(Locale.ROOT));
        tokens[found] = left.equals(left.toUpperCase(Locale.ROOT)) ? right.toUpperCase(Locale.ROOT)
                : Character.isUpperCase(left.charAt(0)) ? Character.toUpperCase(right.charAt(0)) + right.substring(1)
                : right;
        return String.join("", tokens);
    }
}
