#include "harbour/ingest.h"

#include "harbour/uk_formats.h"

#include <cstdio>

namespace harbour {

namespace {

std::string coordinate(double value)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", value);
    return buf;
}

std::string phoneKey(std::string_view text)
{
    if (auto uk = normalizeUkPhone(text)) {
        return *uk;
    }
    return normalizePhoneLoose(text);
}

std::string postcodeOf(const std::string &address)
{
    return postcodeInAddress(address).value_or("");
}

} // namespace

std::string personKey(const std::optional<std::string> &name, const std::optional<PartialDate> &dob)
{
    if (!name || !dob || !dob->isFull()) {
        return {};
    }
    const std::string normalized = normalizeName(*name);
    if (normalized.empty()) {
        return {};
    }
    return normalized + "|" + dob->toString();
}

Result<IngestOutcome> Ingestor::ingest(const SourceRecord &record, bool amend)
{
    auto existing = m_store.findRecord(record.kind, record.id);
    if (!existing) {
        return existing.error();
    }
    int version = 1;
    if (existing->has_value()) {
        const StoredRecordRef &stored = **existing;
        if (stored.contentHash == record.contentHash) {
            return IngestOutcome::Unchanged;
        }
        if (!amend) {
            return Error{ErrorCode::Conflict,
                         std::string(toString(record.kind)) + " " + record.id + " is already stored (version " +
                             std::to_string(stored.version) +
                             ") with different content; not overwritten (use --amend to record a new version)",
                         record.file, record.location, "id"};
        }
        version = stored.version + 1;
    }

    // Assess before writing anything: a screening the policy refuses is rejected whole.
    std::optional<Assessment> assessment;
    if (const auto *screening = std::get_if<Screening>(&record.body)) {
        auto assessed = assess(*screening, m_policy);
        if (!assessed) {
            Error error = assessed.error();
            error.file = record.file;
            error.record = record.location;
            return error;
        }
        assessment = std::move(*assessed);
    }

    if (version > 1) {
        if (auto status = m_store.retireRecordContributions((*existing)->rowId); !status) {
            return status.error();
        }
    }
    auto row = m_store.insertRecord(record, version);
    if (!row) {
        return row.error();
    }
    Status stored;
    if (const auto *report = std::get_if<InformationReport>(&record.body)) {
        stored = storeReport(*row, record, *report);
    } else if (const auto *screening = std::get_if<Screening>(&record.body)) {
        stored = storeScreening(*row, record, *screening, *assessment);
    } else {
        stored = storeMissing(*row, record, std::get<MissingEpisode>(record.body));
    }
    if (!stored) {
        return stored.error();
    }
    if (version > 1) {
        if (auto status = m_store.appendAudit("amend", std::string(toString(record.kind)) + " " + record.id,
                                              "version " + std::to_string(version) + " from " + record.file);
            !status) {
            return status.error();
        }
        return IngestOutcome::Amended;
    }
    return IngestOutcome::Imported;
}

Result<EntityId> Ingestor::storePerson(RecordRowId row, const SourceRecord &record, const PersonRef &person,
                                       const std::string &role, const std::string &slot)
{
    std::string key = personKey(person.name, person.dob);
    if (key.empty()) {
        // Not enough to know who this is: an entity of its own, stable across re-imports.
        key = "record:" + std::string(toString(record.kind)) + ":" + record.id + ":" + slot;
    }
    std::string label;
    if (person.name && !person.name->empty()) {
        label = *person.name;
    } else if (!person.aliases.empty()) {
        label = "Unknown (\"" + person.aliases.front() + "\")";
    } else {
        label = "Unknown person";
    }
    std::map<std::string, std::string> attributes{{"name", person.name.value_or("")},
                                                  {"gender", person.gender},
                                                  {"address", person.address},
                                                  {"postcode", postcodeOf(person.address)},
                                                  {"description", person.description}};
    if (person.dob) {
        attributes["dob"] = person.dob->toString();
    }
    auto id = m_store.resolveEntity(EntityType::Person, key, label, attributes);
    if (!id) {
        return id;
    }
    if (auto status = m_store.addMention(row, *id, role, false); !status) {
        return status.error();
    }
    for (const auto &alias : person.aliases) {
        const std::string aliasKey = normalizeText(alias);
        if (aliasKey.empty()) {
            continue;
        }
        auto aliasId = m_store.resolveEntity(EntityType::Alias, aliasKey, alias, {});
        if (!aliasId) {
            return aliasId;
        }
        if (auto status = m_store.addMention(row, *aliasId, "alias", false); !status) {
            return status.error();
        }
        if (auto status = m_store.addLink(*id, *aliasId, row, "alias_of"); !status) {
            return status.error();
        }
    }
    return id;
}

Result<EntityId> Ingestor::storePlace(RecordRowId row, const PlaceRef &place, const std::string &role, bool extracted)
{
    std::string key = normalizeAddress(place.address);
    if (key.empty()) {
        key = "name:" + normalizeText(place.name);
    }
    std::map<std::string, std::string> attributes{
        {"name", place.name}, {"address", place.address}, {"postcode", postcodeOf(place.address)}};
    if (place.lat && place.lon) {
        attributes["lat"] = coordinate(*place.lat);
        attributes["lon"] = coordinate(*place.lon);
    }
    auto id = m_store.resolveEntity(EntityType::Place, key, place.name.empty() ? place.address : place.name,
                                    attributes);
    if (!id) {
        return id;
    }
    if (auto status = m_store.addMention(row, *id, role, extracted); !status) {
        return status.error();
    }
    return id;
}

Status Ingestor::storeReport(RecordRowId row, const SourceRecord &record, const InformationReport &report)
{
    for (std::size_t i = 0; i < report.subjects.size(); ++i) {
        const PersonRef &subject = report.subjects[i];
        auto id = storePerson(row, record, subject, std::string(toString(subject.role)), "subjects[" + std::to_string(i) + "]");
        if (!id) {
            return id.error();
        }
    }
    for (const auto &premises : report.premises) {
        const std::string postcode = postcodeOf(premises.address);
        const std::string key =
            normalizeText(premises.tradingName) + "|" + (postcode.empty() ? normalizeAddress(premises.address) : postcode);
        auto id = m_store.resolveEntity(EntityType::Premises, key, premises.tradingName,
                                        {{"name", premises.tradingName},
                                         {"premises_type", premises.type},
                                         {"address", premises.address},
                                         {"postcode", postcode}});
        if (!id) {
            return id.error();
        }
        if (auto status = m_store.addMention(row, *id, "premises", false); !status) {
            return status;
        }
    }
    const auto storeVehicle = [&](const std::string &mark, const VehicleRef *details, bool extracted) -> Status {
        const std::string key = normalizeVrm(mark);
        if (key.empty()) {
            return {};
        }
        std::map<std::string, std::string> attributes{{"format", std::string(toString(classifyVrm(key)))}};
        if (details) {
            attributes["make"] = details->make;
            attributes["model"] = details->model;
            attributes["colour"] = details->colour;
            if (details->partial) {
                attributes["partial"] = "true";
            }
        }
        auto id = m_store.resolveEntity(EntityType::Vehicle, key, key, attributes);
        if (!id) {
            return id.error();
        }
        return m_store.addMention(row, *id, "vehicle", extracted);
    };
    for (const auto &vehicle : report.vehicles) {
        if (auto status = storeVehicle(vehicle.vrm, &vehicle, false); !status) {
            return status;
        }
    }
    for (const auto &place : report.places) {
        if (auto id = storePlace(row, place, "place", false); !id) {
            return id.error();
        }
    }
    const auto storePhone = [&](const std::string &number, bool extracted) -> Status {
        const std::string key = phoneKey(number);
        if (key.empty()) {
            return {};
        }
        auto id = m_store.resolveEntity(EntityType::Phone, key, key, {});
        if (!id) {
            return id.error();
        }
        return m_store.addMention(row, *id, "phone", extracted);
    };
    for (const auto &phone : report.phones) {
        if (auto status = storePhone(phone, false); !status) {
            return status;
        }
    }
    for (const auto &account : report.accounts) {
        const std::string key = normalizeText(account.service) + ":" + normalizeText(account.handle);
        auto id = m_store.resolveEntity(EntityType::Account, key, account.service + ": " + account.handle,
                                        {{"service", account.service}, {"handle", account.handle}});
        if (!id) {
            return id.error();
        }
        if (auto status = m_store.addMention(row, *id, "account", false); !status) {
            return status;
        }
    }

    // What the narrative names is kept too, marked as extracted rather than stated.
    for (const auto &mark : report.extracted.vrms) {
        if (auto status = storeVehicle(mark, nullptr, true); !status) {
            return status;
        }
    }
    for (const auto &phone : report.extracted.phones) {
        if (auto status = storePhone(phone, true); !status) {
            return status;
        }
    }
    for (const auto &postcode : report.extracted.postcodes) {
        if (auto id = storePlace(row, PlaceRef{postcode, postcode, std::nullopt, std::nullopt}, "place", true); !id) {
            return id.error();
        }
    }
    for (const auto &nickname : report.extracted.nicknames) {
        const std::string key = normalizeText(nickname);
        if (key.empty()) {
            continue;
        }
        auto id = m_store.resolveEntity(EntityType::Alias, key, nickname, {});
        if (!id) {
            return id.error();
        }
        if (auto status = m_store.addMention(row, *id, "alias", true); !status) {
            return status;
        }
    }
    return {};
}

Status Ingestor::storeScreening(RecordRowId row, const SourceRecord &record, const Screening &screening,
                                const Assessment &assessment)
{
    PersonRef child;
    child.role = SubjectRole::Victim;
    child.name = screening.child.name;
    child.aliases = screening.child.aliases;
    child.dob = screening.child.dob;
    child.gender = screening.child.gender;
    child.address = screening.child.address;
    auto id = storePerson(row, record, child, "child", "child");
    if (!id) {
        return id.error();
    }
    if (auto stored = m_store.insertScreening(row, *id, screening, assessment); !stored) {
        return stored;
    }
    // A professional judgement overrides the computed level: the panel must be able to see who
    // set which child's level by hand, and why, without reading every screening.
    for (const auto &rule : assessment.rules) {
        if (rule.rule == "professional_judgement" && assessment.final != assessment.computed) {
            return m_store.appendAudit("override", "screening " + record.id,
                                       "entity " + std::to_string(*id) + ": " + rule.detail + " (" + record.file + ")");
        }
    }
    return {};
}

Status Ingestor::storeMissing(RecordRowId row, const SourceRecord &record, const MissingEpisode &episode)
{
    PersonRef child = episode.child;
    child.role = SubjectRole::Victim;
    auto childId = storePerson(row, record, child, "child", "child");
    if (!childId) {
        return childId.error();
    }
    std::optional<EntityId> foundAt;
    if (episode.foundAt) {
        auto place = storePlace(row, *episode.foundAt, "found_at", false);
        if (!place) {
            return place.error();
        }
        foundAt = *place;
        if (auto status = m_store.addLink(*childId, *place, row, "found_at"); !status) {
            return status;
        }
    }
    std::vector<EntityId> foundWith;
    for (std::size_t i = 0; i < episode.foundWith.size(); ++i) {
        auto person = storePerson(row, record, episode.foundWith[i], "found_with", "found_with[" + std::to_string(i) + "]");
        if (!person) {
            return person.error();
        }
        foundWith.push_back(*person);
        if (auto status = m_store.addLink(*childId, *person, row, "found_with"); !status) {
            return status;
        }
    }
    return m_store.insertMissingEpisode(row, *childId, episode, foundAt, foundWith);
}

} // namespace harbour
