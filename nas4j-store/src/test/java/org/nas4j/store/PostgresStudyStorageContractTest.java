package org.nas4j.store;

import org.nas4j.study.StudyStorage;

/** The storage contract, kept by a PostgreSQL database on a real server (a fresh database for each test). */
class PostgresStudyStorageContractTest extends StudyStorageContract {
    private PostgresLocation location;

    @Override
    protected StudyStorage create() {
        location = PostgresLocation.parse(PostgresServer.get().newDatabase(), PostgresServer.environment());
        return PostgresStudyStorage.open(location);
    }

    @Override
    protected StudyStorage openAgain() {
        return PostgresStudyStorage.open(location);
    }

    @Override
    protected StudyStorage openReadOnly() {
        return PostgresStudyStorage.openReadOnly(location);
    }
}
