#include "harbour/diagram/labels.h"

#include <algorithm>
#include <array>

namespace harbour::diagram {

std::vector<std::optional<Box>> placeLabels(std::span<const LabelRequest> labels, std::span<const Box> symbols,
                                            double gap)
{
    std::vector<std::optional<Box>> placed(labels.size());
    double cell = 1.0;
    for (const auto &label : labels) {
        cell = std::max({cell, label.width, label.height * 2.0});
    }
    LabelGrid taken(cell);
    LabelGrid labelsOnly(cell); // for a required label with no free place: at least no name covered
    // The symbols are taken first, so that no name is written across another entity.
    for (const auto &symbol : symbols) {
        taken.add(symbol);
    }
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto &l = labels[i];
        const double w = l.width;
        const double h = l.height;
        // Three rings of eight places, each a label's height further out: a name a little away
        // from its symbol reads better than no name.
        std::vector<Box> candidates;
        for (int ring = 0; ring < 3 && !placed[i]; ++ring) {
            const double r = l.radius + gap + ring * (h + gap);
            const double corner = r * 0.75;
            const std::array<Box, 8> places{
                Box{l.x - w / 2, l.y + r, w, h},               // below
                Box{l.x - w / 2, l.y - r - h, w, h},           // above
                Box{l.x + r, l.y - h / 2, w, h},               // right
                Box{l.x - r - w, l.y - h / 2, w, h},           // left
                Box{l.x + corner, l.y + corner, w, h},         // below right
                Box{l.x - corner - w, l.y + corner, w, h},     // below left
                Box{l.x + corner, l.y - corner - h, w, h},     // above right
                Box{l.x - corner - w, l.y - corner - h, w, h}, // above left
            };
            for (const Box &place : places) {
                if (taken.place(place)) {
                    placed[i] = place;
                    break;
                }
                candidates.push_back(place);
            }
        }
        const Box below{l.x - w / 2, l.y + l.radius + gap, w, h};
        if (!placed[i] && l.required) {
            const auto free = std::find_if(candidates.begin(), candidates.end(),
                                           [&](const Box &place) { return !labelsOnly.overlaps(place); });
            placed[i] = free != candidates.end() ? *free : below;
            taken.add(*placed[i]);
        }
        if (placed[i]) {
            labelsOnly.add(*placed[i]);
        }
    }
    return placed;
}

Crowding measureCrowding(std::span<const Box> labels, std::span<const std::size_t> labelOwners,
                         std::span<const Box> symbols)
{
    Crowding crowding;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        for (std::size_t j = i + 1; j < labels.size(); ++j) {
            crowding.labelOverLabel += labels[i].intersects(labels[j]) ? 1 : 0;
        }
        for (std::size_t s = 0; s < symbols.size(); ++s) {
            const bool own = i < labelOwners.size() && labelOwners[i] == s;
            crowding.labelOverSymbol += !own && labels[i].intersects(symbols[s]) ? 1 : 0;
        }
    }
    for (std::size_t i = 0; i < symbols.size(); ++i) {
        for (std::size_t j = i + 1; j < symbols.size(); ++j) {
            crowding.symbolOverSymbol += symbols[i].intersects(symbols[j]) ? 1 : 0;
        }
    }
    return crowding;
}

} // namespace harbour::diagram
