#include "harbour/tactics.h"

#include "harbour/file_kind.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace harbour {

namespace {

constexpr const char *kFileName = "tactics.json";

Error tacticError(const std::string &origin, std::size_t index, const std::string &field, std::string message)
{
    return Error{ErrorCode::Validation, std::move(message), origin, "tactic " + std::to_string(index + 1), field};
}

Result<std::string> requiredText(const nlohmann::json &item, const char *field, const std::string &origin,
                                 std::size_t index)
{
    const auto it = item.find(field);
    if (it == item.end() || !it->is_string() || it->get<std::string>().empty()) {
        return tacticError(origin, index, field, "must be a non-empty string");
    }
    return it->get<std::string>();
}

std::filesystem::path runningBinaryDir()
{
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{} : exe.parent_path();
}

} // namespace

bool Tactic::appliesToType(EntityType type) const
{
    const auto kind = targetKindOf(type);
    return !kind.empty() && std::find(appliesTo.begin(), appliesTo.end(), kind) != appliesTo.end();
}

std::string_view targetKindOf(EntityType type)
{
    switch (type) {
    case EntityType::Premises:
        return "premises";
    case EntityType::Vehicle:
        return "vehicle";
    case EntityType::Person:
    case EntityType::Alias:
        return "person";
    default:
        return {};
    }
}

const Tactic *TacticsCatalogue::find(std::string_view key) const
{
    const auto it = std::find_if(m_tactics.begin(), m_tactics.end(), [key](const Tactic &t) { return t.key == key; });
    return it == m_tactics.end() ? nullptr : &*it;
}

std::vector<const Tactic *> TacticsCatalogue::forType(EntityType type) const
{
    std::vector<const Tactic *> out;
    for (const auto &tactic : m_tactics) {
        if (tactic.appliesToType(type)) {
            out.push_back(&tactic);
        }
    }
    return out;
}

Result<TacticsCatalogue> TacticsCatalogue::fromJson(std::string_view text, const std::string &origin)
{
    const auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded()) {
        return Error{ErrorCode::Parse, "not valid JSON", origin, {}, {}};
    }
    const auto list = document.is_object() ? document.find("tactics") : document.end();
    if (!document.is_object() || list == document.end() || !list->is_array()) {
        return Error{ErrorCode::Validation, "must be an object with a \"tactics\" array", origin, {}, "tactics"};
    }
    static const std::set<std::string> kTargets{"premises", "vehicle", "person"};
    std::vector<Tactic> tactics;
    std::set<std::string> keys;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto &item = (*list)[i];
        if (!item.is_object()) {
            return tacticError(origin, i, {}, "must be an object");
        }
        Tactic tactic;
        for (const auto &[field, target] : {std::pair{"key", &tactic.key}, std::pair{"title", &tactic.title},
                                            std::pair{"legal_basis", &tactic.legalBasis},
                                            std::pair{"description", &tactic.description}}) {
            auto value = requiredText(item, field, origin, i);
            if (!value) {
                return value.error();
            }
            *target = std::move(value).value();
        }
        const auto applies = item.find("applies_to");
        if (applies == item.end() || !applies->is_array() || applies->empty()) {
            return tacticError(origin, i, "applies_to", "must be a non-empty array of premises, vehicle, person");
        }
        for (const auto &target : *applies) {
            if (!target.is_string() || !kTargets.contains(target.get<std::string>())) {
                return tacticError(origin, i, "applies_to",
                                   "unknown target " + target.dump() + " (premises, vehicle, person)");
            }
            tactic.appliesTo.push_back(target.get<std::string>());
        }
        if (!keys.insert(tactic.key).second) {
            return tacticError(origin, i, "key", "duplicate key '" + tactic.key + "'");
        }
        tactics.push_back(std::move(tactic));
    }
    return TacticsCatalogue(std::move(tactics));
}

Result<TacticsCatalogue> TacticsCatalogue::load(const std::filesystem::path &path)
{
    if (auto unreadable = unreadableInputError(path, "tactics catalogue")) {
        return *unreadable;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{ErrorCode::Io, "cannot read the tactics catalogue", path.string(), {}, {}};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return fromJson(text.str(), path.string());
}

Result<TacticsCatalogue> TacticsCatalogue::shipped()
{
    std::string tried;
    for (const auto &folder : tacticsSearchPath()) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(folder / kFileName, ec)) {
            return load(folder / kFileName);
        }
        tried += (tried.empty() ? "" : ", ") + folder.string();
    }
    return Error{ErrorCode::NotFound, "no tactics.json in " + tried + " (set HARBOUR_DATA_DIR)", {}, {}, {}};
}

std::vector<std::filesystem::path> tacticsSearchPath()
{
    std::vector<std::filesystem::path> folders;
    if (const char *dir = std::getenv("HARBOUR_DATA_DIR"); dir != nullptr && *dir != '\0') {
        folders.emplace_back(dir);
    }
    std::filesystem::path dir = runningBinaryDir();
    if (!dir.empty()) {
        folders.push_back(dir);
        for (int level = 0; level < 4 && !dir.empty(); ++level) {
            folders.push_back(dir / "data");
            folders.push_back(dir / "share" / "harbour");
            if (dir == dir.parent_path()) {
                break;
            }
            dir = dir.parent_path();
        }
    }
    // A build that runs from anywhere still finds the catalogue of the tree it was built from.
    folders.emplace_back(HARBOUR_SOURCE_DATA_DIR);
    return folders;
}

} // namespace harbour
