#pragma once

#include "harbour/model.h"
#include "harbour/result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace harbour {

/// One disruption tactic of data/tactics.json: what can be done about a premises, vehicle or person.
struct Tactic {
    std::string key;   ///< stable id stored with each disruption action ("hotel_notice")
    std::string title; ///< "Hotel information notice (s116)"
    std::vector<std::string> appliesTo; ///< "premises", "vehicle", "person"
    std::string legalBasis;
    std::string description;

    bool appliesToType(EntityType type) const;
};

/// The kind of disruption target an entity is: "premises", "vehicle", "person" (persons and
/// aliases), or empty for entities nothing is planned against (places, phones, accounts).
std::string_view targetKindOf(EntityType type);

/// The tactics catalogue, in file order.
class TacticsCatalogue {
public:
    TacticsCatalogue() = default;
    explicit TacticsCatalogue(std::vector<Tactic> tactics) : m_tactics(std::move(tactics)) {}

    const std::vector<Tactic> &tactics() const { return m_tactics; }
    /// nullptr when no tactic has the key.
    const Tactic *find(std::string_view key) const;
    /// The tactics that apply to an entity type, in file order; empty for places, phones, accounts.
    std::vector<const Tactic *> forType(EntityType type) const;

    /// Parses {"tactics":[{key, title, applies_to, legal_basis, description}]}. Fails with Parse
    /// for bad JSON and Validation (field named, record "tactic N") for a missing or empty field,
    /// an unknown applies_to value or a duplicate key. `origin` names the text in errors.
    static Result<TacticsCatalogue> fromJson(std::string_view text, const std::string &origin);
    /// Io when the file cannot be read; otherwise as fromJson.
    static Result<TacticsCatalogue> load(const std::filesystem::path &path);
    /// The shipped catalogue: the first tactics.json found on tacticsSearchPath(). NotFound
    /// naming the folders tried when there is none.
    static Result<TacticsCatalogue> shipped();

private:
    std::vector<Tactic> m_tactics;
};

/// Where the shipped tactics.json is looked for, in order: $HARBOUR_DATA_DIR, next to the
/// running binary and in a data/ or share/harbour/ folder beside it or up to three levels
/// above it (build trees), then the source tree's data/ folder.
std::vector<std::filesystem::path> tacticsSearchPath();

} // namespace harbour
