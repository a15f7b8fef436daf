#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace harbour::detail {

/// RAII prepared statement (after Zeal's Statement). Binds are 1-based like SQLite's.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3 *db, std::string_view sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;

    bool valid() const { return m_stmt != nullptr; }
    /// SQLite's message when preparing failed.
    const std::string &prepareError() const { return m_prepareError; }

    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view value);
    Statement &bind(int index, const std::string &value) { return bind(index, std::string_view{value}); }
    Statement &bind(int index, const char *value) { return bind(index, std::string_view{value}); }
    Statement &bindNull(int index);
    template <typename T>
    Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    /// SQLITE_ROW, SQLITE_DONE or an error code.
    int step();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    int integer(int column) const { return static_cast<int>(int64(column)); }
    double real(int column) const;
    std::string text(int column) const;
    /// The column's text without a copy; valid until the next step() or reset().
    std::string_view view(int column) const;
    std::optional<std::string> optionalText(int column) const;

private:
    sqlite3_stmt *m_stmt = nullptr;
    std::string m_prepareError;
};

} // namespace harbour::detail
