package org.parloir.sip.b2bua;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The B2BUA's live calls, by id, by each leg's dialog key and by the caller's INVITE (for CANCEL). */
final class CallTable {

    private final Map<String, B2buaCall> byId = new ConcurrentHashMap<>();
    private final Map<String, B2buaCall> byDialog = new ConcurrentHashMap<>();
    private final Map<String, B2buaCall> byInvite = new ConcurrentHashMap<>();

    static String dialogKey(String callId, String localTag) {
        return callId + "|" + localTag;
    }

    void add(B2buaCall call, String inviteKey) {
        byId.put(call.id, call);
        byInvite.put(inviteKey, call);
        addLeg(call, call.caller);
    }

    void addLeg(B2buaCall call, Leg leg) {
        byDialog.put(dialogKey(leg.callId, leg.localTag), call);
    }

    void removeLeg(Leg leg) {
        byDialog.remove(dialogKey(leg.callId, leg.localTag));
    }

    void remove(B2buaCall call, String inviteKey) {
        byId.remove(call.id);
        byInvite.remove(inviteKey, call);
    }

    B2buaCall byDialog(String callId, String localTag) {
        return localTag == null ? null : byDialog.get(dialogKey(callId, localTag));
    }

    B2buaCall byInvite(String inviteKey) {
        return byInvite.get(inviteKey);
    }

    B2buaCall byId(String id) {
        return byId.get(id);
    }

    Collection<B2buaCall> all() {
        return byId.values();
    }

    int size() {
        return byId.size();
    }
}
