#pragma once

#include "harbour/model.h"
#include "harbour/result.h"
#include "harbour/risk.h"
#include "harbour/store.h"

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
class Ingestor {
public:
    /// Both references must outlive the Ingestor.
    Ingestor(Store &store, const RiskPolicy &policy) : m_store(store), m_policy(policy) {}

    /// Stores one record. The caller owns the transaction (a savepoint per record): on an
    /// error nothing this call wrote should be kept. Re-ingesting identical content is
    /// Unchanged; the same id with other content is a Conflict unless `amend` is set.
    Result<IngestOutcome> ingest(const SourceRecord &record, bool amend);

private:
    Status storeReport(RecordRowId row, const SourceRecord &record, const InformationReport &report);
    Status storeScreening(RecordRowId row, const SourceRecord &record, const Screening &screening,
                          const Assessment &assessment);
    Status storeMissing(RecordRowId row, const SourceRecord &record, const MissingEpisode &episode);
    Result<EntityId> storePerson(RecordRowId row, const SourceRecord &record, const PersonRef &person,
                                 const std::string &role, const std::string &slot);
    Result<EntityId> storePlace(RecordRowId row, const PlaceRef &place, const std::string &role, bool extracted);

    Store &m_store;
    const RiskPolicy &m_policy;
};

/// The exact resolution key of a person, or empty when the person has no name and full date
/// of birth (such a person stays their own entity).
std::string personKey(const std::optional<std::string> &name, const std::optional<PartialDate> &dob);

} // namespace harbour
