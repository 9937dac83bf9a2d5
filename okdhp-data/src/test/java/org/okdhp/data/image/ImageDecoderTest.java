package org.okdhp.data.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

    @TempDir
    Path dir;

    /** A 5x3 image whose pixel (x, y) has R = 40x + 1, G = 60y + 2, B = 7 (x + y) + 3. */
    private static BufferedImage pattern(int type) {
        BufferedImage image = new BufferedImage(5, 3, type);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                image.setRGB(x, y, new Color(40 * x + 1, 60 * y + 2, 7 * (x + y) + 3).getRGB());
            }
        }
        return image;
    }

    private static void assertPattern(RgbImage image) {
        assertEquals(5, image.width());
        assertEquals(3, image.height());
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(40 * x + 1, image.get(x, y, 0), "R at " + x + "," + y);
                assertEquals(60 * y + 2, image.get(x, y, 1), "G at " + x + "," + y);
                assertEquals(7 * (x + y) + 3, image.get(x, y, 2), "B at " + x + "," + y);
            }
        }
    }

    private Path writePng(BufferedImage image, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, "png", file.toFile()));
        return file;
    }

    @Test
    void pngOfEveryCommonLayoutDecodesToTheSameRgb() throws IOException {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR}) {
            assertPattern(ImageDecoder.read(writePng(pattern(type), "p" + type + ".png")));
        }
    }

    @Test
    void inMemoryLayoutsConvertWithoutDecoding() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_INT_BGR}) {
            assertPattern(RgbImage.of(pattern(type)));
        }
        BufferedImage pattern = pattern(BufferedImage.TYPE_INT_RGB);
        assertPattern(RgbImage.of(RgbImage.of(pattern).toBufferedImage()));
    }

    @Test
    void grayAndIndexedPngsBecomeRgb() throws IOException {
        BufferedImage gray = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(1, 1, 0, 200);
        RgbImage g = ImageDecoder.read(writePng(gray, "gray.png"));
        assertEquals(200, g.get(1, 1, 0));
        assertEquals(200, g.get(1, 1, 2));
        assertEquals(0, g.get(0, 0, 1));

        byte[] r = {0, (byte) 255};
        byte[] gr = {0, (byte) 128};
        byte[] b = {0, 10};
        BufferedImage indexed = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(1, 2, r, gr, b));
        indexed.getRaster().setSample(2, 0, 0, 1);
        RgbImage i = ImageDecoder.read(writePng(indexed, "indexed.png"));
        assertArrayEquals(new int[] {255, 128, 10}, new int[] {i.get(2, 0, 0), i.get(2, 0, 1), i.get(2, 0, 2)});
        assertEquals(0, i.get(0, 0, 0));
    }

    @Test
    void jpegDecodesCloseToTheOriginal() throws IOException {
        BufferedImage flat = new BufferedImage(32, 16, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = flat.createGraphics();
        g.setColor(new Color(200, 60, 30));
        g.fillRect(0, 0, 32, 16);
        g.dispose();
        Path file = dir.resolve("flat.jpg");
        assertTrue(ImageIO.write(flat, "jpeg", file.toFile()));
        RgbImage image = ImageDecoder.read(file);
        assertEquals(200, image.get(10, 8, 0), 4);
        assertEquals(60, image.get(10, 8, 1), 4);
        assertEquals(30, image.get(10, 8, 2), 4);
    }

    /**
     * An Adobe-style CMYK JPEG (4 components, APP14 "Adobe" marker, inverted ink values), the
     * kind the JDK's own reader rejects; TwelveMonkeys converts it to RGB.
     */
    @Test
    void cmykJpegDecodesToRgb() throws IOException {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        int[] storedInk = {255 - 0, 255 - 200, 255 - 200, 255 - 0}; // C 0, M 200, Y 200, K 0: red
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                cmyk.setPixel(x, y, storedInk);
            }
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(encoded)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(cmyk, null, null), null);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = encoded.toByteArray();
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] withMarker = new byte[jpeg.length + adobe.length];
        System.arraycopy(jpeg, 0, withMarker, 0, 2); // after SOI
        System.arraycopy(adobe, 0, withMarker, 2, adobe.length);
        System.arraycopy(jpeg, 2, withMarker, 2 + adobe.length, jpeg.length - 2);
        Path file = Files.write(dir.resolve("cmyk.jpg"), withMarker);

        RgbImage image = ImageDecoder.read(file);
        assertEquals(255, image.get(5, 4, 0), 25);
        assertEquals(55, image.get(5, 4, 1), 25);
        assertEquals(55, image.get(5, 4, 2), 25);
    }

    @Test
    void missingFileNamesTheFile() {
        Path missing = dir.resolve("nope.jpg");
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageDecoder.read(missing));
        assertTrue(e.getMessage().contains("nope.jpg") && e.getMessage().contains("not found"), e.getMessage());
        assertEquals(missing, e.file());
    }

    @Test
    void emptyAndNonImageFilesAreRejected() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertTrue(assertThrows(ImageReadException.class, () -> ImageDecoder.read(empty)).getMessage().contains("empty"));
        Path text = Files.writeString(dir.resolve("text.jpg"), "this is not a picture");
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageDecoder.read(text));
        assertTrue(e.getMessage().contains("text.jpg") && e.getMessage().contains("not a recognised image"), e.getMessage());
    }

    @Test
    void truncatedJpegAndPngAreRejected() throws IOException {
        BufferedImage noise = new BufferedImage(256, 256, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random random = new java.util.Random(1);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        for (String format : new String[] {"jpeg", "png"}) {
            Path whole = dir.resolve("whole." + format);
            assertTrue(ImageIO.write(noise, format, whole.toFile()));
            byte[] bytes = Files.readAllBytes(whole);
            Path cut = Files.write(dir.resolve("cut." + format), Arrays.copyOf(bytes, bytes.length / 2));
            ImageReadException e = assertThrows(ImageReadException.class, () -> ImageDecoder.read(cut), format);
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            String lower = e.getMessage().toLowerCase(Locale.ROOT);
            assertTrue(lower.contains("truncated") || lower.contains("cannot decode"), e.getMessage());
        }
    }

    @Test
    void fixturePhotosDecode() throws IOException {
        String shared = System.getProperty("okdhp.shared");
        Path fixture = shared == null ? null : Path.of(shared, "fixtures", "mpii", "004645041.jpg");
        Assumptions.assumeTrue(fixture != null && Files.isRegularFile(fixture), "shared fixtures not available");
        RgbImage image = ImageDecoder.read(fixture);
        assertEquals(1280, image.width());
        assertEquals(720, image.height());
        // A real photo is not constant.
        int first = image.get(0, 0, 0);
        boolean varies = false;
        for (int x = 0; x < image.width() && !varies; x += 7) {
            varies = image.get(x, image.height() / 2, 0) != first;
        }
        assertTrue(varies);
    }
}
