package org.parloir.cdr;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.parloir.cdr.api.CallDetail;
import org.parloir.cdr.api.CallRoute;
import org.parloir.cdr.api.HangupParty;

/**
 * One row of {@code cdr} (Flyway V5). The id comes from a sequence, not an identity column, so that Hibernate can
 * batch the inserts. Texts longer than their column are cut: a record is never refused for its size.
 */
@Entity
@Table(name = "cdr")
class CdrEntity {

    static final int ADDRESS_LENGTH = 512;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "cdr_seq")
    @SequenceGenerator(name = "cdr_seq", sequenceName = "cdr_seq", allocationSize = 50)
    private Long id;
    @Column(name = "record_id", nullable = false, updatable = false, length = 36)
    private String recordId;
    @Column(name = "call_id")
    private String callId;
    @Column(name = "caller_aor")
    private String callerAor;
    @Column(name = "caller_identity")
    private String callerIdentity;
    @Column(name = "dialled_uri")
    private String dialledUri;
    @Column(name = "translated_number")
    private String translatedNumber;
    @Enumerated(EnumType.STRING)
    private CallRoute route;
    private String gateway;
    @Column(name = "start_time")
    private Instant startTime;
    @Column(name = "answer_time")
    private Instant answerTime;
    @Column(name = "end_time")
    private Instant endTime;
    private int status;
    @Enumerated(EnumType.STRING)
    @Column(name = "hung_up_by")
    private HangupParty hungUpBy;
    @Column(name = "radius_session_id")
    private String radiusSessionId;
    @Column(name = "duration_seconds")
    private long durationSeconds;

    protected CdrEntity() {
        // for JPA
    }

    static CdrEntity of(CdrRecord record) {
        CallDetail d = record.detail();
        CdrEntity e = new CdrEntity();
        e.recordId = record.recordId();
        e.callId = cut(d.callId(), 255);
        e.callerAor = cut(d.callerAor(), ADDRESS_LENGTH);
        e.callerIdentity = cut(d.callerIdentity(), ADDRESS_LENGTH);
        e.dialledUri = cut(d.dialledUri(), ADDRESS_LENGTH);
        e.translatedNumber = cut(d.translatedNumber(), 64);
        e.route = d.route();
        e.gateway = cut(d.gateway(), 255);
        e.startTime = d.startTime();
        e.answerTime = d.answerTime();
        e.endTime = d.endTime();
        e.status = d.status();
        e.hungUpBy = d.hungUpBy();
        e.radiusSessionId = cut(d.radiusSessionId(), 255);
        e.durationSeconds = d.duration().toSeconds();
        return e;
    }

    CallDetail detail() {
        return new CallDetail(callId, callerAor, callerIdentity, dialledUri, translatedNumber, route, gateway,
                startTime, answerTime, endTime, status, hungUpBy, radiusSessionId);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
