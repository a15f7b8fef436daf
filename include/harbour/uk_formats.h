#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace harbour {

enum class VrmFormat { Current, Prefix, Suffix, Dateless, NorthernIreland, Partial, Unknown };
std::string_view toString(VrmFormat format);

/// Upper case, spaces and hyphens removed: "ab12 cde" -> "AB12CDE". Wildcards ? and * kept.
std::string normalizeVrm(std::string_view vrm);
/// The format of a full mark (after normalising); Partial when it holds ? or *; Unknown otherwise.
/// Specific formats are tried before dateless, as STACK.md advises.
VrmFormat classifyVrm(std::string_view vrm);
/// Does a partial mark ("AB1?", "AB*CDE") match a full normalised mark?
bool vrmMatches(std::string_view pattern, std::string_view fullMark);

/// "dy11aa" -> "DY1 1AA" when valid under the strict anchored pattern; nullopt otherwise.
std::optional<std::string> normalizePostcode(std::string_view text);
/// The last valid postcode inside a free-text address, normalised.
std::optional<std::string> postcodeInAddress(std::string_view address);
/// "DY1 1AA" -> "DY1" (district) and "DY1 1" (sector).
std::string postcodeDistrict(std::string_view postcode);
std::string postcodeSector(std::string_view postcode);

/// Strip spaces, hyphens, brackets and "(0)"; +44/0044 -> 0. Returns the UK form when it
/// matches the UK numbering pattern, nullopt otherwise.
std::optional<std::string> normalizeUkPhone(std::string_view text);
/// For phones that are not UK numbers: digits and a leading + only. Never empty for a non-empty input with digits.
std::string normalizePhoneLoose(std::string_view text);

/// Composed (NFC) and case folded, accents folded for Latin-1 and Latin Extended-A letters,
/// punctuation to spaces, spaces collapsed and trimmed. Every exact key is built from this.
std::string normalizeText(std::string_view text);
/// Composed (NFC) and case folded, Latin-1 and Latin Extended-A letters folded to ASCII
/// ("Zoë" -> "zoe", "Łukasz" -> "lukasz"); every other character kept as it is. For matching
/// names where punctuation still counts.
std::string foldLetters(std::string_view text);
/// Names: normalizeText, then title words dropped (mr, mrs, miss, ms, dr).
std::string normalizeName(std::string_view name);
/// Addresses: normalizeText with common abbreviations expanded (rd->road, st->street, ave->avenue ...).
std::string normalizeAddress(std::string_view address);

} // namespace harbour
