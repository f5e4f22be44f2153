package org.parloir.aaa;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.TimeData;
import org.aaa4j.radius.core.attribute.attributes.AcctDelayTime;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionTime;
import org.aaa4j.radius.core.attribute.attributes.AcctStatusType;
import org.aaa4j.radius.core.attribute.attributes.AcctTerminateCause;
import org.aaa4j.radius.core.attribute.attributes.CalledStationId;
import org.aaa4j.radius.core.attribute.attributes.CallingStationId;
import org.aaa4j.radius.core.attribute.attributes.Class;
import org.aaa4j.radius.core.attribute.attributes.EventTimestamp;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.packet.packets.AccountingRequest;
import org.parloir.aaa.api.AccountingRecord;

/** The Accounting-Requests of one call (RFC 2866 §5; Interim-Update and Event-Timestamp from RFC 2869 §5.1/5.3). */
final class AccountingRequests {

    /** Acct-Status-Type values, RFC 2866 §5.1 and RFC 2869 §2.1. */
    enum Status {
        START(1), STOP(2), INTERIM_UPDATE(3);

        final int code;

        Status(int code) {
            this.code = code;
        }
    }

    private AccountingRequests() {
    }

    /**
     * @param event when the call was answered, updated or ended (Event-Timestamp)
     * @param now   when this packet leaves: Acct-Delay-Time is the difference, so every retry is a new packet
     */
    static AccountingRequest build(Status status, AccountingRecord record, NasIdentity nas, Instant event,
                                   Instant now) {
        List<Attribute<?>> attributes = new ArrayList<>(14);
        attributes.add(new AcctStatusType(new EnumData(status.code)));
        attributes.add(new AcctSessionId(new TextData(record.sessionId())));
        attributes.add(new UserName(new TextData(record.username())));
        attributes.addAll(nas.attributes());
        attributes.add(new CallingStationId(new TextData(record.callingStation())));
        attributes.add(new CalledStationId(new TextData(record.called().value())));
        if (status != Status.START) { // RFC 2866 §5.7: only in Stop (and Interim-Update) records
            attributes.add(new AcctSessionTime(new IntegerData(seconds(record.sessionTime()))));
        }
        if (status == Status.STOP) {
            record.terminateCause().ifPresent(cause ->
                    attributes.add(new AcctTerminateCause(new EnumData(cause.code))));
        }
        record.callClass().ifPresent(c -> attributes.add(new Class(new StringData(c)))); // RFC 2865 §5.25
        attributes.add(new EventTimestamp(new TimeData(event)));
        attributes.add(new AcctDelayTime(new IntegerData(seconds(Duration.between(event, now)))));
        return new AccountingRequest(attributes);
    }

    private static int seconds(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, duration.toSeconds()));
    }
}
