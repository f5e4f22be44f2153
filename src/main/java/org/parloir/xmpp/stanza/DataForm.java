package org.parloir.xmpp.stanza;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parloir.xmpp.stanza.StanzaError.Condition;

/**
 * The few XEP-0004 data-form pieces the chat rooms and ad-hoc commands need: building fields and reading a submitted
 * form.
 */
public final class DataForm {

    public static final String FORM_TYPE = "FORM_TYPE";

    private DataForm() {
    }

    /** A form of type {@code type} ("form", "result") with its FORM_TYPE hidden field first (XEP-0068). */
    public static Element.Builder form(String type, String formType) {
        return Element.builder("x", Namespaces.DATA_FORMS).attribute("type", type)
                .child(field(FORM_TYPE, "hidden", null, formType));
    }

    public static Element field(String var, String type, String label, String... values) {
        Element.Builder f = Element.builder("field", Namespaces.DATA_FORMS).attribute("var", var)
                .attribute("type", type).attribute("label", label);
        for (String v : values) {
            f.child(Element.builder("value", Namespaces.DATA_FORMS).text(v).build());
        }
        return f.build();
    }

    public static Element bool(String var, String label, boolean value) {
        return field(var, "boolean", label, value ? "1" : "0");
    }

    /** A list-single field with its options (label = value). */
    public static Element listSingle(String var, String label, String value, List<String> options) {
        Element f = field(var, "list-single", label, value);
        for (String o : options) {
            f = f.withChild(Element.builder("option", Namespaces.DATA_FORMS).attribute("label", o)
                    .child(Element.builder("value", Namespaces.DATA_FORMS).text(o).build()).build());
        }
        return f;
    }

    /** The values of a submitted form by field name (XEP-0004 §3.2), in document order. */
    public static Map<String, List<String>> values(Element x) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (Element f : x.elements()) {
            if (f.is("field", Namespaces.DATA_FORMS) && f.attribute("var") != null) {
                List<String> list = new ArrayList<>();
                for (Element v : f.elements()) {
                    if (v.is("value", Namespaces.DATA_FORMS)) {
                        list.add(v.text());
                    }
                }
                values.put(f.attribute("var"), list);
            }
        }
        return values;
    }

    /** The single value of a field ("" when it has none). */
    public static String single(List<String> values) {
        return values.isEmpty() ? "" : values.get(0);
    }

    /** XEP-0004 §3.3 boolean: "0"/"false" or "1"/"true"; anything else is not acceptable. */
    public static boolean parseBoolean(String var, List<String> values) {
        return switch (single(values)) {
            case "1", "true" -> true;
            case "0", "false", "" -> false;
            default -> throw new StanzaException(Condition.NOT_ACCEPTABLE, var + ": not a boolean");
        };
    }
}
