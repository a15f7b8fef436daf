#pragma once

#include <array>
#include <string_view>

namespace harbour::detail {

/// Forward migrations: entry i takes a database from user_version i to i + 1.
/// Never edit a released step; add a new one.
inline constexpr std::array<std::string_view, 2> kMigrations = {
    R"SQL(
CREATE TABLE records (
    row_id        INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    ext_id        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    current       INTEGER NOT NULL DEFAULT 1,
    content_hash  TEXT NOT NULL,
    json          TEXT NOT NULL,
    file          TEXT NOT NULL DEFAULT '',
    location      TEXT NOT NULL DEFAULT '',
    at            TEXT NOT NULL,
    g_source      TEXT,
    g_intelligence TEXT,
    g_handling    TEXT,
    reliability   INTEGER,
    accuracy      INTEGER,
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL,
    UNIQUE (kind, ext_id, version)
);
CREATE TABLE entities (
    id     INTEGER PRIMARY KEY,
    type   TEXT NOT NULL,
    key    TEXT NOT NULL,
    label  TEXT NOT NULL,
    attrs  TEXT NOT NULL DEFAULT '{}',
    UNIQUE (type, key)
);
CREATE TABLE mentions (
    record    INTEGER NOT NULL REFERENCES records(row_id),
    entity    INTEGER NOT NULL REFERENCES entities(id),
    role      TEXT NOT NULL,
    extracted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (record, entity, role)
) WITHOUT ROWID;
CREATE INDEX mentions_by_entity ON mentions(entity);
CREATE TABLE links (
    a        INTEGER NOT NULL REFERENCES entities(id),
    b        INTEGER NOT NULL REFERENCES entities(id),
    record   INTEGER NOT NULL REFERENCES records(row_id),
    relation TEXT NOT NULL,
    PRIMARY KEY (a, b, record, relation)
) WITHOUT ROWID;
CREATE INDEX links_by_b ON links(b);
CREATE INDEX links_by_record ON links(record);
CREATE TABLE screenings (
    record      INTEGER PRIMARY KEY REFERENCES records(row_id),
    child       INTEGER NOT NULL REFERENCES entities(id),
    screened_at TEXT NOT NULL,
    computed    TEXT NOT NULL,
    final       TEXT NOT NULL,
    floor       TEXT,
    age         INTEGER NOT NULL,
    rules       TEXT NOT NULL,
    next_review TEXT NOT NULL,
    input       TEXT NOT NULL
);
CREATE INDEX screenings_by_child ON screenings(child, screened_at);
CREATE TABLE actions (
    id        INTEGER PRIMARY KEY,
    screening INTEGER NOT NULL REFERENCES screenings(record) ON DELETE CASCADE,
    text      TEXT NOT NULL,
    condition TEXT NOT NULL DEFAULT '',
    due       TEXT,
    status    TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX actions_by_screening ON actions(screening);
CREATE TABLE missing_episodes (
    record          INTEGER PRIMARY KEY REFERENCES records(row_id),
    child           INTEGER NOT NULL REFERENCES entities(id),
    went_missing_at TEXT NOT NULL,
    returned_at     TEXT,
    found_at        INTEGER REFERENCES entities(id),
    found_with      TEXT NOT NULL DEFAULT '[]',
    episode         TEXT NOT NULL
);
CREATE TABLE merges (
    id        INTEGER PRIMARY KEY,
    kept      INTEGER NOT NULL REFERENCES entities(id),
    merged    INTEGER NOT NULL REFERENCES entities(id),
    reason    TEXT NOT NULL,
    user      TEXT NOT NULL,
    at        TEXT NOT NULL,
    undone_at TEXT
);
CREATE TABLE disruptions (
    id         INTEGER PRIMARY KEY,
    target     INTEGER NOT NULL REFERENCES entities(id),
    tactic     TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL,
    due        TEXT,
    notes      TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    user      TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)SQL",
    // 2: covering indexes for the snapshot, so that reading a million records' dates and gradings
    // does not read their JSON text (a tenth of the pages; docs/benchmarks.md).
    R"SQL(
CREATE INDEX records_current ON records(current, row_id, kind, ext_id, at, g_source, g_intelligence, g_handling,
                                        reliability, accuracy);
CREATE INDEX screenings_latest ON screenings(child, screened_at, record, computed, final);
)SQL",
};

} // namespace harbour::detail
