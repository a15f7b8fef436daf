#include "harbour/hash.h"
#include "harbour/ingest.h"
#include "harbour/store.h"
#include "support/temp_dir.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <sys/stat.h>

#include <set>

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

SourceRecord screening(const std::string &id, const std::string &date, std::map<std::string, Recency> significant,
                       const std::string &child = "Amy Jones")
{
    Screening body;
    body.id = id;
    body.screenedAt = *parseDate(date);
    body.child.name = child;
    body.child.dob = parsePartialDate("2011-02-03");
    body.referrer.name = "A. Teacher";
    body.referrer.agency = "Education";
    body.reason = "concern";
    body.significant = std::move(significant);
    SourceRecord record;
    record.kind = RecordKind::Screening;
    record.id = id;
    record.json = "{\"id\":\"" + id + "\",\"date\":\"" + date + "\"}";
    record.contentHash = sha256Hex(record.json);
    record.file = "screenings.jsonl";
    record.location = "line 1";
    record.body = std::move(body);
    return record;
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
    EXPECT_EQ((*store)->schemaVersion(), 2);
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

TEST_F(StoreTest, AddMentionsStoresManyAtOnceAndAStatedMentionWins)
{
    ASSERT_TRUE(store->begin().ok());
    auto row = store->insertRecord(report("IR-1", {}), 1);
    ASSERT_TRUE(row.ok()) << row.error().toString();
    // More than one multi-row statement's worth, with the same phone both extracted and stated.
    std::vector<Mention> mentions;
    for (int i = 0; i < 40; ++i) {
        const std::string number = "077009001" + std::to_string(10 + i);
        auto id = store->resolveEntity(EntityType::Phone, number, number, {});
        ASSERT_TRUE(id.ok());
        mentions.push_back({*row, *id, "phone", true});
    }
    mentions.push_back({*row, mentions.front().entity, "phone", false});
    ASSERT_TRUE(store->addMentions(mentions).ok());
    ASSERT_TRUE(store->addMentions({}).ok());
    ASSERT_TRUE(store->commit().ok());

    const auto snapshot = *store->snapshot({}, *parseDate("2026-04-01"));
    ASSERT_EQ(snapshot.mentions.size(), 40u);
    int stated = 0;
    for (const auto &m : snapshot.mentions) {
        stated += m.extracted ? 0 : 1;
        if (m.entity == mentions.front().entity) {
            EXPECT_FALSE(m.extracted);
        }
    }
    EXPECT_EQ(stated, 1);
}

TEST_F(StoreTest, PlanningNeedsNoDatabaseAndWritesNothing)
{
    Ingestor ingestor(*store, RiskPolicy::defaults());
    const RecordPlan plan = ingestor.plan(report("IR-1", {person(SubjectRole::Perpetrator, std::nullopt, std::nullopt,
                                                                {"Taz", "  "})},
                                                 {VehicleRef{"ab12 cde", false, "Vauxhall", "Astra", "silver"}}));
    // The suspect (their own entity), the alias (the blank one is dropped) and the vehicle.
    ASSERT_EQ(plan.entities.size(), 3u);
    EXPECT_EQ(plan.entities[0].key, "record:information_report:IR-1:subjects[0]");
    EXPECT_EQ(plan.entities[1].type, EntityType::Alias);
    EXPECT_EQ(plan.entities[2].key, "AB12CDE");
    ASSERT_EQ(plan.links.size(), 1u);
    EXPECT_EQ(plan.links[0].relation, "alias_of");
    EXPECT_EQ(*store->recordCount(), 0);

    EXPECT_EQ(*ingestor.ingest(plan, false), IngestOutcome::Imported);
    EXPECT_EQ(store->entities()->size(), 3u);
}

TEST_F(StoreTest, AScreeningThePolicyRefusesIsRefusedBeforeAnythingIsWritten)
{
    auto record = screening("SC-1", "2026-03-01", {});
    std::get<Screening>(record.body).child.dob = parsePartialDate("1990-01-01"); // an adult: refused
    Ingestor ingestor(*store, RiskPolicy::defaults());
    const RecordPlan plan = ingestor.plan(record);
    ASSERT_TRUE(plan.refused.has_value());
    EXPECT_EQ(plan.refused->code, ErrorCode::Policy);
    EXPECT_EQ(plan.refused->file, "screenings.jsonl");
    ASSERT_TRUE(store->begin().ok());
    auto outcome = ingestor.ingest(plan, false);
    ASSERT_FALSE(outcome.ok());
    EXPECT_EQ(outcome.error().code, ErrorCode::Policy);
    ASSERT_TRUE(store->commit().ok());
    EXPECT_EQ(*store->recordCount(), 0);
    EXPECT_TRUE(store->entities()->empty());
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

namespace harbour {
namespace {

TEST_F(StoreTest, SnapshotChildrenAgreeWithTheirScreenings)
{
    // The snapshot reads only what the analyses need; it must say what the full screening
    // history says: the latest screening up to the window's end, the trend from the one before,
    // and the open and overdue actions of the latest one.
    ingest(screening("SCR-1", "2026-01-10", {}));
    ingest(screening("SCR-2", "2026-03-01", {{"missing_episodes", Recency::Current}, {"online_grooming", Recency::Current}}));
    ingest(screening("SCR-3", "2026-04-20", {{"online_grooming", Recency::Past}}));
    const auto history = *store->screenings(std::nullopt);
    ASSERT_EQ(history.size(), 3u);
    ASSERT_FALSE(history[1].actions.empty()) << "the policy gives a significant screening actions";
    ASSERT_TRUE(store->setActionStatus(history[1].actions.front().id, "done").ok());
    const auto updated = *store->screenings(std::nullopt);

    // A screening before the window's start still says how the child stands (the last case).
    struct Case {
        std::string since;
        std::string until;
        std::size_t latest;
    };
    for (const auto &[since, until, latest] : std::vector<Case>{
             {"", "2026-03-15", 1}, {"", "2026-12-31", 2}, {"", "2026-01-31", 0}, {"2026-05-01", "", 2}}) {
        TimeWindow window;
        if (!since.empty()) {
            window.since = parseDate(since);
        }
        if (!until.empty()) {
            window.until = parseDate(until);
        }
        const Date asOf = *parseDate("2026-05-01");
        const auto snapshot = *store->snapshot(window, asOf);
        ASSERT_EQ(snapshot.children.size(), 1u) << until;
        const ChildRisk &risk = snapshot.children[0];
        const StoredScreening &expected = updated[latest];
        EXPECT_EQ(risk.child, expected.child) << until;
        EXPECT_EQ(risk.screeningId, expected.id) << until;
        EXPECT_EQ(risk.screenedAt, expected.screenedAt) << until;
        EXPECT_EQ(risk.final, expected.assessment.final) << until;
        EXPECT_EQ(risk.computed, expected.assessment.computed) << until;
        EXPECT_EQ(risk.screeningCount, static_cast<int>(latest + 1)) << until;
        EXPECT_EQ(risk.trend, trendBetween(latest > 0 ? std::optional{updated[latest - 1].assessment.final}
                                                      : std::nullopt,
                                           expected.assessment.final))
            << until;
        int open = 0;
        int overdue = 0;
        for (const auto &action : expected.actions) {
            if (action.status == "open") {
                ++open;
                overdue += action.action.due && *action.action.due < asOf ? 1 : 0;
            }
        }
        EXPECT_EQ(risk.openActions, open) << until;
        EXPECT_EQ(risk.overdueActions, overdue) << until;
    }
}

TEST(SqliteStore, UpgradesAVersionOneDatabaseToTheSameSnapshot)
{
    TempDir dir;
    const auto path = dir / "case.db";
    GraphSnapshot before;
    {
        auto store = openSqliteStore(path);
        ASSERT_TRUE(store.ok());
        Ingestor ingestor(**store, RiskPolicy::defaults());
        ASSERT_TRUE(ingestor.ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03"),
                                                    person(SubjectRole::Perpetrator, std::nullopt, std::nullopt, {"Taz"})}),
                                    false)
                        .ok());
        ASSERT_TRUE(ingestor.ingest(screening("SCR-1", "2026-03-01", {{"online_grooming", Recency::Current}}), false).ok());
        before = *(*store)->snapshot({}, *parseDate("2026-04-01"));
    }
    // What Harbour 0.1 wrote: the same tables without the snapshot's covering indexes.
    sqlite3 *db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "DROP INDEX records_current; DROP INDEX screenings_latest; PRAGMA user_version = 1;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);

    auto store = openSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.error().toString();
    EXPECT_EQ((*store)->schemaVersion(), 2);
    const auto after = *(*store)->snapshot({}, *parseDate("2026-04-01"));
    EXPECT_EQ(after.entities.size(), before.entities.size());
    EXPECT_EQ(after.mentions.size(), before.mentions.size());
    ASSERT_EQ(after.links.size(), before.links.size());
    for (std::size_t i = 0; i < after.links.size(); ++i) {
        EXPECT_EQ(after.links[i].a, before.links[i].a);
        EXPECT_EQ(after.links[i].b, before.links[i].b);
        EXPECT_EQ(after.links[i].evidence.size(), before.links[i].evidence.size());
    }
    ASSERT_EQ(after.children.size(), 1u);
    EXPECT_EQ(after.children[0].screeningId, "SCR-1");
    EXPECT_EQ(after.children[0].openActions, before.children[0].openActions);
}

TEST_F(StoreTest, OneChildsHistoryIsTheSameAsItsPartOfEveryonesAndReadsTheSameActions)
{
    // Enough screenings that every child's actions come from one scan of the actions table,
    // while one child's history reads its own through the index: both must agree.
    const std::vector<std::string> names{"Amy Jones", "Bea Smith", "Cat Brown"};
    for (int i = 0; i < 90; ++i) {
        const std::string date = "2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
        std::map<std::string, Recency> significant;
        if (i % 2 == 0) {
            significant["missing_episodes"] = Recency::Current;
        }
        ingest(screening("SCR-" + std::to_string(i), date, significant, names[static_cast<std::size_t>(i) % 3]));
    }
    const auto everyone = *store->screenings(std::nullopt);
    ASSERT_EQ(everyone.size(), 90u);
    std::size_t withActions = 0;
    for (const auto &child : std::set<EntityId>{everyone.front().child, everyone[45].child, everyone.back().child}) {
        std::vector<const StoredScreening *> expected;
        for (const auto &row : everyone) {
            if (row.child == child) {
                expected.push_back(&row);
            }
        }
        const auto own = *store->screenings(child);
        ASSERT_EQ(own.size(), expected.size());
        for (std::size_t i = 0; i < own.size(); ++i) {
            EXPECT_EQ(own[i].id, expected[i]->id);
            EXPECT_EQ(own[i].input.child.name, expected[i]->input.child.name);
            ASSERT_EQ(own[i].actions.size(), expected[i]->actions.size()) << own[i].id;
            ASSERT_EQ(own[i].assessment.actions.size(), own[i].actions.size());
            for (std::size_t a = 0; a < own[i].actions.size(); ++a) {
                EXPECT_EQ(own[i].actions[a].id, expected[i]->actions[a].id);
                EXPECT_EQ(own[i].actions[a].action.text, expected[i]->actions[a].action.text);
                EXPECT_EQ(own[i].actions[a].action.due, expected[i]->actions[a].action.due);
            }
            withActions += own[i].actions.empty() ? 0 : 1;
        }
    }
    EXPECT_GT(withActions, 0u) << "the policy gives screenings actions: they must be compared, not skipped";
}

TEST_F(StoreTest, OneChildsHistoryFollowsMerges)
{
    ingest(screening("SCR-1", "2026-01-10", {}, "Amy Jones"));
    ingest(screening("SCR-2", "2026-02-10", {}, "Amy Jnoes"));
    ingest(screening("SCR-3", "2026-03-10", {}, "Amy Jones"));
    const EntityId amy = store->screenings(std::nullopt)->front().child;
    const EntityId typo = store->screenings(std::nullopt)->at(2).child;
    ASSERT_NE(amy, typo);
    const auto mergeId = store->merge(amy, typo, "same child, name misspelt");
    ASSERT_TRUE(mergeId.ok()) << mergeId.error().toString();

    const auto merged = *store->screenings(amy);
    ASSERT_EQ(merged.size(), 3u);
    EXPECT_EQ(merged[0].id, "SCR-1");
    EXPECT_EQ(merged[1].id, "SCR-2");
    EXPECT_EQ(merged[1].child, amy);
    EXPECT_EQ(merged[2].id, "SCR-3");
    EXPECT_TRUE(store->screenings(typo)->empty()) << "a merged-away child has no history of its own";

    ASSERT_TRUE(store->unmerge(*mergeId).ok());
    ASSERT_EQ(store->screenings(typo)->size(), 1u);
    EXPECT_EQ(store->screenings(amy)->size(), 2u);
}

TEST_F(StoreTest, ScreenedNamesAreEveryNameAndAliasOfCurrentScreeningsAfterMerges)
{
    auto first = screening("SCR-1", "2026-01-10", {}, "Amy Jones");
    std::get<Screening>(first.body).child.aliases = {"AJ", "Ames"};
    ingest(first);
    ingest(screening("SCR-2", "2026-02-10", {}, "Amy Jnoes"));
    ingest(screening("SCR-3", "2026-03-10", {}, "Sam Lee"));
    auto amended = screening("SCR-3", "2026-03-10", {}, "Sam Leigh");
    amended.json += " ";
    amended.contentHash = sha256Hex(amended.json);
    ASSERT_EQ(ingest(amended, true), IngestOutcome::Amended);

    const auto everyone = *store->screenings(std::nullopt);
    ASSERT_EQ(everyone.size(), 3u);
    const EntityId amy = everyone[0].child;
    const EntityId typo = everyone[1].child;
    const EntityId sam = everyone[2].child;
    ASSERT_NE(amy, typo);
    auto sorted = [](std::vector<std::string> names) {
        std::sort(names.begin(), names.end());
        return names;
    };

    auto names = *store->screenedNames();
    EXPECT_EQ(sorted(names[amy]), (std::vector<std::string>{"AJ", "Ames", "Amy Jones"}));
    EXPECT_EQ(names[typo], std::vector<std::string>{"Amy Jnoes"});
    EXPECT_EQ(names[sam], std::vector<std::string>{"Sam Leigh"}) << "only the amended screening is current";

    ASSERT_TRUE(store->merge(amy, typo, "same child, name misspelt").ok());
    names = *store->screenedNames();
    EXPECT_EQ(sorted(names[amy]), (std::vector<std::string>{"AJ", "Ames", "Amy Jnoes", "Amy Jones"}));
    EXPECT_FALSE(names.contains(typo)) << "a merged-away child's names are its survivor's";
}

TEST_F(StoreTest, EntitySummaryReadsOneEntityAndSaysWhatItIsMergedInto)
{
    ingest(report("IR-1", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")}));
    ingest(report("IR-2", {person(SubjectRole::Victim, "Amy Jnoes", "2011-02-03")}));
    ingest(report("IR-3", {person(SubjectRole::Victim, "Amy Jones", "2011-02-03")}));
    const auto people = *store->entities(EntityType::Person);
    ASSERT_EQ(people.size(), 2u);
    const auto amy = *store->entitySummary(people[0].id);
    EXPECT_EQ(amy.label, "Amy Jones");
    EXPECT_EQ(amy.recordCount, 2);
    EXPECT_FALSE(amy.mergedInto);

    ASSERT_TRUE(store->merge(people[0].id, people[1].id, "same child").ok());
    EXPECT_EQ(store->entitySummary(people[1].id)->mergedInto, people[0].id);
    EXPECT_EQ(store->entitySummary(people[1].id)->recordCount, 1) << "its own records, as stored";
    const auto detail = *store->entity(people[1].id);
    EXPECT_EQ(detail.entity.id, people[0].id) << "the detail is of the entity it now stands for";
    EXPECT_EQ(detail.mentions.size(), 3u);

    const std::vector<EntityId> asked{people[1].id, people[0].id, people[1].id + 1000};
    const auto labels = *store->entityLabels(asked);
    EXPECT_EQ(labels.size(), 2u) << "an id with no entity is left out";
    EXPECT_EQ(labels.at(people[0].id), "Amy Jones");
    EXPECT_EQ(labels.at(people[1].id), "Amy Jnoes") << "as stored, merged or not";

    const auto missing = store->entitySummary(people[1].id + 1000);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(store->entity(people[1].id + 1000).error().code, ErrorCode::NotFound);
}

} // namespace
} // namespace harbour
