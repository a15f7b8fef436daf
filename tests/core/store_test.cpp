#include "harbour/hash.h"
#include "harbour/ingest.h"
#include "harbour/store.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>

#include <sys/stat.h>

namespace harbour {
namespace {

using testing::TempDir;

SourceRecord report(const std::string &id, std::vector<PersonRef> subjects, std::vector<VehicleRef> vehicles = {},
                    const std::string &salt = "")
{
    InformationReport body;
    body.id = id;
    body.reportedAt = *parseDateTime("2026-03-14T16:20:00Z");
    body.subjects = std::move(subjects);
    body.vehicles = std::move(vehicles);
    body.grading.source = '2';
    body.grading.intelligence = 'B';
    body.grading.handling = 'P';
    SourceRecord record;
    record.kind = RecordKind::InformationReport;
    record.id = id;
    record.json = "{\"id\":\"" + id + "\",\"salt\":\"" + salt + "\"}";
    record.contentHash = sha256Hex(record.json);
    record.file = "reports.jsonl";
    record.location = "line 1";
    record.body = std::move(body);
    return record;
}

PersonRef person(SubjectRole role, std::optional<std::string> name, std::optional<std::string> dob,
                 std::vector<std::string> aliases = {})
{
    PersonRef p;
    p.role = role;
    p.name = std::move(name);
    if (dob) {
        p.dob = parsePartialDate(*dob);
    }
    p.aliases = std::move(aliases);
    return p;
}

class StoreTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        auto opened = openSqliteStore(":memory:", StoreOptions{"analyst1", false});
        ASSERT_TRUE(opened.ok()) << opened.error().toString();
        store = std::move(*opened);
    }

    IngestOutcome ingest(const SourceRecord &record, bool amend = false)
    {
        Ingestor ingestor(*store, RiskPolicy::defaults());
        EXPECT_TRUE(store->savepoint().ok());
        auto outcome = ingestor.ingest(record, amend);
        EXPECT_TRUE(outcome.ok()) << outcome.error().toString();
        EXPECT_TRUE(store->releaseSavepoint().ok());
        return outcome.ok() ? *outcome : IngestOutcome::Unchanged;
    }

    std::unique_ptr<Store> store;
};

TEST(SqliteStore, CreatesOwnerOnlyFileAtCurrentSchemaVersion)
{
    TempDir dir;
    const auto path = dir / "case.db";
    auto store = openSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.error().toString();
    EXPECT_EQ((*store)->schemaVersion(), 1);
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600);
}

TEST(SqliteStore, ReopensWithoutMigratingAgain)
{
    TempDir dir;
    const auto path = dir / "case.db";
    {
        auto store = openSqliteStore(path);
        ASSERT_TRUE(store.ok());
        ASSERT_TRUE((*store)->appendAudit("test", "object", "detail").ok());
    }
    auto store = openSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.error().toString();
    EXPECT_EQ((*store)->auditLog()->size(), 1u);
}

TEST(SqliteStore, RefusesAFileThatIsNotADatabase)
{
    TempDir dir;
    const auto path = dir / "notes.db";
    {
        std::FILE *f = std::fopen(path.c_str(), "w");
        std::fputs("this is not sqlite, just text long enough to look like a header..........", f);
        std::fclose(f);
    }
    auto store = openSqliteStore(path);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().code, ErrorCode::Database);
    EXPECT_EQ(store.error().file, path.string());
}

TEST_F(StoreTest, SameNameWithoutDateOfBirthIsNotMerged)
{
    ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", std::nullopt)}));
    ingest(report("IR-2", {person(SubjectRole::Victim, "Amy Jones", std::nullopt)}));
    EXPECT_EQ(store->entities(EntityType::Person)->size(), 2u);
}

TEST_F(StoreTest, SameNameAndDateOfBirthIsOnePerson)
{
    ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")}));
    ingest(report("IR-2", {person(SubjectRole::Victim, "  amy   JONES ", "2011-02-03")}));
    const auto people = *store->entities(EntityType::Person);
    ASSERT_EQ(people.size(), 1u);
    EXPECT_EQ(people[0].recordCount, 2);
    EXPECT_EQ(people[0].label, "Amy Jones");
}

TEST_F(StoreTest, AliasLinksAnonymousSuspectsAcrossReports)
{
    ingest(report("IR-1", {person(SubjectRole::Perpetrator, std::nullopt, std::nullopt, {"Taz"})}));
    ingest(report("IR-2", {person(SubjectRole::Perpetrator, std::nullopt, std::nullopt, {"TAZ"})}));
    const auto aliases = *store->entities(EntityType::Alias);
    ASSERT_EQ(aliases.size(), 1u);
    EXPECT_EQ(aliases[0].recordCount, 2);
    const auto detail = *store->entity(aliases[0].id);
    ASSERT_EQ(detail.links.size(), 2u);
    EXPECT_EQ(detail.links[0].evidence[0].relation, "alias_of");
}

TEST_F(StoreTest, VehiclesResolveByNormalisedMark)
{
    ingest(report("IR-1", {}, {VehicleRef{"ab12 cde", false, "Vauxhall", "Astra", "silver"}}));
    ingest(report("IR-2", {}, {VehicleRef{"AB12CDE", false, "", "", ""}}));
    const auto vehicles = *store->entities(EntityType::Vehicle);
    ASSERT_EQ(vehicles.size(), 1u);
    EXPECT_EQ(vehicles[0].label, "AB12CDE");
    EXPECT_EQ(vehicles[0].attributes.at("make"), "Vauxhall");
}

TEST_F(StoreTest, IdenticalReimportIsUnchangedAndDifferentContentConflicts)
{
    const auto first = report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")});
    EXPECT_EQ(ingest(first), IngestOutcome::Imported);
    EXPECT_EQ(ingest(first), IngestOutcome::Unchanged);

    Ingestor ingestor(*store, RiskPolicy::defaults());
    const auto changed = report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")}, {}, "edited");
    auto outcome = ingestor.ingest(changed, false);
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, ErrorCode::Conflict);
    EXPECT_EQ(outcome.error().field, "id");
    EXPECT_EQ(outcome.error().record, "line 1");
    EXPECT_EQ(*store->recordCount(), 1);
}

TEST_F(StoreTest, AmendmentKeepsBothVersionsAndReplacesContributions)
{
    ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")}));
    EXPECT_EQ(ingest(report("IR-1", {person(SubjectRole::Victim, "Beth Smith", "2010-01-01")}, {}, "v2"), true),
              IngestOutcome::Amended);
    const auto all = *store->records();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_FALSE(all[0].current);
    EXPECT_TRUE(all[1].current);
    EXPECT_EQ(all[1].version, 2);
    const auto snapshot = *store->snapshot({}, *parseDate("2026-04-01"));
    ASSERT_EQ(snapshot.mentions.size(), 1u);
    EXPECT_EQ(snapshot.findEntity(snapshot.mentions[0].entity)->label, "Beth Smith");
    const auto audit = *store->auditLog();
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].action, "amend");
}

TEST_F(StoreTest, RollingBackASavepointForgetsEntitiesItCreated)
{
    ASSERT_TRUE(store->begin().ok());
    ASSERT_TRUE(store->savepoint().ok());
    ASSERT_TRUE(store->resolveEntity(EntityType::Phone, "07700900123", "07700900123", {}).ok());
    ASSERT_TRUE(store->rollbackToSavepoint().ok());
    auto id = store->resolveEntity(EntityType::Phone, "07700900123", "07700900123", {});
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(store->commit().ok());
    EXPECT_EQ(store->entities(EntityType::Phone)->size(), 1u);
    EXPECT_EQ(store->entity(*id)->entity.label, "07700900123");
}

TEST_F(StoreTest, SnapshotDerivesCoMentionLinks)
{
    ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03"),
                           person(SubjectRole::Perpetrator, std::nullopt, std::nullopt, {"Taz"})},
                  {VehicleRef{"AB12CDE", false, "", "", ""}}));
    const auto snapshot = *store->snapshot({}, *parseDate("2026-04-01"));
    EXPECT_EQ(snapshot.entities.size(), 4u); // Amy, unknown suspect, alias Taz, vehicle
    // 4 entities co-mentioned pairwise = 6 links; suspect-alias also has alias_of.
    ASSERT_EQ(snapshot.links.size(), 6u);
    int aliasOf = 0;
    for (const auto &link : snapshot.links) {
        EXPECT_LT(link.a, link.b);
        for (const auto &ev : link.evidence) {
            aliasOf += ev.relation == "alias_of";
        }
    }
    EXPECT_EQ(aliasOf, 1);
    const auto *amy = snapshot.findEntity(snapshot.mentions[0].entity);
    ASSERT_NE(amy, nullptr);
}

TEST_F(StoreTest, SnapshotWindowLeavesOutRecordsOutsideIt)
{
    ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")}));
    TimeWindow window;
    window.since = parseDate("2026-04-01");
    const auto snapshot = *store->snapshot(window, *parseDate("2026-05-01"));
    EXPECT_TRUE(snapshot.records.empty());
    EXPECT_TRUE(snapshot.mentions.empty());
}

TEST_F(StoreTest, MergeIsRespectedBySnapshotAndUndoneByUnmerge)
{
    ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")}));
    ingest(report("IR-2", {person(SubjectRole::Victim, "Amy Jnoes", "2011-02-03")}));
    const auto people = *store->entities(EntityType::Person);
    ASSERT_EQ(people.size(), 2u);
    auto mergeId = store->merge(people[0].id, people[1].id, "same school, same address");
    ASSERT_TRUE(mergeId.ok()) << mergeId.error().toString();
    auto snapshot = *store->snapshot({}, *parseDate("2026-04-01"));
    ASSERT_EQ(snapshot.entities.size(), 1u);
    EXPECT_EQ(snapshot.entities[0].recordCount, 2);
    EXPECT_EQ(snapshot.entities[0].mergedFrom, std::vector<EntityId>{people[1].id});
    EXPECT_EQ(*store->canonical(people[1].id), people[0].id);

    ASSERT_TRUE(store->unmerge(*mergeId).ok());
    snapshot = *store->snapshot({}, *parseDate("2026-04-01"));
    EXPECT_EQ(snapshot.entities.size(), 2u);
    EXPECT_FALSE(store->unmerge(*mergeId).ok());

    const auto audit = *store->auditLog();
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0].action, "merge");
    EXPECT_EQ(audit[1].action, "unmerge");
}

TEST_F(StoreTest, MergeNeedsAReasonAndTheSameType)
{
    auto person = store->resolveEntity(EntityType::Person, "a", "A", {});
    auto phone = store->resolveEntity(EntityType::Phone, "07700900123", "07700900123", {});
    auto noReason = store->merge(*person, *phone, "");
    ASSERT_FALSE(noReason.ok());
    EXPECT_EQ(noReason.error().field, "reason");
    auto mixed = store->merge(*person, *phone, "why not");
    ASSERT_FALSE(mixed.ok());
    EXPECT_EQ(mixed.error().message, "only entities of the same type can be merged");
}

TEST_F(StoreTest, AuditChainVerifiesAndDetectsTampering)
{
    ASSERT_TRUE(store->appendAudit("import", "a.jsonl", "3 imported").ok());
    ASSERT_TRUE(store->appendAudit("merge", "entity 2 into 1", "reason").ok());
    ASSERT_TRUE(store->appendAudit("export", "out.pdf", "").ok());
    auto entries = *store->auditLog();
    EXPECT_TRUE(verifyAuditChain(entries).ok());

    auto edited = entries;
    edited[1].detail = "a different reason";
    auto status = verifyAuditChain(edited);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "audit chain broken: entry 2 was altered after it was written");

    auto removed = entries;
    removed.erase(removed.begin() + 1);
    status = verifyAuditChain(removed);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().message, "audit chain broken: entry 2 is missing");
}

TEST_F(StoreTest, DisruptionActionsRoundTripAndAreAudited)
{
    auto target = store->resolveEntity(EntityType::Premises, "kingz pizza|DY1 1AA", "Kingz Pizza", {});
    DisruptionAction action;
    action.target = *target;
    action.tactic = "licensing_review";
    action.owner = "PC Patel";
    action.due = parseDate("2026-12-01");
    auto id = store->addDisruption(action);
    ASSERT_TRUE(id.ok());
    action.id = *id;
    action.status = "agreed";
    ASSERT_TRUE(store->updateDisruption(action).ok());
    const auto all = *store->disruptions();
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].status, "agreed");
    EXPECT_EQ(formatDate(*all[0].due), "2026-12-01");
    EXPECT_EQ(store->auditLog()->size(), 2u);
}

} // namespace
} // namespace harbour
