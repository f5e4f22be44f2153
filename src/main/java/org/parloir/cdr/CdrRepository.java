package org.parloir.cdr;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface CdrRepository extends JpaRepository<CdrEntity, Long>, JpaSpecificationExecutor<CdrEntity> {

    @Query("select c.recordId from CdrEntity c where c.recordId in :ids")
    List<String> findStoredRecordIds(@Param("ids") Collection<String> ids);
}
