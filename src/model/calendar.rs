//! Calendar values: dates, months, quarters, halves and years, and the periods
//! roadmaps write with them (`Due`). Fields are private, so every value that
//! exists is a real one.

/// A calendar date that exists: the fields are private, and every way to
/// make one (`new`, `parse`, `from_days`) checks or computes a real day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    year: i32,
    month: u32,
    day: u32,
}

/// The years a calendar value may have: far beyond any roadmap, and small
/// enough that day and quarter arithmetic on them never overflows.
const YEARS: std::ops::RangeInclusive<i32> = -1_000_000..=1_000_000;

/// Days from 1970-01-01 that `Date::from_days` stays within (about ±996,600 years from 1970, inside `YEARS`).
const DAYS: std::ops::RangeInclusive<i64> = -364_000_000..=364_000_000;

impl Date {
    /// 1970-01-01, day 0 of `days`.
    pub(crate) const EPOCH: Date = Date { year: 1970, month: 1, day: 1 };

    /// The date, if the month and the day exist (`2027-02-29` does not) and the year is in `YEARS`.
    pub(crate) fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = YEARS.contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The shape `parse` accepts, as a JSON Schema pattern (for editors; whether the day exists is `parse`'s to say).
    pub(crate) const PATTERN: &'static str =
        "^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

    /// Parses `YYYY-MM-DD`, checking the day exists (and that the year is not 0000).
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || !digits(m, 2) || !digits(d, 2) {
            return None;
        }
        Date::new(parse_year(y)?, m.parse().ok()?, d.parse().ok()?)
    }

    pub(crate) fn year(self) -> i32 {
        self.year
    }

    /// 1 to 12.
    pub(crate) fn month(self) -> u32 {
        self.month
    }

    /// 1 to the length of the month.
    pub(crate) fn day(self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01 (negative before).
    pub(crate) fn days(self) -> i64 {
        let (y, m, d) = (i64::from(self.year), i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    /// (Clamped to `DAYS`, so any number gives a real date.)
    pub(crate) fn from_days(days: i64) -> Date {
        let z = days.clamp(*DAYS.start(), *DAYS.end()) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The quarter the date is in.
    pub(crate) fn quarter(self) -> Quarter {
        Quarter { year: self.year, q: (self.month - 1) / 3 + 1 }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A calendar quarter: `q` is 1 to 4, which the private fields keep true.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Quarter {
    year: i32,
    q: u32,
}

impl Quarter {
    /// Quarter `q` (1 to 4) of `year` (in `YEARS`).
    pub(crate) fn new(year: i32, q: u32) -> Option<Quarter> {
        (YEARS.contains(&year) && (1..=4).contains(&q)).then_some(Quarter { year, q })
    }

    /// Quarters since year 0, so that quarters can be subtracted and stepped through.
    pub(crate) fn index(self) -> i32 {
        self.year * 4 + self.q as i32 - 1
    }

    /// The quarter with this `index` (clamped to the quarters of `YEARS`).
    pub(crate) fn from_index(index: i32) -> Quarter {
        let index = index.clamp(*YEARS.start() * 4, *YEARS.end() * 4 + 3);
        Quarter { year: index.div_euclid(4), q: index.rem_euclid(4) as u32 + 1 }
    }

    /// The quarter after this one.
    pub(crate) fn next(self) -> Quarter {
        Quarter::from_index(self.index() + 1)
    }

    pub(crate) fn year(self) -> i32 {
        self.year
    }

    /// 1 to 4.
    pub(crate) fn number(self) -> u32 {
        self.q
    }

    /// Its first day.
    pub(crate) fn begin(self) -> Date {
        Date { year: self.year, month: self.q * 3 - 2, day: 1 }
    }

    /// Its last day.
    pub(crate) fn end(self) -> Date {
        Month { year: self.year, month: self.q * 3 }.end()
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-Q{}", self.year, self.q)
    }
}

/// A calendar month: `month` is 1 to 12, which the private fields keep true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// Month `month` (1 to 12) of `year` (in `YEARS`).
    pub(crate) fn new(year: i32, month: u32) -> Option<Month> {
        (YEARS.contains(&year) && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    /// Its first day.
    pub(crate) fn begin(self) -> Date {
        Date { year: self.year, month: self.month, day: 1 }
    }

    /// Its last day.
    pub(crate) fn end(self) -> Date {
        Date { year: self.year, month: self.month, day: days_in_month(self.year, self.month) }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A calendar half-year: `h` is 1 or 2, which the private fields keep true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Half {
    year: i32,
    h: u32,
}

impl Half {
    /// Half `h` (1 or 2) of `year` (in `YEARS`).
    pub(crate) fn new(year: i32, h: u32) -> Option<Half> {
        (YEARS.contains(&year) && (1..=2).contains(&h)).then_some(Half { year, h })
    }

    /// Its first day.
    pub(crate) fn begin(self) -> Date {
        Quarter { year: self.year, q: self.h * 2 - 1 }.begin()
    }

    /// Its last day.
    pub(crate) fn end(self) -> Date {
        Quarter { year: self.year, q: self.h * 2 }.end()
    }
}

impl std::fmt::Display for Half {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-H{}", self.year, self.h)
    }
}

/// A calendar year in `YEARS`, which the private field keeps true.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Year(i32);

impl Year {
    pub(crate) fn new(year: i32) -> Option<Year> {
        YEARS.contains(&year).then_some(Year(year))
    }

    /// Its first day.
    pub(crate) fn begin(self) -> Date {
        Date { year: self.0, month: 1, day: 1 }
    }

    /// Its last day.
    pub(crate) fn end(self) -> Date {
        Date { year: self.0, month: 12, day: 31 }
    }
}

impl std::fmt::Display for Year {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

/// A period as roadmaps write it: a year, a half, a quarter, a month or a day.
/// A milestone's `due` and `start` and an objective's `period` are written so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Due {
    Year(Year),
    Half(Half),
    Quarter(Quarter),
    Month(Month),
    Day(Date),
}

impl Due {
    /// The forms `parse` accepts, as error messages list them.
    pub(crate) const FORMS: &'static str =
        "a year (2027), a half (2027-H1), a quarter (2027-Q1), a month (2027-03) or a day (2027-03-15)";

    /// The shape `parse` accepts, as a JSON Schema pattern (for editors; whether the day exists is `parse`'s to say).
    pub(crate) const PATTERN: &'static str =
        "^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])(-(H[12]|Q[1-4]|(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?))?$";

    /// Parses `YYYY`, `YYYY-Hn`, `YYYY-Qn`, `YYYY-MM` or `YYYY-MM-DD` (the year
    /// four digits and not 0000, the rest a half, quarter, month or day that exists).
    pub(crate) fn parse(text: &str) -> Option<Due> {
        let Some((y, rest)) = text.split_once('-') else {
            return Year::new(parse_year(text)?).map(Due::Year);
        };
        let year = parse_year(y)?;
        let one_digit = |n: &str| n.parse().ok().filter(|_| digits(n, 1));
        if let Some(h) = rest.strip_prefix('H') {
            return Half::new(year, one_digit(h)?).map(Due::Half);
        }
        if let Some(q) = rest.strip_prefix('Q') {
            return Quarter::new(year, one_digit(q)?).map(Due::Quarter);
        }
        if digits(rest, 2) {
            return Month::new(year, rest.parse().ok()?).map(Due::Month);
        }
        Date::parse(text).map(Due::Day)
    }

    /// The last day of the period: dates compare by the end of their period.
    pub(crate) fn end(self) -> Date {
        match self {
            Due::Year(y) => y.end(),
            Due::Half(h) => h.end(),
            Due::Quarter(q) => q.end(),
            Due::Month(m) => m.end(),
            Due::Day(date) => date,
        }
    }

    /// The first day of the period.
    pub(crate) fn begin(self) -> Date {
        match self {
            Due::Year(y) => y.begin(),
            Due::Half(h) => h.begin(),
            Due::Quarter(q) => q.begin(),
            Due::Month(m) => m.begin(),
            Due::Day(date) => date,
        }
    }
}

impl Due {
    /// How a list shows it at granularity `display`: a day or a month in the quarter
    /// (or a day in the month) it falls in; a period as coarse or coarser stays as written.
    pub(crate) fn shown(self, display: super::DateDisplay) -> Due {
        use super::DateDisplay;
        match (self, display) {
            (Due::Day(d), DateDisplay::Quarter) => Due::Quarter(d.quarter()),
            (Due::Month(m), DateDisplay::Quarter) => Due::Quarter(m.end().quarter()),
            (Due::Day(d), DateDisplay::Month) => Month::new(d.year(), d.month()).map_or(self, Due::Month),
            _ => self,
        }
    }
}

/// `s` is `n` ASCII digits.
fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// A year written with four digits; 0000 is no year a roadmap means.
fn parse_year(y: &str) -> Option<i32> {
    (digits(y, 4) && y != "0000").then(|| y.parse().ok()).flatten()
}

impl std::fmt::Display for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Due::Year(y) => y.fmt(f),
            Due::Half(h) => h.fmt(f),
            Due::Quarter(q) => q.fmt(f),
            Due::Month(m) => m.fmt(f),
            Due::Day(d) => d.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::matches_pattern;

    #[test]
    fn the_patterns_for_editors_accept_the_shapes_parse_accepts() {
        let samples = [
            "2027",
            "0000",
            "0000-Q1",
            "0001-01-01",
            "0999",
            "2027-H1",
            "2027-H2",
            "2027-H3",
            "2027-H0",
            "2027-H",
            "2027-H01",
            "2027-",
            "2027-Q1",
            "2027-Q4",
            "2027-Q0",
            "2027-Q5",
            "2027-Q01",
            "2027-01",
            "2027-12",
            "2027-13",
            "2027-00",
            "2027-1",
            "2027-03-15",
            "2027-12-31",
            "2027-03-00",
            "2027-03-32",
            "2027-3-15",
            "27-03-15",
            "2027/03/15",
            "Q1 2027",
            "",
            " 2027-Q1",
            "2027-Q1 ",
            "02027-Q1",
            "2027-W05",
            "2027-Q1-05",
        ];
        for text in samples {
            assert_eq!(matches_pattern(Due::PATTERN, text), Due::parse(text).is_some(), "due {text:?}");
            assert_eq!(matches_pattern(Date::PATTERN, text), Date::parse(text).is_some(), "date {text:?}");
        }
        // The pattern checks the shape; whether the day exists is for `parse` to say.
        assert!(matches_pattern(Date::PATTERN, "2027-02-30") && Date::parse("2027-02-30").is_none());
    }

    #[test]
    fn days_round_trip() {
        for days in [-800_000, -1, 0, 1, 19_000, 20_781, 2_000_000] {
            assert_eq!(Date::from_days(days).days(), days);
        }
        assert_eq!(Date::EPOCH.days(), 0);
    }

    #[test]
    fn only_real_dates_months_and_quarters_can_be_made() {
        assert_eq!(Date::new(2026, 13, 1), None);
        assert_eq!(Date::new(2026, 0, 1), None);
        assert_eq!(Date::new(2027, 2, 29), None);
        assert_eq!(Date::new(2028, 2, 29).map(|d| d.to_string()).as_deref(), Some("2028-02-29"));
        assert_eq!(Month::new(2026, 13), None);
        assert_eq!(Quarter::new(2026, 5), None);
        assert_eq!(Quarter::new(2026, 0), None);
        assert_eq!(Date::new(i32::MAX, 1, 1), None);
        assert_eq!(Quarter::new(i32::MIN, 1), None);
        assert_eq!(Quarter::from_index(i32::MAX).next(), Quarter::new(1_000_000, 4).unwrap());
        for days in [i64::MIN, i64::MAX, -364_000_001, 364_000_001] {
            let date = Date::from_days(days);
            assert_eq!(Date::new(date.year(), date.month(), date.day()), Some(date), "{days}");
            assert_eq!(Quarter::from_index(date.quarter().index()), date.quarter());
        }
    }

    #[test]
    fn quarters_step_through_years() {
        let q4 = Quarter::new(2026, 4).unwrap();
        assert_eq!(q4.next(), Quarter::new(2027, 1).unwrap());
        assert_eq!(Quarter::from_index(q4.index()), q4);
        assert_eq!(Quarter::from_index(-1), Quarter::new(-1, 4).unwrap());
        assert_eq!((q4.begin().to_string(), q4.end().to_string()), ("2026-10-01".into(), "2026-12-31".into()));
        assert_eq!(Date::parse("2026-11-24").unwrap().quarter(), q4);
    }

    #[test]
    fn due_parses_five_forms_and_ends_at_period_end() {
        let span = |t: &str| Due::parse(t).map(|d| (d.to_string(), d.begin().to_string(), d.end().to_string()));
        let strings = |a: &str, b: &str, c: &str| Some((a.to_string(), b.to_string(), c.to_string()));
        assert_eq!(span("2026"), strings("2026", "2026-01-01", "2026-12-31"));
        assert_eq!(span("2026-H1"), strings("2026-H1", "2026-01-01", "2026-06-30"));
        assert_eq!(span("2026-H2"), strings("2026-H2", "2026-07-01", "2026-12-31"));
        assert_eq!(span("0001-Q4"), strings("0001-Q4", "0001-10-01", "0001-12-31"));
        assert_eq!(span("9999"), strings("9999", "9999-01-01", "9999-12-31"));
        assert_eq!(Due::parse("2027-Q1").unwrap().end(), Date::parse("2027-03-31").unwrap());
        assert_eq!(Due::parse("2027-02").unwrap().end(), Date::parse("2027-02-28").unwrap());
        assert_eq!(Due::parse("2028-02").unwrap().end(), Date::parse("2028-02-29").unwrap());
        assert_eq!(Due::parse("2027-05-09").unwrap().end(), Date::parse("2027-05-09").unwrap());
    }

    #[test]
    fn due_rejects_nonsense() {
        for bad in [
            "2027-Q5",
            "2027-13",
            "2027-02-30",
            "27-Q1",
            "",
            "2027-Q1x",
            "abcd-01",
            "2027-+1",
            "2027-01-+1",
            "2026-H3",
            "2026-H0",
            "2026-Q0",
            "0000",
            "0000-Q1",
            "0000-01-01",
            "99999",
            "+2026",
            "-2026",
            "2026-",
            "2026-h1",
            "2026-H",
            "2026-H+1",
            "2026-H01",
            "2026-Q+1",
            "2026-Q01",
            "２０２６",
            "2026 ",
            " 2026",
            "sometime soon",
        ] {
            assert!(Due::parse(bad).is_none(), "{bad}");
        }
    }
}
