// The one file that defines Harbour's colours and symbols (issue 26: they were typed twice).
#include "harbour/diagram/palette.h"

#include <cstdio>

namespace harbour::diagram {

std::string Rgb::hex() const
{
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", r, g, b);
    return text;
}

NodeShape shapeOf(EntityType type)
{
    switch (type) {
    case EntityType::Person: return NodeShape::Circle;
    case EntityType::Alias: return NodeShape::Diamond;
    case EntityType::Vehicle: return NodeShape::Square;
    case EntityType::Premises: return NodeShape::House;
    case EntityType::Place: return NodeShape::Triangle;
    case EntityType::Phone: return NodeShape::Hexagon;
    case EntityType::Account: return NodeShape::Octagon;
    }
    return NodeShape::Circle;
}

std::string_view toString(NodeShape shape)
{
    switch (shape) {
    case NodeShape::Circle: return "circle";
    case NodeShape::Diamond: return "diamond";
    case NodeShape::Square: return "square";
    case NodeShape::House: return "house";
    case NodeShape::Triangle: return "triangle";
    case NodeShape::Hexagon: return "hexagon";
    case NodeShape::Octagon: return "octagon";
    case NodeShape::Event: return "event";
    }
    return "circle";
}

std::string_view toString(EdgeStyle style)
{
    switch (style) {
    case EdgeStyle::Solid: return "solid";
    case EdgeStyle::Dashed: return "dashed";
    case EdgeStyle::DottedFaint: return "dotted";
    }
    return "solid";
}

std::string_view toString(Relation relation)
{
    switch (relation) {
    case Relation::AliasOf: return "alias_of";
    case Relation::FoundAt: return "found_at";
    case Relation::FoundWith: return "found_with";
    case Relation::SeenAt: return "seen_at";
    case Relation::WithVehicle: return "with_vehicle";
    case Relation::Phone: return "phone";
    case Relation::Account: return "account";
    case Relation::Associate: return "associate_of";
    case Relation::NamedWith: return "named_with";
    case Relation::InReport: return "in_report";
    case Relation::CoMentioned: return "co_mentioned";
    }
    return "co_mentioned";
}

std::string_view legendText(Relation relation)
{
    switch (relation) {
    case Relation::AliasOf: return "alias of";
    case Relation::FoundAt: return "found at (missing)";
    case Relation::FoundWith: return "found with (missing)";
    case Relation::SeenAt: return "seen at";
    case Relation::WithVehicle: return "with vehicle";
    case Relation::Phone: return "phone";
    case Relation::Account: return "online account";
    case Relation::Associate: return "associate of";
    case Relation::NamedWith: return "named together";
    case Relation::InReport: return "named in report";
    case Relation::CoMentioned: return "named in one record";
    }
    return "named in one record";
}

Rgb riskColour(std::optional<RiskLevel> level)
{
    switch (level.value_or(RiskLevel::None)) {
    case RiskLevel::Significant: return {0xc6, 0x28, 0x28};
    case RiskLevel::Medium: return {0xef, 0x8f, 0x00};
    case RiskLevel::Low: return {0x2e, 0x7d, 0x32};
    case RiskLevel::None: return {0x9e, 0x9e, 0x9e};
    }
    return {0x9e, 0x9e, 0x9e};
}

Rgb riskTint(std::optional<RiskLevel> level)
{
    switch (level.value_or(RiskLevel::None)) {
    case RiskLevel::Significant: return {0xff, 0xcd, 0xd2};
    case RiskLevel::Medium: return {0xff, 0xe0, 0xb2};
    case RiskLevel::Low: return {0xc8, 0xe6, 0xc9};
    case RiskLevel::None: return {0xee, 0xee, 0xee};
    }
    return {0xee, 0xee, 0xee};
}

Rgb entityColour(EntityType type)
{
    switch (type) {
    case EntityType::Person: return {0x78, 0x90, 0x9c};
    case EntityType::Alias: return {0xb0, 0xbe, 0xc5};
    case EntityType::Vehicle: return {0x15, 0x65, 0xc0};
    case EntityType::Premises: return {0x6a, 0x1b, 0x9a};
    case EntityType::Place: return {0x00, 0x83, 0x8f};
    case EntityType::Phone: return {0x8d, 0x6e, 0x63};
    case EntityType::Account: return {0x5c, 0x6b, 0xc0};
    }
    return {0x78, 0x90, 0x9c};
}

Rgb nodeColour(EntityType type, bool child, bool suspect, std::optional<RiskLevel> level)
{
    if (child) {
        return riskColour(level);
    }
    if (suspect) {
        return inkColour();
    }
    return entityColour(type);
}

Rgb relationColour(Relation relation)
{
    // Typed lines take the hue of what they lead to, darker, so that a line reads without its
    // label; reports and plain co-mentions stay grey behind them.
    switch (relation) {
    case Relation::AliasOf: return {0x45, 0x5a, 0x64};
    case Relation::FoundAt: return {0x00, 0x60, 0x64};
    case Relation::FoundWith: return {0x37, 0x47, 0x4f};
    case Relation::SeenAt: return {0x4a, 0x14, 0x8c};
    case Relation::WithVehicle: return {0x0d, 0x47, 0xa1};
    case Relation::Phone: return {0x5d, 0x40, 0x37};
    case Relation::Account: return {0x3f, 0x51, 0xb5};
    case Relation::Associate: return {0x26, 0x32, 0x38};
    case Relation::NamedWith:
    case Relation::InReport:
    case Relation::CoMentioned: return lineColour();
    }
    return lineColour();
}

Rgb eventColour()
{
    return {0xec, 0xef, 0xf1};
}

Rgb inkColour()
{
    return {0x26, 0x32, 0x38};
}

Rgb lineColour()
{
    return {0x75, 0x75, 0x75};
}

Rgb accentColour()
{
    return {0x15, 0x65, 0xc0};
}

} // namespace harbour::diagram
