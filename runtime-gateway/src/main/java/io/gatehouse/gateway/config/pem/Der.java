package io.gatehouse.gateway.config.pem;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The few DER encodings and the minimal parser {@link Pem} needs to rewrap keys. */
final class Der {

    static final byte[] NULL = { 0x05, 0x00 };

    private Der() {
    }

    static byte[] sequence(byte[]... parts) {
        return tagged(0x30, concat(parts));
    }

    static byte[] integer(int value) {
        return tagged(0x02, new byte[] { (byte) value });
    }

    static byte[] octetString(byte[] content) {
        return tagged(0x04, content);
    }

    static byte[] bitString(byte[] content) {
        byte[] withPadding = new byte[content.length + 1];
        System.arraycopy(content, 0, withPadding, 1, content.length);
        return tagged(0x03, withPadding);
    }

    static byte[] oid(String hexContent) {
        return tagged(0x06, HexFormat.of().parseHex(hexContent));
    }

    static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        }
        else {
            int bytes = length > 0xFFFFFF ? 4 : length > 0xFFFF ? 3 : length > 0xFF ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Parses one DER element (constructed elements with their children). */
    static Node parse(byte[] der) {
        Node node = parse(der, 0);
        if (node.end() != der.length) {
            throw new PemException("trailing bytes after DER structure");
        }
        return node;
    }

    private static Node parse(byte[] der, int start) {
        if (start + 2 > der.length) {
            throw new PemException("truncated DER structure");
        }
        int tag = der[start] & 0xFF;
        int lengthByte = der[start + 1] & 0xFF;
        int offset = start + 2;
        int length;
        if (lengthByte < 0x80) {
            length = lengthByte;
        }
        else {
            int bytes = lengthByte & 0x7F;
            if (bytes == 0 || bytes > 4 || offset + bytes > der.length) {
                throw new PemException("bad DER length");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[offset + i] & 0xFF);
            }
            offset += bytes;
        }
        int end = offset + length;
        if (length < 0 || end > der.length) {
            throw new PemException("truncated DER structure");
        }
        List<Node> children = new ArrayList<>();
        if ((tag & 0x20) != 0) {
            int position = offset;
            while (position < end) {
                Node child = parse(der, position);
                children.add(child);
                position = child.end();
            }
        }
        byte[] encoded = new byte[end - start];
        System.arraycopy(der, start, encoded, 0, encoded.length);
        return new Node(tag, encoded, children, end);
    }

    record Node(int tag, byte[] encoded, List<Node> children, int end) {
    }

}
