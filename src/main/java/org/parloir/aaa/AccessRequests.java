package org.parloir.aaa;

import java.util.ArrayList;
import java.util.List;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.CalledStationId;
import org.aaa4j.radius.core.attribute.attributes.CallingStationId;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.ServiceType;
import org.aaa4j.radius.core.attribute.attributes.SipAor;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.parloir.aaa.api.AuthorizationRequest;

/**
 * The Access-Request of one PSTN call.
 * <ul>
 *   <li>Always a Message-Authenticator (RFC 3579 §3.2; the BlastRADIUS fix, CVE-2024-3596, has servers require
 *       it): aaa4j computes its HMAC-MD5 when the attribute is present, so we add an empty one.</li>
 *   <li>Digest verified by the server: the RFC 5090 attributes and SIP-AOR, no Service-Type.</li>
 *   <li>Digest verified here: Service-Type = Call-Check (RFC 2865 §5.6: accept or reject a call "typically based on
 *       the Called-Station-Id or Calling-Station-Id"). It carries no credential, so the server must accept it
 *       only for that Service-Type — FreeRADIUS: {@code alice Service-Type == Call-Check, Auth-Type := Accept}. It
 *       is never sent with a digest, so such a line cannot accept an unverified digest.</li>
 * </ul>
 */
final class AccessRequests {

    /** RFC 2865 §5.6. */
    static final int CALL_CHECK = 10;

    private AccessRequests() {
    }

    static AccessRequest build(AuthorizationRequest request, NasIdentity nas) {
        List<Attribute<?>> attributes = new ArrayList<>(20);
        attributes.add(new UserName(new TextData(request.username())));
        attributes.addAll(nas.attributes());
        attributes.add(new CallingStationId(new TextData(request.callingStation())));
        attributes.add(new CalledStationId(new TextData(request.called().value())));
        request.digest().ifPresentOrElse(digest -> {
            attributes.addAll(DigestAttributes.of(digest));
            attributes.add(new SipAor(new TextData(request.caller().sipAor()))); // RFC 5090 §3.21
        }, () -> attributes.add(new ServiceType(new EnumData(CALL_CHECK))));
        attributes.add(new MessageAuthenticator());
        return new AccessRequest(attributes);
    }
}
