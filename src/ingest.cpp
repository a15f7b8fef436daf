#include "harbour/ingest.h"

#include "harbour/uk_formats.h"
#include "harbour/unicode.h"

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

RecordPlan Ingestor::plan(SourceRecord record) const
{
    RecordPlan plan;
    // Impossible dates first: a screening's assessment would otherwise judge an unborn child.
    if (auto impossible = checkRecordDates(record, m_dateLimits)) {
        plan.refused = std::move(impossible);
    } else if (const auto *screening = std::get_if<Screening>(&record.body)) {
        auto assessed = assess(*screening, m_policy);
        if (assessed) {
            plan.screeningText = screeningText(*screening, *assessed);
            plan.assessment = std::move(*assessed);
        } else {
            plan.refused = assessed.error();
            plan.refused->file = record.file;
            plan.refused->record = record.location;
        }
    }
    plan.record = std::move(record);
    const SourceRecord &r = plan.record;
    if (const auto *report = std::get_if<InformationReport>(&r.body)) {
        planReport(plan, *report);
    } else if (const auto *screening = std::get_if<Screening>(&r.body)) {
        PersonRef child;
        child.role = SubjectRole::Victim;
        child.name = screening->child.name;
        child.aliases = screening->child.aliases;
        child.dob = screening->child.dob;
        child.gender = screening->child.gender;
        child.address = screening->child.address;
        planPerson(plan, child, "child", "child");
    } else {
        const auto &episode = std::get<MissingEpisode>(r.body);
        PersonRef child = episode.child;
        child.role = SubjectRole::Victim;
        const std::size_t childIndex = planPerson(plan, child, "child", "child");
        if (episode.foundAt) {
            plan.foundAt = planPlace(plan, *episode.foundAt, "found_at", false);
            plan.links.push_back({childIndex, *plan.foundAt, "found_at"});
        }
        for (std::size_t i = 0; i < episode.foundWith.size(); ++i) {
            const std::size_t person =
                planPerson(plan, episode.foundWith[i], "found_with", "found_with[" + std::to_string(i) + "]");
            plan.foundWith.push_back(person);
            plan.links.push_back({childIndex, person, "found_with"});
        }
    }
    return plan;
}

Result<IngestOutcome> Ingestor::ingest(const SourceRecord &record, bool amend)
{
    return ingest(plan(record), amend);
}

Result<IngestOutcome> Ingestor::ingest(const RecordPlan &plan, bool amend)
{
    const SourceRecord &record = plan.record;
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
    // A record with an impossible date, or a screening the policy refuses, is rejected whole,
    // before anything is written.
    if (plan.refused) {
        return *plan.refused;
    }

    auto written = write(plan, version, existing->has_value() ? (*existing)->rowId : RecordRowId{0});
    if (!written) {
        // Part of the record may be written: only the whole group's rollback undoes it, so the
        // caller must treat this as fatal whatever the store said.
        Error error = written.error();
        if (error.code != ErrorCode::Database) {
            error.code = ErrorCode::Internal;
        }
        return error;
    }
    return *written;
}

Result<IngestOutcome> Ingestor::write(const RecordPlan &plan, int version, RecordRowId previous)
{
    const SourceRecord &record = plan.record;
    if (version > 1) {
        if (auto status = m_store.retireRecordContributions(previous); !status) {
            return status.error();
        }
    }
    auto row = m_store.insertRecord(record, version);
    if (!row) {
        return row.error();
    }
    m_ids.clear();
    m_mentions.clear();
    for (const PlannedEntity &entity : plan.entities) {
        auto id = m_store.resolveEntity(entity.type, entity.key, entity.label, entity.attributes);
        if (!id) {
            return id.error();
        }
        m_ids.push_back(*id);
        m_mentions.push_back(Mention{*row, *id, entity.role, entity.extracted});
    }
    if (auto status = m_store.addMentions(m_mentions); !status) {
        return status.error();
    }
    for (const PlannedLink &link : plan.links) {
        if (auto status = m_store.addLink(m_ids[link.a], m_ids[link.b], *row, link.relation); !status) {
            return status.error();
        }
    }
    if (const auto *screening = std::get_if<Screening>(&record.body)) {
        const Assessment &assessment = *plan.assessment;
        if (auto stored = m_store.insertScreening(*row, m_ids.front(), *screening, assessment, plan.screeningText);
            !stored) {
            return stored.error();
        }
        // A professional judgement overrides the computed level: the panel must be able to see
        // who set which child's level by hand, and why, without reading every screening.
        for (const auto &rule : assessment.rules) {
            if (rule.rule == "professional_judgement" && assessment.final != assessment.computed) {
                if (auto status = m_store.appendAudit("override", "screening " + record.id,
                                                      "entity " + std::to_string(m_ids.front()) + ": " + rule.detail +
                                                          " (" + record.file + ")");
                    !status) {
                    return status.error();
                }
                break;
            }
        }
    } else if (const auto *episode = std::get_if<MissingEpisode>(&record.body)) {
        std::optional<EntityId> foundAt;
        if (plan.foundAt) {
            foundAt = m_ids[*plan.foundAt];
        }
        std::vector<EntityId> foundWith;
        for (std::size_t index : plan.foundWith) {
            foundWith.push_back(m_ids[index]);
        }
        if (auto status = m_store.insertMissingEpisode(*row, m_ids.front(), *episode, foundAt, foundWith); !status) {
            return status.error();
        }
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

std::size_t Ingestor::planEntity(RecordPlan &plan, PlannedEntity entity)
{
    // One entity may be named in composed and decomposed forms: its label is shown in one.
    if (!isAscii(entity.label)) {
        entity.label = toNfc(entity.label);
    }
    plan.entities.push_back(std::move(entity));
    return plan.entities.size() - 1;
}

std::size_t Ingestor::planPerson(RecordPlan &plan, const PersonRef &person, const std::string &role,
                                 const std::string &slot)
{
    const SourceRecord &record = plan.record;
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
    const std::size_t index =
        planEntity(plan, {EntityType::Person, std::move(key), std::move(label), std::move(attributes), role, false});
    for (const auto &alias : person.aliases) {
        std::string aliasKey = normalizeText(alias);
        if (aliasKey.empty()) {
            continue;
        }
        const std::size_t aliasIndex =
            planEntity(plan, {EntityType::Alias, std::move(aliasKey), alias, {}, "alias", false});
        plan.links.push_back({index, aliasIndex, "alias_of"});
    }
    return index;
}

std::size_t Ingestor::planPlace(RecordPlan &plan, const PlaceRef &place, const std::string &role, bool extracted)
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
    return planEntity(plan, {EntityType::Place, std::move(key), place.name.empty() ? place.address : place.name,
                             std::move(attributes), role, extracted});
}

void Ingestor::planReport(RecordPlan &plan, const InformationReport &report)
{
    for (std::size_t i = 0; i < report.subjects.size(); ++i) {
        const PersonRef &subject = report.subjects[i];
        planPerson(plan, subject, std::string(toString(subject.role)), "subjects[" + std::to_string(i) + "]");
    }
    for (const auto &premises : report.premises) {
        const std::string postcode = postcodeOf(premises.address);
        std::string key =
            normalizeText(premises.tradingName) + "|" + (postcode.empty() ? normalizeAddress(premises.address) : postcode);
        planEntity(plan, {EntityType::Premises,
                          std::move(key),
                          premises.tradingName,
                          {{"name", premises.tradingName},
                           {"premises_type", premises.type},
                           {"address", premises.address},
                           {"postcode", postcode}},
                          "premises",
                          false});
    }
    const auto planVehicle = [&](const std::string &mark, const VehicleRef *details, bool extracted) {
        std::string key = normalizeVrm(mark);
        if (key.empty()) {
            return;
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
        std::string label = key;
        planEntity(plan, {EntityType::Vehicle, std::move(key), std::move(label), std::move(attributes), "vehicle",
                          extracted});
    };
    for (const auto &vehicle : report.vehicles) {
        planVehicle(vehicle.vrm, &vehicle, false);
    }
    for (const auto &place : report.places) {
        planPlace(plan, place, "place", false);
    }
    const auto planPhone = [&](const std::string &number, bool extracted) {
        std::string key = phoneKey(number);
        if (key.empty()) {
            return;
        }
        std::string label = key;
        planEntity(plan, {EntityType::Phone, std::move(key), std::move(label), {}, "phone", extracted});
    };
    for (const auto &phone : report.phones) {
        planPhone(phone, false);
    }
    for (const auto &account : report.accounts) {
        planEntity(plan, {EntityType::Account,
                          normalizeText(account.service) + ":" + normalizeText(account.handle),
                          account.service + ": " + account.handle,
                          {{"service", account.service}, {"handle", account.handle}},
                          "account",
                          false});
    }

    // What the narrative names is kept too, marked as extracted rather than stated.
    for (const auto &mark : report.extracted.vrms) {
        planVehicle(mark, nullptr, true);
    }
    for (const auto &phone : report.extracted.phones) {
        planPhone(phone, true);
    }
    for (const auto &postcode : report.extracted.postcodes) {
        planPlace(plan, PlaceRef{postcode, postcode, std::nullopt, std::nullopt}, "place", true);
    }
    for (const auto &nickname : report.extracted.nicknames) {
        std::string key = normalizeText(nickname);
        if (key.empty()) {
            continue;
        }
        planEntity(plan, {EntityType::Alias, std::move(key), nickname, {}, "alias", true});
    }
}

} // namespace harbour
