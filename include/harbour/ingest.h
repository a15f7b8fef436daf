#pragma once

#include "harbour/model.h"
#include "harbour/record_dates.h"
#include "harbour/result.h"
#include "harbour/risk.h"
#include "harbour/store.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harbour {

enum class IngestOutcome { Imported, Amended, Unchanged };

/// Turns validated records into store rows: the verbatim record, entities resolved by exact
/// keys, mentions, explicit links, screenings with their assessment, missing episodes.
///
/// Exact keys (never fuzzy; fuzzy matches are suggestions for an analyst):
/// vehicle = normalised mark; phone = normalised number; premises = normalised trading name
/// and postcode; place = normalised address; alias = normalised alias; account = service and
/// handle; person = normalised full name and full date of birth. A person without both is
/// their own entity, so two "Amy Jones" without a date of birth are never merged.
/// One entity a record names, worked out before storing: what to resolve and how the record
/// mentions it.
struct PlannedEntity {
    EntityType type = EntityType::Person;
    std::string key;
    std::string label;
    std::map<std::string, std::string> attributes;
    std::string role; ///< the mention's role
    bool extracted = false;
};

/// A link the record states between two of its planned entities (indexes into `entities`).
struct PlannedLink {
    std::size_t a = 0;
    std::size_t b = 0;
    std::string relation; ///< alias_of, found_at, found_with
};

/// Everything storing a record needs that does not depend on the database: keys, labels,
/// attributes, the screening's assessment. An import plans on its reading thread, so that the
/// storing thread (the bottleneck) only resolves and writes.
struct RecordPlan {
    SourceRecord record;
    std::vector<PlannedEntity> entities; ///< in resolution order; a screening's or episode's child first
    std::vector<PlannedLink> links;
    std::optional<Assessment> assessment; ///< screenings the policy accepts
    ScreeningText screeningText;          ///< of an accepted screening, as it is stored
    std::optional<Error> refused;         ///< records with impossible dates, screenings the policy refuses
    std::optional<std::size_t> foundAt;   ///< missing episodes
    std::vector<std::size_t> foundWith;   ///< missing episodes
};

class Ingestor {
public:
    /// Both references must outlive the Ingestor. `now` is the moment records' dates are judged
    /// against (a date more than the policy's futureToleranceDays after it is refused); tests pass
    /// a fixed one so that they do not depend on the day they run.
    Ingestor(Store &store, const RiskPolicy &policy, DateTime now = currentTime())
        : m_store(store), m_policy(policy), m_dateLimits(dateLimitsAt(now, policy.futureToleranceDays))
    {
    }

    /// Works out what storing `record` takes. Reads only the policy: safe to call on another
    /// thread while this Ingestor stores.
    RecordPlan plan(SourceRecord record) const;

    /// Stores one record inside the caller's transaction. A record refused (a Conflict, a
    /// screening the policy refuses) is refused before anything is written; any error once
    /// writing began is Database or Internal, and the caller must roll the transaction (or a
    /// savepoint of its own) back. Re-ingesting identical content is Unchanged; the same id
    /// with other content is a Conflict unless `amend` is set.
    Result<IngestOutcome> ingest(const RecordPlan &plan, bool amend);
    Result<IngestOutcome> ingest(const SourceRecord &record, bool amend);

private:
    Result<IngestOutcome> write(const RecordPlan &plan, int version, RecordRowId previous);
    static std::size_t planEntity(RecordPlan &plan, PlannedEntity entity);
    static std::size_t planPerson(RecordPlan &plan, const PersonRef &person, const std::string &role,
                                  const std::string &slot);
    static std::size_t planPlace(RecordPlan &plan, const PlaceRef &place, const std::string &role, bool extracted);
    static void planReport(RecordPlan &plan, const InformationReport &report);

    Store &m_store;
    const RiskPolicy &m_policy;
    DateLimits m_dateLimits;
    // The current record's, kept to spare allocations.
    std::vector<EntityId> m_ids;
    std::vector<Mention> m_mentions;
};

/// The exact resolution key of a person, or empty when the person has no name and full date
/// of birth (such a person stays their own entity).
std::string personKey(const std::optional<std::string> &name, const std::optional<PartialDate> &dob);

} // namespace harbour
