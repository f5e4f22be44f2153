package org.parloir.xmpp.im;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The IM store contracts on the H2 file database the application runs by default, migrated by Flyway. */
class H2ImStoresTest implements RosterStoreContract, OfflineStoreContract, VCardStoreContract,
        BlocklistStoreContract, PrivateXmlStoreContract {

    @TempDir
    Path folder;
    private ImDatabase db;

    @BeforeEach
    void open() {
        db = ImDatabase.open(folder);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    public RosterStore rosterStore() {
        return new RosterStore(db.jdbc(), db.tx());
    }

    @Override
    public OfflineStore offlineStore() {
        return new OfflineStore(db.jdbc(), db.tx());
    }

    @Override
    public OfflineStore offlineStoreAfterRestart() {
        db.close();
        db = ImDatabase.open(folder);
        return offlineStore();
    }

    @Override
    public VCardStore vCardStore() {
        return new VCardStore(db.jdbc(), db.tx(), 1024);
    }

    @Override
    public PrivateXmlStore privateXmlStore() {
        return new PrivateXmlStore(db.jdbc(), db.tx(), 1024);
    }

    @Override
    public BlocklistStore blocklistStore() {
        return new BlocklistStore(db.jdbc(), db.tx());
    }
}
