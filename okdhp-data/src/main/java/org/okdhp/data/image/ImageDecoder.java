package org.okdhp.data.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes JPEG and PNG files into {@link RgbImage}s through ImageIO. TwelveMonkeys' JPEG reader
 * (on the classpath, registered ahead of the JDK's) handles the CMYK, YCCK and broken-ICC JPEGs
 * found in real photo collections. Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {

    /**
     * Warning texts (lower case) that mean pixels are missing. JPEG decoders only warn about a
     * truncated file and fill the rest with grey; a training sample made from that is silently
     * wrong, so these warnings fail the read. Other warnings (e.g. extraneous bytes before a
     * marker, common in COCO) leave the image intact and are ignored.
     */
    private static final List<String> TRUNCATION_WARNINGS =
            List.of("truncated", "premature end", "missing eoi");

    private ImageDecoder() {
    }

    /**
     * @throws ImageReadException when the file is missing, empty, not an image, or truncated;
     *     the message names the file and the problem
     */
    public static RgbImage read(Path file) throws ImageReadException {
        if (!Files.isRegularFile(file)) {
            throw new ImageReadException(file, Files.exists(file) ? "not a regular file" : "file not found");
        }
        try {
            if (Files.size(file) == 0) {
                throw new ImageReadException(file, "empty file");
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageReadException(file, "cannot read: " + e.getMessage(), e);
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageReadException(file, "not a recognised image format (JPEG or PNG expected)");
            }
            ImageReader reader = readers.next();
            List<String> truncation = new ArrayList<>();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> {
                    if (isTruncationWarning(warning)) {
                        truncation.add(warning);
                    }
                });
                BufferedImage image = reader.read(0);
                if (!truncation.isEmpty()) {
                    throw new ImageReadException(file, "truncated or corrupt image data (" + truncation.get(0) + ")");
                }
                return BufferedImageConversion.toRgb(image);
            } finally {
                reader.dispose();
            }
        } catch (ImageReadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Decoders signal broken data with IIOException but also with IndexOutOfBounds and
            // similar runtime exceptions; both mean "this file is not a usable image".
            throw new ImageReadException(file, "cannot decode image: " + describe(e), e);
        }
    }

    private static boolean isTruncationWarning(String warning) {
        String lower = warning.toLowerCase(Locale.ROOT);
        return TRUNCATION_WARNINGS.stream().anyMatch(lower::contains);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && !cause.getMessage().equals(message)) {
            message = message + " (" + cause.getMessage() + ")";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
