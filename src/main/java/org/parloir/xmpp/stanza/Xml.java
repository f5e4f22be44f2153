package org.parloir.xmpp.stanza;

/** XML escaping for serialisation (XML 1.0 §2.4, §3.3.3). */
public final class Xml {

    private Xml() {
    }

    /** The escaped form of an attribute value. */
    public static String escapeAttribute(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        escape(s, sb, true);
        return sb.toString();
    }

    /** Escapes {@code s} into {@code out}, for an attribute value or for character data. */
    public static void escape(String s, StringBuilder out, boolean attribute) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append(attribute ? "&quot;" : "\"");
                case '\'' -> out.append(attribute ? "&apos;" : "'");
                case '\n', '\r', '\t' -> {
                    if (attribute) {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
                default -> out.append(c);
            }
        }
    }
}
