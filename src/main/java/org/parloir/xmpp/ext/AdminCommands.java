package org.parloir.xmpp.ext;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jxmpp.jid.BareJid;
import org.parloir.xmpp.router.IqHandler;
import org.parloir.xmpp.router.IqRequest;
import org.parloir.xmpp.stanza.DataForm;
import org.parloir.xmpp.stanza.Element;
import org.parloir.xmpp.stanza.Namespaces;
import org.parloir.xmpp.stanza.StanzaError;
import org.parloir.xmpp.stanza.StanzaError.Condition;
import org.parloir.xmpp.stanza.StanzaException;
import org.parloir.xmpp.stanza.Stanzas;

/**
 * Service administration over ad-hoc commands (XEP-0133 over XEP-0050) for the accounts of
 * {@code parloir.xmpp.admins}: "Send Announcement to Online Users" (§4.23), in two stages (the form, then its
 * submission) or in one (an execute that carries the submitted form). The commands are listed in disco only to
 * admins; anyone else executing one gets {@code forbidden} (XEP-0050 §4.4).
 */
public final class AdminCommands implements IqHandler, DiscoNodes {

    static final String ANNOUNCE = Namespaces.ADMIN + "#announce";
    private static final String ANNOUNCE_NAME = "Send Announcement to Online Users";

    private final Set<BareJid> admins;
    private final Announcements announcements;
    /** Command sessions given out by the first stage, by requester and id; abandoned ones expire. */
    private final Cache<String, Boolean> sessions = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    public AdminCommands(Set<BareJid> admins, Announcements announcements) {
        this.admins = Set.copyOf(admins);
        this.announcements = announcements;
    }

    @Override
    public String element() {
        return "command";
    }

    @Override
    public String namespace() {
        return Namespaces.COMMANDS;
    }

    @Override
    public Scope scope() {
        return Scope.SERVER;
    }

    private boolean admin(IqRequest request) {
        return admins.contains(request.session().jid().asBareJid());
    }

    @Override
    public Element handle(IqRequest request) {
        if (!"set".equals(request.iq().attribute("type"))) {
            throw new StanzaException(Condition.BAD_REQUEST, "commands are executed with set");
        }
        if (!admin(request)) {
            throw new StanzaException(Condition.FORBIDDEN, "only administrators run service commands");
        }
        Element command = request.payload();
        if (!ANNOUNCE.equals(command.attribute("node"))) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no such command");
        }
        String action = command.attribute("action") == null ? "execute" : command.attribute("action");
        String sessionId = command.attribute("sessionid");
        String key = request.session().jid() + " " + sessionId;
        if (sessionId != null && sessions.getIfPresent(key) == null) {
            throw commandError(Condition.BAD_REQUEST, "bad-sessionid", "unknown or expired command session");
        }
        Element form = command.child("x", Namespaces.DATA_FORMS);
        return switch (action) {
            case "cancel" -> {
                sessions.invalidate(key);
                yield reply(request, sessionId, "canceled", null);
            }
            case "execute", "complete", "next" -> {
                if (form != null && "submit".equals(form.attribute("type"))) {
                    sessions.invalidate(key);
                    yield announce(request, sessionId == null ? UUID.randomUUID().toString() : sessionId, form);
                }
                if (sessionId != null || !"execute".equals(action)) {
                    throw commandError(Condition.BAD_REQUEST, "bad-payload", "submit the announcement form");
                }
                String id = UUID.randomUUID().toString();
                sessions.put(request.session().jid() + " " + id, Boolean.TRUE);
                yield reply(request, id, "executing", List.of(
                        Element.builder("actions", Namespaces.COMMANDS).attribute("execute", "complete")
                                .child(Element.of("complete", Namespaces.COMMANDS)).build(),
                        announcementForm()));
            }
            case "prev" -> throw commandError(Condition.BAD_REQUEST, "bad-action", "this command has one stage");
            default -> throw commandError(Condition.BAD_REQUEST, "malformed-action", "unknown action " + action);
        };
    }

    private Element announce(IqRequest request, String sessionId, Element form) {
        Map<String, List<String>> values = DataForm.values(form);
        String body = String.join("\n", values.getOrDefault("announcement", List.of())).strip();
        if (body.isEmpty()) {
            throw commandError(Condition.BAD_REQUEST, "bad-payload", "the announcement is empty");
        }
        String subject = DataForm.single(values.getOrDefault("subject", List.of()));
        int sent = announcements.announce(request.domain().toString(), subject, body);
        return reply(request, sessionId, "completed", List.of(Element.builder("note", Namespaces.COMMANDS)
                .attribute("type", "info").text("Announcement sent to " + sent + " online resources").build()));
    }

    /** XEP-0133 §4.23: the subject and the announcement, with the admin FORM_TYPE (XEP-0068). */
    private static Element announcementForm() {
        return DataForm.form("form", Namespaces.ADMIN)
                .child(DataForm.field("subject", "text-single", "Subject"))
                .child(DataForm.field("announcement", "text-multi", "Announcement")
                        .withChild(Element.of("required", Namespaces.DATA_FORMS)))
                .build();
    }

    private static Element reply(IqRequest request, String sessionId, String status, List<Element> children) {
        Element.Builder command = Element.builder("command", Namespaces.COMMANDS).attribute("node", ANNOUNCE)
                .attribute("sessionid", sessionId).attribute("status", status);
        if (children != null) {
            children.forEach(command::child);
        }
        return Stanzas.result(request.iq(), command.build());
    }

    private static StanzaException commandError(Condition condition, String specific, String text) {
        return new StanzaException(StanzaError.of(condition, text).withExtra(Element.of(specific, Namespaces.COMMANDS)));
    }

    // ---- disco (XEP-0050 §2) ----

    @Override
    public List<Element> items(IqRequest request, String node) {
        if (!Namespaces.COMMANDS.equals(node)) {
            return null;
        }
        return admin(request) ? List.of(Element.builder("item", Namespaces.DISCO_ITEMS)
                .attribute("jid", request.domain().toString()).attribute("node", ANNOUNCE)
                .attribute("name", ANNOUNCE_NAME).build()) : List.of();
    }

    @Override
    public List<Element> info(IqRequest request, String node) {
        if (Namespaces.COMMANDS.equals(node)) {
            return List.of(identity("command-list", "Commands"), feature(Namespaces.COMMANDS));
        }
        if (ANNOUNCE.equals(node) && admin(request)) {
            return List.of(identity("command-node", ANNOUNCE_NAME), feature(Namespaces.COMMANDS),
                    feature(Namespaces.DATA_FORMS));
        }
        return null;
    }

    private static Element identity(String type, String name) {
        return Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", "automation")
                .attribute("type", type).attribute("name", name).build();
    }

    private static Element feature(String var) {
        return Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", var).build();
    }
}
