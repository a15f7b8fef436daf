#pragma once

#include "harbour/risk.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

/// The JSON the store keeps of a screening beside its verbatim record: the inputs the risk
/// engine read and the rules its assessment fired. Backend-neutral: any store keeps these texts.
namespace harbour::store {

nlohmann::json screeningToJson(const Screening &s);
Screening screeningFromJson(const nlohmann::json &j);
nlohmann::json rulesToJson(const std::vector<RuleFired> &rules);
std::vector<RuleFired> rulesFromText(const std::string &text);

} // namespace harbour::store
