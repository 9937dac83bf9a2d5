package org.okdhp.data.annotation;

/**
 * An image entry of a COCO file.
 *
 * @param width px
 * @param height px
 */
public record CocoImage(long id, String fileName, int width, int height) {}
