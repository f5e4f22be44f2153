package org.parloir.cdr;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Insert-if-absent in one transaction: the ids already stored are read first, the others inserted (Hibernate
 * batches them). Only the single writer thread of a node writes, and record ids are random UUIDs, so two writers
 * never race on one id; if one ever did, the unique constraint fails the batch, which is spooled and replayed.
 */
final class JpaCdrStore implements CdrStore {

    private final CdrRepository repository;
    private final TransactionTemplate tx;

    JpaCdrStore(CdrRepository repository, TransactionTemplate tx) {
        this.repository = repository;
        this.tx = tx;
    }

    @Override
    public int insertAbsent(List<CdrRecord> batch) {
        Map<String, CdrRecord> byId = new LinkedHashMap<>();
        batch.forEach(r -> byId.putIfAbsent(r.recordId(), r));
        Integer inserted = tx.execute(status -> {
            Set<String> stored = new HashSet<>(repository.findStoredRecordIds(byId.keySet()));
            List<CdrEntity> fresh = byId.values().stream().filter(r -> !stored.contains(r.recordId()))
                    .map(CdrEntity::of).toList();
            repository.saveAll(fresh);
            return fresh.size();
        });
        return inserted == null ? 0 : inserted;
    }
}
