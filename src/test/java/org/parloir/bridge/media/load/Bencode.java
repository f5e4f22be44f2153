package org.parloir.bridge.media.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bencoding rtpengine's ng protocol carries its dictionaries in: strings as {@code <length>:<bytes>},
 * integers as {@code i<n>e}, lists {@code l…e} and dictionaries {@code d…e}. Strings decode to Java strings
 * (UTF-8; SDP is ASCII), integers to {@code Long}.
 */
final class Bencode {

    private final byte[] in;
    private int at;

    private Bencode(byte[] in, int at) {
        this.in = in;
        this.at = at;
    }

    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, Object value) {
        switch (value) {
            case String s -> {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(b);
            }
            case Number n -> out.writeBytes(("i" + n.longValue() + "e").getBytes(StandardCharsets.US_ASCII));
            case List<?> l -> {
                out.write('l');
                l.forEach(v -> write(out, v));
                out.write('e');
            }
            case Map<?, ?> m -> {
                out.write('d');
                m.forEach((k, v) -> {
                    write(out, k.toString());
                    write(out, v);
                });
                out.write('e');
            }
            default -> throw new IllegalArgumentException("not bencodable: " + value.getClass());
        }
    }

    /** Decodes the value starting at {@code offset} of {@code data}. */
    static Object decode(byte[] data, int offset) {
        return new Bencode(data, offset).value();
    }

    private Object value() {
        byte c = in[at];
        switch (c) {
            case 'i' -> {
                int end = indexOf('e');
                long v = Long.parseLong(new String(in, at + 1, end - at - 1, StandardCharsets.US_ASCII));
                at = end + 1;
                return v;
            }
            case 'l' -> {
                at++;
                List<Object> list = new ArrayList<>();
                while (in[at] != 'e') {
                    list.add(value());
                }
                at++;
                return list;
            }
            case 'd' -> {
                at++;
                Map<String, Object> map = new LinkedHashMap<>();
                while (in[at] != 'e') {
                    String key = (String) value();
                    map.put(key, value());
                }
                at++;
                return map;
            }
            default -> {
                int colon = indexOf(':');
                int length = Integer.parseInt(new String(in, at, colon - at, StandardCharsets.US_ASCII));
                String s = new String(in, colon + 1, length, StandardCharsets.UTF_8);
                at = colon + 1 + length;
                return s;
            }
        }
    }

    private int indexOf(char c) {
        for (int i = at; i < in.length; i++) {
            if (in[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("truncated bencoding");
    }
}
