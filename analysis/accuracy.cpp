#include "harbour/analysis/accuracy.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace harbour::analysis {

Result<GroundTruth> groundTruthFromJson(const nlohmann::json &document)
{
    auto invalid = [](const std::string &field, const std::string &message) {
        return makeError(ErrorCode::Validation, message, field);
    };
    if (!document.is_object() || !document.contains("networks") || !document["networks"].is_array()) {
        return invalid("networks", "must be an array of networks");
    }
    GroundTruth truth;
    const auto &networks = document["networks"];
    for (std::size_t i = 0; i < networks.size(); ++i) {
        const auto &n = networks[i];
        const std::string at = "networks[" + std::to_string(i) + "]";
        if (!n.is_object()) {
            return invalid(at, "must be an object");
        }
        PlantedNetwork network;
        for (const char *key : {"id", "kind"}) {
            if (!n.contains(key) || !n[key].is_string()) {
                return invalid(at + "." + key, "must be a string");
            }
        }
        network.id = n["id"].get<std::string>();
        network.kind = n["kind"].get<std::string>();
        if (!n.contains("records") || !n["records"].is_array()) {
            return invalid(at + ".records", "must be an array of record ids");
        }
        for (std::size_t j = 0; j < n["records"].size(); ++j) {
            const auto &r = n["records"][j];
            if (!r.is_string()) {
                return invalid(at + ".records[" + std::to_string(j) + "]", "must be a string");
            }
            network.records.push_back(r.get<std::string>());
        }
        truth.networks.push_back(std::move(network));
    }
    return truth;
}

Accuracy accuracyOf(const std::vector<Cluster> &clusters, const GraphSnapshot &snapshot, const GroundTruth &truth,
                    double threshold, const std::vector<std::string> &organisedKinds)
{
    Accuracy out;
    out.threshold = threshold;

    std::unordered_map<std::string, RecordRowId> rowOf;
    rowOf.reserve(snapshot.records.size());
    for (const RecordInfo &r : snapshot.records) {
        rowOf.emplace(r.id, r.rowId);
    }
    std::unordered_map<RecordRowId, std::vector<std::uint32_t>> networksOf;
    for (std::uint32_t i = 0; i < truth.networks.size(); ++i) {
        for (const std::string &id : truth.networks[i].records) {
            if (auto it = rowOf.find(id); it != rowOf.end()) {
                networksOf[it->second].push_back(i);
            }
        }
    }

    // Distinct records per entity overall, and per (network, entity).
    std::vector<std::pair<EntityId, RecordRowId>> mentioned;
    std::vector<std::tuple<std::uint32_t, EntityId, RecordRowId>> inside;
    mentioned.reserve(snapshot.mentions.size());
    for (const Mention &m : snapshot.mentions) {
        mentioned.emplace_back(m.entity, m.record);
        if (auto it = networksOf.find(m.record); it != networksOf.end()) {
            for (std::uint32_t n : it->second) {
                inside.emplace_back(n, m.entity, m.record);
            }
        }
    }
    std::sort(mentioned.begin(), mentioned.end());
    mentioned.erase(std::unique(mentioned.begin(), mentioned.end()), mentioned.end());
    std::unordered_map<EntityId, int> totalRecords;
    for (const auto &[entity, record] : mentioned) {
        ++totalRecords[entity];
    }
    std::sort(inside.begin(), inside.end());
    inside.erase(std::unique(inside.begin(), inside.end()), inside.end());

    std::vector<std::vector<EntityId>> members(truth.networks.size());
    for (std::size_t i = 0; i < inside.size();) {
        const auto [network, entity, record] = inside[i];
        int count = 0;
        for (; i < inside.size() && std::get<0>(inside[i]) == network && std::get<1>(inside[i]) == entity; ++i) {
            ++count;
        }
        const int outside = totalRecords[entity] - count;
        if (count >= outside && snapshot.findEntity(entity) != nullptr) {
            members[network].push_back(entity);
        }
    }

    std::unordered_map<EntityId, std::uint32_t> flaggedOf;
    std::vector<std::uint32_t> flagged;
    for (std::uint32_t c = 0; c < clusters.size(); ++c) {
        if (!clusters[c].organised) {
            continue;
        }
        flagged.push_back(c);
        for (const ClusterMember &m : clusters[c].members) {
            flaggedOf[m.id] = c;
        }
    }
    out.flaggedClusters = static_cast<int>(flagged.size());
    std::unordered_map<std::uint32_t, double> bestForCluster;

    for (std::uint32_t i = 0; i < truth.networks.size(); ++i) {
        const PlantedNetwork &network = truth.networks[i];
        NetworkMatch match;
        match.network = network.id;
        match.kind = network.kind;
        match.members = static_cast<int>(members[i].size());
        std::unordered_map<std::uint32_t, int> overlap;
        for (EntityId e : members[i]) {
            if (auto it = flaggedOf.find(e); it != flaggedOf.end()) {
                ++overlap[it->second];
            }
        }
        std::uint32_t bestCluster = 0;
        for (const auto &[c, shared] : overlap) {
            const double unionSize = static_cast<double>(members[i].size() + clusters[c].members.size()) - shared;
            const double jaccard = shared / unionSize;
            double &best = bestForCluster[c];
            best = std::max(best, jaccard);
            if (jaccard > match.jaccard || (jaccard == match.jaccard && c < bestCluster)) {
                match.jaccard = jaccard;
                bestCluster = c;
                match.bestCluster = clusters[c].id;
            }
        }
        match.recovered = match.jaccard >= threshold;
        if (std::find(organisedKinds.begin(), organisedKinds.end(), network.kind) != organisedKinds.end()) {
            ++out.organisedNetworks;
            out.recovered += match.recovered ? 1 : 0;
        }
        out.networks.push_back(std::move(match));
    }
    for (std::uint32_t c : flagged) {
        auto it = bestForCluster.find(c);
        if (it == bestForCluster.end() || it->second < threshold) {
            ++out.unmatchedFlagged;
        }
    }
    out.recall = out.organisedNetworks > 0 ? static_cast<double>(out.recovered) / out.organisedNetworks : 0.0;
    out.falseFlagShare =
        out.flaggedClusters > 0 ? static_cast<double>(out.unmatchedFlagged) / out.flaggedClusters : 0.0;
    return out;
}

} // namespace harbour::analysis
