//! Dates as project tools write them, into roadbook's `YYYY-MM-DD` (or the
//! period itself, when the cell already is one: `2027-Q1`, `2027-03`).
//! ISO dates and timestamps, Jira's `12/Jan/27` (with or without a time),
//! and numeric `03/04/2027`, read month first (US) unless `--dates dmy`.

use crate::model::{Date, Due};

/// How to read a numeric date with slashes or dots: `03/04/2027`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DateOrder {
    /// Month first: 03/04/2027 is March 4 (US).
    Us,
    /// Day first: 03/04/2027 is 3 April (most of the world).
    Dmy,
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// The date in roadbook's form, or `None` when it cannot be read.
pub(crate) fn parse(text: &str, order: DateOrder) -> Option<String> {
    let text = text.trim();
    // A timestamp: keep the day (`2027-01-12T10:00:00Z`, `2027-01-12 10:00`, `12/Jan/27 10:00 AM`).
    let day = text.split(['T', ' ']).next().unwrap_or(text);
    if let Some(date) = Date::parse(day) {
        return Some(date.to_string());
    }
    if Due::parse(text).is_some() {
        return Some(text.to_string());
    }
    let parts: Vec<&str> = day.split(['/', '.', '-']).collect();
    let [a, b, c] = parts[..] else { return None };
    let year = year(c)?;
    let (month, day) = match MONTHS.iter().position(|m| b.len() >= 3 && b[..3].eq_ignore_ascii_case(m)) {
        Some(m) => (m as u32 + 1, a.parse().ok()?),
        None => {
            let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
            match order {
                DateOrder::Us => (a, b),
                DateOrder::Dmy => (b, a),
            }
        }
    };
    let date = format!("{year:04}-{month:02}-{day:02}");
    Date::parse(&date).map(|d| d.to_string())
}

/// A four-digit year, or a two-digit one in this century.
fn year(text: &str) -> Option<i32> {
    let n: i32 = text.parse().ok()?;
    match text.len() {
        2 => Some(2000 + n),
        4 => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_tools_write() {
        let us = |t| parse(t, DateOrder::Us);
        assert_eq!(us("2027-01-12").as_deref(), Some("2027-01-12"));
        assert_eq!(us("2027-01-12T10:00:00Z").as_deref(), Some("2027-01-12"));
        assert_eq!(us("2027-01-12 10:00").as_deref(), Some("2027-01-12"));
        assert_eq!(us("12/Jan/27").as_deref(), Some("2027-01-12"));
        assert_eq!(us("12/Jan/27 10:00 AM").as_deref(), Some("2027-01-12"));
        assert_eq!(us("03/04/2027").as_deref(), Some("2027-03-04"));
        assert_eq!(parse("03/04/2027", DateOrder::Dmy).as_deref(), Some("2027-04-03"));
        assert_eq!(us("2027-Q3").as_deref(), Some("2027-Q3"));
        assert_eq!(us("2027-03").as_deref(), Some("2027-03"));
        for bad in ["soon", "13/13/2027", "31/Feb/27", "2027-02-30", "1/2/3", ""] {
            assert_eq!(us(bad), None, "{bad}");
        }
    }
}
