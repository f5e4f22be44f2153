package org.parloir.xmpp.stanza;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An immutable XML element with its namespace resolved: prefixes of the wire form are gone, so {@code
 * <stream:features/>} and {@code <features xmlns="http://etherx.jabber.org/streams"/>} are equal. Attribute names
 * are local names, except {@code xml:lang}. Serialised with a default-namespace declaration wherever the namespace
 * changes.
 */
public final class Element implements Node {

    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<Node> children;

    private Element(String name, String namespace, Map<String, String> attributes, List<Node> children) {
        this.name = Objects.requireNonNull(name, "name");
        this.namespace = namespace == null ? "" : namespace;
        this.attributes = attributes;
        this.children = children;
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** An empty element. */
    public static Element of(String name, String namespace) {
        return new Element(name, namespace, Map.of(), List.of());
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public String attribute(String attributeName) {
        return attributes.get(attributeName);
    }

    public List<Node> children() {
        return children;
    }

    /** Child elements only. */
    public List<Element> elements() {
        List<Element> list = new ArrayList<>(children.size());
        for (Node n : children) {
            if (n instanceof Element e) {
                list.add(e);
            }
        }
        return list;
    }

    /** First child element with this name and namespace, or null. */
    public Element child(String childName, String childNamespace) {
        for (Node n : children) {
            if (n instanceof Element e && e.name.equals(childName) && e.namespace.equals(childNamespace)) {
                return e;
            }
        }
        return null;
    }

    /** First child element in this namespace, whatever its name, or null. */
    public Element childIn(String childNamespace) {
        for (Node n : children) {
            if (n instanceof Element e && e.namespace.equals(childNamespace)) {
                return e;
            }
        }
        return null;
    }

    /** Concatenated character data of this element (not of descendants). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Node n : children) {
            if (n instanceof Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** Text of the first child element with this name and namespace, or null when absent. */
    public String childText(String childName, String childNamespace) {
        Element c = child(childName, childNamespace);
        return c == null ? null : c.text();
    }

    public boolean is(String elementName, String elementNamespace) {
        return name.equals(elementName) && namespace.equals(elementNamespace);
    }

    /** A copy with one attribute set (null removes it). */
    public Element withAttribute(String attributeName, String value) {
        if (Objects.equals(attributes.get(attributeName), value)) {
            return this;
        }
        Map<String, String> copy = new LinkedHashMap<>(attributes);
        if (value == null) {
            copy.remove(attributeName);
        } else {
            copy.put(attributeName, value);
        }
        return new Element(name, namespace, Collections.unmodifiableMap(copy), children);
    }

    /** A copy whose child nodes are replaced. */
    public Element withChildren(List<? extends Node> newChildren) {
        return new Element(name, namespace, attributes, List.copyOf(newChildren));
    }

    /** A copy without the child elements that match. */
    public Element withoutChildren(Predicate<Element> match) {
        List<Node> kept = new ArrayList<>(children.size());
        for (Node n : children) {
            if (!(n instanceof Element e && match.test(e))) {
                kept.add(n);
            }
        }
        return kept.size() == children.size() ? this : new Element(name, namespace, attributes, List.copyOf(kept));
    }

    /** A copy with one more child at the end. */
    public Element withChild(Node child) {
        List<Node> list = new ArrayList<>(children.size() + 1);
        list.addAll(children);
        list.add(child);
        return new Element(name, namespace, attributes, List.copyOf(list));
    }

    /** Serialised form, with {@code xmlns} written when it differs from {@code parentNamespace}. */
    public String toXml(String parentNamespace) {
        StringBuilder sb = new StringBuilder(128);
        writeTo(sb, parentNamespace);
        return sb.toString();
    }

    /** Serialised form with its namespace declared. */
    public String toXml() {
        return toXml(null);
    }

    @Override
    public void writeTo(StringBuilder out, String parentNamespace) {
        out.append('<').append(name);
        if (!namespace.equals(parentNamespace == null ? "\u0000" : parentNamespace)) {
            out.append(" xmlns=\"");
            Xml.escape(namespace, out, true);
            out.append('"');
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            out.append(' ').append(a.getKey()).append("=\"");
            Xml.escape(a.getValue(), out, true);
            out.append('"');
        }
        if (children.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node child : children) {
            child.writeTo(out, namespace);
        }
        out.append("</").append(name).append('>');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Element e && name.equals(e.name) && namespace.equals(e.namespace)
                && attributes.equals(e.attributes) && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, attributes, children);
    }

    @Override
    public String toString() {
        return toXml();
    }

    /** Builds an element. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Node> children = new ArrayList<>();

        private Builder(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }

        /** Sets an attribute; a null value is skipped, so optional attributes chain. */
        public Builder attribute(String attributeName, String value) {
            if (value != null) {
                attributes.put(attributeName, value);
            }
            return this;
        }

        public Builder child(Node child) {
            if (child != null) {
                children.add(child);
            }
            return this;
        }

        public Builder children(List<? extends Node> nodes) {
            children.addAll(nodes);
            return this;
        }

        /** Adds character data; text next to text is merged, so any split of the input builds the same tree. */
        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                int last = children.size() - 1;
                if (last >= 0 && children.get(last) instanceof Text previous) {
                    children.set(last, new Text(previous.text() + text));
                } else {
                    children.add(new Text(text));
                }
            }
            return this;
        }

        /** Adds {@code <childName xmlns=namespace-of-this>text</childName>}. */
        public Builder textChild(String childName, String text) {
            return child(Element.builder(childName, namespace).text(text).build());
        }

        public Element build() {
            return new Element(name, namespace,
                    attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes)),
                    children.isEmpty() ? List.of() : List.copyOf(children));
        }
    }
}
