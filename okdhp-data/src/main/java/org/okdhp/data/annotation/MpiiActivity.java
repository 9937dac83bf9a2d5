package org.okdhp.data.annotation;

/**
 * The activity an MPII image shows ({@code RELEASE.act}).
 *
 * @param category e.g. "sports", or "" when not given
 * @param name e.g. "curling", or "" when not given
 * @param id the activity id, or -1 when not given
 */
public record MpiiActivity(String category, String name, int id) {

    public static final MpiiActivity UNKNOWN = new MpiiActivity("", "", -1);
}
