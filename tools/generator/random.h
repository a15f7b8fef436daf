#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace harbour::generator {

// GCC and Clang both have it; __extension__ keeps -Wpedantic quiet about the non-standard type.
__extension__ typedef unsigned __int128 Wide;

/// xoshiro256** seeded through splitmix64, with its own uniform helpers. The standard
/// distributions are implementation-defined, so they would make the output differ between
/// library versions; these helpers are fully specified and give the same bytes everywhere.
class Random {
public:
    explicit Random(std::uint64_t seed)
    {
        for (auto &word : m_state) {
            word = splitMix(seed);
        }
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    /// Uniform in [0, bound); bound must be positive. Lemire's multiply-shift with rejection, so unbiased.
    std::uint64_t below(std::uint64_t bound)
    {
        Wide product = static_cast<Wide>(next()) * bound;
        auto low = static_cast<std::uint64_t>(product);
        if (low < bound) {
            const std::uint64_t threshold = (0 - bound) % bound;
            while (low < threshold) {
                product = static_cast<Wide>(next()) * bound;
                low = static_cast<std::uint64_t>(product);
            }
        }
        return static_cast<std::uint64_t>(product >> 64);
    }

    /// Uniform integer in [low, high], inclusive.
    int between(int low, int high)
    {
        return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low) + 1));
    }

    /// Uniform in [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    bool chance(double probability) { return unit() < probability; }

    template <typename T>
    const T &pick(std::span<const T> items)
    {
        return items[static_cast<std::size_t>(below(items.size()))];
    }

    /// Fisher-Yates with this generator.
    template <typename T>
    void shuffle(std::span<T> items)
    {
        for (std::size_t i = items.size(); i > 1; --i) {
            const auto j = static_cast<std::size_t>(below(i));
            std::swap(items[i - 1], items[j]);
        }
    }

    static std::uint64_t splitMix(std::uint64_t &state)
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t m_state[4]{};
};

} // namespace harbour::generator
