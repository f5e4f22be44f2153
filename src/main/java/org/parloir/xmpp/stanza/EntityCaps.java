package org.parloir.xmpp.stanza;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an entity can do, as XEP-0030 disco#info says it and XEP-0115 hashes it for presence: identities, features,
 * and the {@code ver} string of §5.1 (sha-1; no extended forms).
 */
public record EntityCaps(String node, List<Identity> identities, List<String> features, List<Form> forms) {

    /** A disco identity (XEP-0030 §3.1); lang may be null. */
    public record Identity(String category, String type, String lang, String name) {
    }

    /** An XEP-0128 extended-information form: its FORM_TYPE and its other fields' values by var. */
    public record Form(String formType, Map<String, List<String>> fields) {
    }

    public EntityCaps {
        identities = List.copyOf(identities);
        features = features.stream().distinct().sorted(Comparator.naturalOrder()).toList();
        forms = forms == null ? List.of() : List.copyOf(forms);
    }

    public EntityCaps(String node, List<Identity> identities, List<String> features) {
        this(node, identities, features, List.of());
    }

    /**
     * What a disco#info result says (XEP-0030 §3.1, XEP-0128 forms). A form without a hidden FORM_TYPE field is
     * left out, as XEP-0115 §5.4 step 3.6 says.
     */
    public static EntityCaps fromDiscoInfo(String node, Element query) {
        List<Identity> identities = new ArrayList<>();
        List<String> features = new ArrayList<>();
        List<Form> forms = new ArrayList<>();
        for (Element e : query.elements()) {
            if (e.is("identity", Namespaces.DISCO_INFO)) {
                identities.add(new Identity(e.attribute("category"), e.attribute("type"), e.attribute("xml:lang"),
                        e.attribute("name")));
            } else if (e.is("feature", Namespaces.DISCO_INFO) && e.attribute("var") != null) {
                features.add(e.attribute("var"));
            } else if (e.is("x", Namespaces.DATA_FORMS)) {
                form(e).ifPresent(forms::add);
            }
        }
        return new EntityCaps(node, identities, features, forms);
    }

    private static java.util.Optional<Form> form(Element x) {
        String formType = null;
        Map<String, List<String>> fields = new TreeMap<>();
        for (Element field : x.elements()) {
            if (!field.is("field", Namespaces.DATA_FORMS) || field.attribute("var") == null) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (Element v : field.elements()) {
                if (v.is("value", Namespaces.DATA_FORMS)) {
                    values.add(v.text() == null ? "" : v.text());
                }
            }
            if ("FORM_TYPE".equals(field.attribute("var"))) {
                if ("hidden".equals(field.attribute("type")) && !values.isEmpty()) {
                    formType = values.getFirst();
                }
            } else {
                fields.put(field.attribute("var"), values);
            }
        }
        return formType == null ? java.util.Optional.empty() : java.util.Optional.of(new Form(formType, fields));
    }

    /** XEP-0115 §5.1: identities sorted by category, type, lang, then features sorted, each followed by '<'. */
    public String ver() {
        List<Identity> sorted = new ArrayList<>(identities);
        sorted.sort(Comparator.comparing(Identity::category).thenComparing(Identity::type)
                .thenComparing(i -> i.lang() == null ? "" : i.lang()));
        StringBuilder s = new StringBuilder();
        for (Identity i : sorted) {
            s.append(i.category()).append('/').append(i.type()).append('/')
                    .append(i.lang() == null ? "" : i.lang()).append('/')
                    .append(i.name() == null ? "" : i.name()).append('<');
        }
        for (String f : features) {
            s.append(f).append('<');
        }
        // §5.1 step 7: forms by FORM_TYPE, fields by var, values sorted
        List<Form> sortedForms = new ArrayList<>(forms);
        sortedForms.sort(Comparator.comparing(Form::formType));
        for (Form form : sortedForms) {
            s.append(form.formType()).append('<');
            new TreeMap<>(form.fields()).forEach((var, values) -> {
                s.append(var).append('<');
                values.stream().sorted().forEach(v -> s.append(v).append('<'));
            });
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** The {@code <c/>} element for presence (XEP-0115 §4). */
    public Element presenceElement() {
        return Element.builder("c", Namespaces.CAPS).attribute("hash", "sha-1").attribute("node", node)
                .attribute("ver", ver()).build();
    }

    /** The {@code node#ver} a disco#info request for these caps names (XEP-0115 §6.2). */
    public String capsNode() {
        return node + "#" + ver();
    }

    /** The disco#info result payload; {@code queriedNode} is echoed when the request named one. */
    public Element discoInfo(String queriedNode) {
        Element.Builder query = Element.builder("query", Namespaces.DISCO_INFO).attribute("node", queriedNode);
        for (Identity i : identities) {
            query.child(Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", i.category())
                    .attribute("type", i.type()).attribute("xml:lang", i.lang()).attribute("name", i.name()).build());
        }
        for (String f : features) {
            query.child(Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", f).build());
        }
        return query.build();
    }
}
