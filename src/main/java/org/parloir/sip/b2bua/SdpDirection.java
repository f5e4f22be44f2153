package org.parloir.sip.b2bua;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The direction of our answer to a new offer in a call (RFC 3264 §6.1, §8.4): the counterpart of the offer's —
 * {@code sendonly} (the peer puts us on hold) is answered {@code recvonly}, {@code inactive} {@code inactive},
 * {@code recvonly} {@code sendonly}, anything else {@code sendrecv}. Our answer is our last description with that
 * direction; when that changes it, its origin's version goes up by one (§8: a changed description has a new
 * version). Used where the B2BUA answers for the bridge, whose media relay takes whatever the peer sends.
 */
final class SdpDirection {

    private static final Set<String> DIRECTIONS = Set.of("sendrecv", "sendonly", "recvonly", "inactive");

    private SdpDirection() {
    }

    /** {@code ours} with the direction that answers {@code offer}; {@code ours} itself when nothing changes. */
    static byte[] answer(byte[] ours, byte[] offer) {
        if (ours == null || offer == null) {
            return ours;
        }
        String wanted = switch (direction(offer)) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            case "inactive" -> "inactive";
            default -> "sendrecv";
        };
        return with(ours, wanted);
    }

    /** {@code ours} with {@code wanted} as its direction and a new version; {@code ours} itself when it has it. */
    static byte[] with(byte[] ours, String wanted) {
        if (ours == null || wanted.equals(direction(ours))) {
            return ours;
        }
        StringBuilder out = new StringBuilder();
        boolean written = false;
        for (String line : lines(ours)) {
            if (line.startsWith("a=") && DIRECTIONS.contains(line.substring(2).trim().toLowerCase(Locale.ROOT))) {
                if (!written) {
                    out.append("a=").append(wanted).append("\r\n"); // one direction, where the first one was
                    written = true;
                }
                continue;
            }
            out.append(line.startsWith("o=") ? nextVersion(line) : line).append("\r\n");
        }
        if (!written) {
            out.append("a=").append(wanted).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The direction a description gives its (first) audio stream: its media-level attribute, else the
     * session-level one (RFC 4566 §6), else {@code sendrecv}.
     */
    static String direction(byte[] sdp) {
        String session = null;
        String media = null;
        boolean inMedia = false;
        for (String line : lines(sdp)) {
            if (line.startsWith("m=")) {
                if (inMedia) {
                    break; // the first stream only: ours have one
                }
                inMedia = true;
            } else if (line.startsWith("a=")) {
                String attr = line.substring(2).trim().toLowerCase(Locale.ROOT);
                if (DIRECTIONS.contains(attr)) {
                    if (inMedia) {
                        media = attr;
                    } else {
                        session = attr;
                    }
                }
            }
        }
        return media != null ? media : session != null ? session : "sendrecv";
    }

    private static String[] lines(byte[] sdp) {
        return new String(sdp, StandardCharsets.UTF_8).split("\r?\n");
    }

    /** {@code o=<username> <sess-id> <sess-version> ...} with the version one higher (kept when unparsable). */
    private static String nextVersion(String line) {
        String[] f = line.substring(2).split(" ");
        if (f.length != 6) {
            return line;
        }
        try {
            f[2] = Long.toString(Long.parseLong(f[2]) + 1);
        } catch (NumberFormatException e) {
            return line;
        }
        return "o=" + String.join(" ", f);
    }
}
