package org.parloir.cdr.api;

import java.time.Instant;
import java.util.List;

/** Reads recorded calls back, newest first (for the admin API). */
public interface CdrQuery {

    /**
     * @param from   start time at or after this, null = no lower bound
     * @param to     start time before this, null = no upper bound
     * @param user   caller identity or caller AOR containing this, ignoring case, null = any
     * @param number translated number or dialled URI containing this, null = any
     * @param page   0 for the newest records
     * @param size   records a page; implementations may cap it (the JPA one at 500), the page says what applied
     */
    Page find(Instant from, Instant to, String user, String number, int page, int size);

    record Page(List<CallDetail> records, int page, int size, long total) {
    }
}
