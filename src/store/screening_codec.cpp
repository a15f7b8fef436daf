#include "store/screening_codec.h"

#include "harbour/store.h"

namespace harbour::store {

using nlohmann::json;

// The screening inputs the risk engine read, kept beside the verbatim record so that
// history and trends can be shown without re-parsing the original file format.
json screeningToJson(const Screening &s)
{
    json significant = json::object();
    for (const auto &[key, recency] : s.significant) {
        significant[key] = std::string(toString(recency));
    }
    json out = {{"id", s.id},
                {"screened_at", formatDate(s.screenedAt)},
                {"child",
                 {{"name", s.child.name},
                  {"aliases", s.child.aliases},
                  {"dob", s.child.dob ? json(s.child.dob->toString()) : json(nullptr)},
                  {"gender", s.child.gender},
                  {"ethnicity", s.child.ethnicity},
                  {"disability", s.child.disability},
                  {"learning_disability", s.child.learningDisability},
                  {"additional_needs", s.child.additionalNeeds},
                  {"address", s.child.address},
                  {"lives_with", s.child.livesWith},
                  {"in_care", s.child.inCare ? json(*s.child.inCare) : json(nullptr)}}},
                {"referrer", {{"name", s.referrer.name}, {"agency", s.referrer.agency}, {"contact", s.referrer.contact}}},
                {"reason", s.reason},
                {"significant", significant},
                {"risk_indicators", s.riskIndicators},
                {"vulnerabilities", s.vulnerabilities}};
    if (s.professionalJudgement) {
        out["professional_judgement"] = {{"level", std::string(toString(s.professionalJudgement->level))},
                                         {"reason", s.professionalJudgement->reason}};
    }
    return out;
}

Screening screeningFromJson(const json &j)
{
    Screening s;
    s.id = j.value("id", "");
    s.screenedAt = parseDate(j.value("screened_at", "")).value_or(Date{});
    const json &child = j.at("child");
    s.child.name = child.value("name", "");
    s.child.aliases = child.value("aliases", std::vector<std::string>{});
    if (child.contains("dob") && child["dob"].is_string()) {
        s.child.dob = parsePartialDate(child["dob"].get<std::string>());
    }
    s.child.gender = child.value("gender", "");
    s.child.ethnicity = child.value("ethnicity", "");
    s.child.disability = child.value("disability", "");
    s.child.learningDisability = child.value("learning_disability", false);
    s.child.additionalNeeds = child.value("additional_needs", false);
    s.child.address = child.value("address", "");
    s.child.livesWith = child.value("lives_with", "");
    if (child.contains("in_care") && child["in_care"].is_boolean()) {
        s.child.inCare = child["in_care"].get<bool>();
    }
    const json &referrer = j.at("referrer");
    s.referrer.name = referrer.value("name", "");
    s.referrer.agency = referrer.value("agency", "");
    s.referrer.contact = referrer.value("contact", "");
    s.reason = j.value("reason", "");
    for (const auto &[key, value] : j.at("significant").items()) {
        s.significant[key] = value.get<std::string>() == "past" ? Recency::Past : Recency::Current;
    }
    s.riskIndicators = j.value("risk_indicators", std::vector<std::string>{});
    s.vulnerabilities = j.value("vulnerabilities", std::vector<std::string>{});
    if (j.contains("professional_judgement")) {
        const json &pj = j["professional_judgement"];
        s.professionalJudgement =
            ProfessionalJudgement{riskLevelFromString(pj.value("level", "none")).value_or(RiskLevel::None),
                                  pj.value("reason", "")};
    }
    return s;
}

json rulesToJson(const std::vector<RuleFired> &rules)
{
    json out = json::array();
    for (const auto &rule : rules) {
        out.push_back({{"rule", rule.rule}, {"detail", rule.detail}});
    }
    return out;
}

std::vector<RuleFired> rulesFromText(const std::string &text)
{
    std::vector<RuleFired> out;
    const json parsed = json::parse(text, nullptr, false);
    if (parsed.is_array()) {
        for (const auto &rule : parsed) {
            out.push_back({rule.value("rule", ""), rule.value("detail", "")});
        }
    }
    return out;
}

} // namespace harbour::store

namespace harbour {

ScreeningText screeningText(const Screening &input, const Assessment &assessment)
{
    return {store::rulesToJson(assessment.rules).dump(), store::screeningToJson(input).dump()};
}

} // namespace harbour
