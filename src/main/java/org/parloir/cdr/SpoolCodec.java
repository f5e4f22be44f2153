package org.parloir.cdr;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** One spooled record as one line of JSON, times as ISO-8601 text. */
final class SpoolCodec {

    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    String line(CdrRecord record) {
        return json.writeValueAsString(record);
    }

    /** @throws IllegalArgumentException for a line that is not a record (torn write, hand edit) */
    CdrRecord parse(String line) {
        try {
            CdrRecord record = json.readValue(line, CdrRecord.class);
            if (record == null || record.recordId() == null || record.recordId().isBlank()
                    || record.detail() == null) {
                throw new IllegalArgumentException("not a call-detail record");
            }
            return record;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }
}
