#include "harbour/record_dates.h"

#include <string>

namespace harbour {

namespace {

using namespace std::chrono;

/// Collects the first impossible date of one record.
class DateCheck {
public:
    DateCheck(const SourceRecord &record, const DateLimits &limits) : m_record(record), m_limits(limits) {}

    const std::optional<Error> &problem() const { return m_problem; }

    void moment(const std::string &field, DateTime at)
    {
        if (at < toDateTime(m_limits.earliest)) {
            fail(field, formatDate(toDate(at)) + " is before " + formatDate(m_limits.earliest) +
                            ": not a date a record can hold");
        } else if (at > m_limits.latest) {
            fail(field, formatDateTime(at) + " is in the future: " + tooLate());
        }
    }

    void day(const std::string &field, Date date)
    {
        if (date < m_limits.earliest) {
            fail(field, formatDate(date) + " is before " + formatDate(m_limits.earliest) +
                            ": not a date a record can hold");
        } else if (toDateTime(date) > m_limits.latest) {
            fail(field, formatDate(date) + " is in the future: " + tooLate());
        }
    }

    /// A date of birth, checked against the limits and against the record's own date.
    void birth(const std::string &field, const std::optional<PartialDate> &dob, Date own, const char *ownDate)
    {
        if (!dob) {
            return;
        }
        const std::string text = dob->toString();
        if (latestDate(*dob) < m_limits.earliest) {
            fail(field, "date of birth " + text + " is before " + formatDate(m_limits.earliest) +
                            ": not a date a record can hold");
        } else if (toDateTime(earliestDate(*dob)) > m_limits.latest) {
            fail(field, "date of birth " + text + " is in the future: " + tooLate());
        } else if (earliestDate(*dob) > own) {
            // Worded as the screening assessment words it ("... after the screening date ...").
            fail(field, "date of birth " + text + " is after " + ownDate + " " + formatDate(own));
        }
    }

    void people(const std::string &list, const std::vector<PersonRef> &persons, Date own, const char *ownDate)
    {
        for (std::size_t i = 0; i < persons.size(); ++i) {
            birth(list + "[" + std::to_string(i) + "].dob", persons[i].dob, own, ownDate);
        }
    }

private:
    std::string tooLate() const
    {
        return "later than " + formatDateTime(m_limits.latest) + " (now plus the risk policy's " +
               "dates.future_tolerance_days, " + std::to_string(m_limits.toleranceDays) +
               (m_limits.toleranceDays == 1 ? " day)" : " days)");
    }

    void fail(const std::string &field, std::string message)
    {
        if (!m_problem) {
            m_problem = Error{ErrorCode::Validation, std::move(message), m_record.file, m_record.location, field};
        }
    }

    const SourceRecord &m_record;
    const DateLimits &m_limits;
    std::optional<Error> m_problem;
};

void checkReport(DateCheck &check, const InformationReport &report)
{
    check.moment("reported_at", report.reportedAt);
    for (std::size_t i = 0; i < report.incidents.size(); ++i) {
        check.moment("incidents[" + std::to_string(i) + "].at", report.incidents[i].at);
    }
    check.people("subjects", report.subjects, toDate(report.reportedAt), "the report date");
}

void checkScreening(DateCheck &check, const Screening &screening)
{
    check.day("screened_at", screening.screenedAt);
    check.birth("child.dob", screening.child.dob, screening.screenedAt, "the screening date");
}

void checkEpisode(DateCheck &check, const MissingEpisode &episode)
{
    const Date went = toDate(episode.wentMissingAt);
    check.moment("went_missing_at", episode.wentMissingAt);
    if (episode.returnedAt) {
        check.moment("returned_at", *episode.returnedAt);
    }
    if (episode.returnInterview && episode.returnInterview->heldAt) {
        check.day("return_interview.held_at", *episode.returnInterview->heldAt);
    }
    check.birth("child.dob", episode.child.dob, went, "the date the child went missing");
    check.people("found_with", episode.foundWith, went, "the date the child went missing");
}

} // namespace

DateLimits dateLimitsAt(DateTime now, int toleranceDays)
{
    DateLimits limits;
    limits.latest = now + days{toleranceDays};
    limits.toleranceDays = toleranceDays;
    return limits;
}

DateTime currentTime()
{
    return floor<seconds>(system_clock::now());
}

std::optional<Error> checkRecordDates(const SourceRecord &record, const DateLimits &limits)
{
    DateCheck check(record, limits);
    if (const auto *report = std::get_if<InformationReport>(&record.body)) {
        checkReport(check, *report);
    } else if (const auto *screening = std::get_if<Screening>(&record.body)) {
        checkScreening(check, *screening);
    } else if (const auto *episode = std::get_if<MissingEpisode>(&record.body)) {
        checkEpisode(check, *episode);
    }
    return check.problem();
}

} // namespace harbour
