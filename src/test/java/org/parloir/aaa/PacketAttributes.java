package org.parloir.aaa;

import java.util.List;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.packet.Packet;

/** Reads a packet's attributes by their RFC type number, for assertions that name the numbers the RFCs give. */
final class PacketAttributes {

    private PacketAttributes() {
    }

    static List<Integer> types(Packet packet) {
        return packet.getAttributes().stream().map(a -> a.getType().head()).toList();
    }

    static Attribute<?> attribute(Packet packet, int type) {
        return packet.getAttributes().stream().filter(a -> a.getType().head() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no attribute " + type + " in " + types(packet)));
    }

    static String text(Packet packet, int type) {
        return ((TextData) attribute(packet, type).getData()).getValue();
    }

    static int integer(Packet packet, int type) {
        return switch (attribute(packet, type).getData()) {
            case EnumData e -> e.getValue();
            case IntegerData i -> i.getValue();
            default -> throw new AssertionError("not a number: attribute " + type);
        };
    }
}
