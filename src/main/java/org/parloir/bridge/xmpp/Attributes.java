package org.parloir.bridge.xmpp;

import org.parloir.xmpp.stanza.Element;

/** Reading Jingle attributes: a missing required one or a number that is none is a format error. */
final class Attributes {

    private Attributes() {
    }

    static String required(Element e, String name) {
        String value = e.attribute(name);
        if (value == null || value.isEmpty()) {
            throw new JingleFormatException("<" + e.name() + "/> needs '" + name + "'");
        }
        return value;
    }

    static long number(Element e, String name, long absent, long min, long max) {
        String value = e.attribute(name);
        if (value == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new JingleFormatException("'" + name + "' of <" + e.name() + "/> out of range: " + value);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new JingleFormatException("'" + name + "' of <" + e.name() + "/> is not a number: " + value);
        }
    }

    static int integer(Element e, String name, int absent, int min, int max) {
        return (int) number(e, name, absent, min, max);
    }
}
