package org.parloir.cdr;

import java.util.List;

/** Where the writer puts records: the database in production, a fake in unit tests. */
interface CdrStore {

    /**
     * Inserts, in one transaction, the records whose id is not stored yet.
     *
     * @return how many were inserted
     * @throws RuntimeException when the transaction did not commit (then nothing of the batch is stored)
     */
    int insertAbsent(List<CdrRecord> batch);
}
