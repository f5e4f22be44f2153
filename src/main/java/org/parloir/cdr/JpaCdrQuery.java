package org.parloir.cdr;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.parloir.cdr.api.CdrQuery;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/** Recorded calls, newest first, filtered as {@link CdrQuery} documents; at most {@value #MAX_SIZE} a page. */
final class JpaCdrQuery implements CdrQuery {

    static final int MAX_SIZE = 500;
    private static final char ESCAPE = '\\';

    private final CdrRepository repository;

    JpaCdrQuery(CdrRepository repository) {
        this.repository = repository;
    }

    @Override
    public Page find(Instant from, Instant to, String user, String number, int page, int size) {
        int p = Math.max(0, page);
        int s = Math.clamp(size, 1, MAX_SIZE);
        Specification<CdrEntity> filter = (root, query, cb) -> cb.and(predicates(root, cb, from, to, user, number)
                .toArray(Predicate[]::new));
        org.springframework.data.domain.Page<CdrEntity> found = repository.findAll(filter,
                PageRequest.of(p, s, Sort.by(Sort.Order.desc("startTime"), Sort.Order.desc("id"))));
        return new Page(found.map(CdrEntity::detail).getContent(), p, s, found.getTotalElements());
    }

    private static List<Predicate> predicates(Root<CdrEntity> root, CriteriaBuilder cb, Instant from, Instant to,
                                              String user, String number) {
        List<Predicate> all = new ArrayList<>();
        if (from != null) {
            all.add(cb.greaterThanOrEqualTo(root.get("startTime"), from));
        }
        if (to != null) {
            all.add(cb.lessThan(root.get("startTime"), to));
        }
        if (user != null && !user.isBlank()) {
            // addresses: letter case does not matter
            String pattern = contains(user.strip().toLowerCase(java.util.Locale.ROOT));
            all.add(cb.or(cb.like(cb.lower(root.get("callerIdentity")), pattern, ESCAPE),
                    cb.like(cb.lower(root.get("callerAor")), pattern, ESCAPE)));
        }
        if (number != null && !number.isBlank()) {
            String pattern = contains(number.strip());
            Expression<String> translated = root.get("translatedNumber");
            all.add(cb.or(cb.like(translated, pattern, ESCAPE), cb.like(root.get("dialledUri"), pattern, ESCAPE)));
        }
        return all;
    }

    private static String contains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
