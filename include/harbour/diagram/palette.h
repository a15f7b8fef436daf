#pragma once

#include "harbour/model.h"
#include "harbour/risk.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

/// The colours and symbols of Harbour's pictures, defined once: the app's tables and diagram,
/// the briefing's PDF and HTML, and the exports' colour keys all read them from here.
namespace harbour::diagram {

struct Rgb {
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    bool operator==(const Rgb &) const = default;
    std::string hex() const; ///< "#d32f2f"
};

/// One shape per entity type, so a diagram reads in greyscale print too.
enum class NodeShape {
    Circle,   ///< person
    Diamond,  ///< alias
    Square,   ///< vehicle
    House,    ///< premises
    Triangle, ///< place
    Hexagon,  ///< phone
    Octagon,  ///< account
    Event,    ///< a report drawn as an event (a small rounded box)
};

enum class EdgeStyle {
    Solid,       ///< at least one well-graded record
    Dashed,      ///< every record low-graded (grading weight below lowGradingBelow)
    DottedFaint, ///< every record suspected false: kept as evidence, weighs nothing
};

/// What a drawn line says, from the records (LinkEvidence relation, Mention role and the two
/// entity types); see diagram.h for how a record becomes lines.
enum class Relation {
    AliasOf,    ///< a person and their nickname (alias_of)
    FoundAt,    ///< a missing child found at a place (found_at)
    FoundWith,  ///< a missing child found with a person (found_with)
    SeenAt,     ///< a person and a premises or place named alone together in a record
    WithVehicle,///< a person and a vehicle named alone together in a record
    Phone,      ///< someone and a phone number named alone together in a record
    Account,    ///< someone and an online account named alone together in a record
    Associate,  ///< two people named alone together in a record
    NamedWith,  ///< any other pair named alone together in a record
    InReport,   ///< an entity and a report event it is named in (role in the record)
    CoMentioned,///< named in one record, drawn straight (diagrams too large for events)
};

NodeShape shapeOf(EntityType type);
std::string_view toString(NodeShape shape);
std::string_view toString(EdgeStyle style);
std::string_view toString(Relation relation); ///< "alias_of", "seen_at", ...
std::string_view legendText(Relation relation); ///< "alias of", "seen at", ...

/// Children by final level: significant red, medium amber, low green, none (or unscreened) grey.
Rgb riskColour(std::optional<RiskLevel> level);
/// The pale tint of a risk level behind a table cell (briefings): the same hue, readable under ink.
Rgb riskTint(std::optional<RiskLevel> level);
/// Fill of an entity that is not a child (suspects excepted): one hue per type, none of them
/// red, amber or green, which mean a child's risk and nothing else.
Rgb entityColour(EntityType type);
/// Fill of a node: children by risk; suspects dark slate; other entities per type.
Rgb nodeColour(EntityType type, bool child, bool suspect, std::optional<RiskLevel> level);
/// Colour of a typed line; lines of reports and plain co-mentions are grey.
Rgb relationColour(Relation relation);
/// Fill of a report event node.
Rgb eventColour();

/// Ink for text and outlines, the muted grey of lines, and the accent of a selection.
Rgb inkColour();
Rgb lineColour();
Rgb accentColour();

} // namespace harbour::diagram
