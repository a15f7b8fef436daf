#include "harbour/indicator_words.h"

#include <cctype>

namespace harbour {

namespace {

bool isKeyChar(char c)
{
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_';
}

} // namespace

std::string_view indicatorWording(std::string_view key)
{
    const IndicatorInfo *info = RiskPolicy::defaults().indicator(key);
    return info && !info->wording.empty() ? std::string_view(info->wording) : key;
}

std::string withIndicatorWording(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isKeyChar(text[i]) || (i > 0 && isKeyChar(text[i - 1]))) {
            out += text[i++];
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && isKeyChar(text[end])) {
            ++end;
        }
        const std::string_view word = text.substr(i, end - i);
        // Keys all have an underscore or are known words of the tool; plain English words such
        // as "is" are never keys, so only a listed key is replaced.
        const std::string_view wording = indicatorWording(word);
        if (wording.data() != word.data()) {
            out += '"';
            out += wording;
            out += '"';
        } else {
            out += word;
        }
        i = end;
    }
    return out;
}

std::string ruleInWords(const RuleFired &rule)
{
    if (rule.rule == "professional_judgement") {
        return rule.detail;
    }
    return withIndicatorWording(rule.detail.empty() ? rule.rule : rule.detail);
}

std::string indicatorInWords(std::string_view key, std::string_view recency)
{
    std::string out(indicatorWording(key));
    if (!recency.empty()) {
        out += " (" + std::string(recency) + ")";
    }
    return out;
}

} // namespace harbour
