package io.gatehouse.platform.analytics;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;

import org.HdrHistogram.Histogram;

/** The stored form of latency histograms: HdrHistogram's compressed encoding, as gateways send it. */
final class TrafficHistograms {

    /** Two significant digits, like the gateways' histograms. */
    static final int SIGNIFICANT_DIGITS = 2;

    private TrafficHistograms() {
    }

    static Histogram empty() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    static Histogram decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return empty();
        }
        try {
            Histogram histogram = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            histogram.setAutoResize(true);
            return histogram;
        } catch (DataFormatException | RuntimeException ex) {
            throw new IllegalArgumentException("not an encoded histogram: " + ex.getMessage(), ex);
        }
    }

    static byte[] encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return java.util.Arrays.copyOf(buffer.array(), length);
    }
}
