//! The diagnostic codes: one list that says each code's name (what users see
//! in `error[parse]` and write in `allow`) and its default severity. The
//! warnings a site may silence are derived from it; nothing else keeps a list.

use super::{nearest, Severity};
use serde::{Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident;)+) => {
        /// A stable diagnostic code (SPEC section 6).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum Code {
            $($(#[$doc])* $variant,)+
        }

        impl Code {
            /// Every code, errors first, in the order of the SPEC's tables.
            pub(crate) const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The name users see and write, e.g. `missing-metric`.
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// The severity a diagnostic with this code has.
            pub(crate) fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)+
                }
            }
        }
    };
}

codes! {
    /// Malformed TOML, front matter, or a file that cannot be read as UTF-8 text.
    Parse = "parse", Error;
    /// A field or table the format does not have.
    UnknownField = "unknown-field", Error;
    /// A bad enum value, date, id or setting.
    InvalidValue = "invalid-value", Error;
    /// An id used twice.
    DuplicateId = "duplicate-id", Error;
    /// A reference that names nothing.
    DanglingReference = "dangling-reference", Error;
    /// `supported_by` on a technology milestone, or naming a business one.
    WrongTrack = "wrong-track", Error;
    /// A cycle in `depends_on` / `supported_by`.
    Cycle = "cycle", Error;
    /// A file over `max_file_size_mb`.
    TooLarge = "too-large", Error;
    /// A symbolic link that leads outside the site.
    OutsideSite = "outside-site", Error;
    /// A template that does not compile or render.
    Template = "template", Error;
    /// A problem in what `roadbook import` reads.
    Import = "import", Error;
    /// A failure of roadbook itself, not of the content (a bug to report).
    Internal = "internal", Error;
    /// A business milestone with no `supported_by`.
    UnsupportedBusiness = "unsupported-business", Warning;
    /// A technology milestone that supports no business milestone.
    OrphanTechnology = "orphan-technology", Warning;
    /// A milestone with no success metric.
    MissingMetric = "missing-metric", Warning;
    /// A business milestone with no `customer_need`.
    MissingCustomerNeed = "missing-customer-need", Warning;
    /// A milestone due after one that needs it.
    ScheduleConflict = "schedule-conflict", Warning;
    /// A milestone due after the period of an objective it serves ends.
    LateForObjective = "late-for-objective", Warning;
    /// A milestone in the plan that needs a milestone that is only proposed.
    ProposedDependency = "proposed-dependency", Warning;
    /// A gate past its date with its decision still pending.
    OverdueGate = "overdue-gate", Warning;
    /// `last_review` older than the review cadence.
    StaleReview = "stale-review", Warning;
    /// An at-risk or blocked milestone that no open risk names.
    UnmanagedRisk = "unmanaged-risk", Warning;
    /// A milestone with neither `due` nor `horizon`.
    Unscheduled = "unscheduled", Warning;
    /// Two different milestones with the same title (trimmed, any case).
    DuplicateTitle = "duplicate-title", Warning;
    /// A tag that the `[tags]` table of roadbook.toml does not define (only when there is one).
    UndefinedTag = "undefined-tag", Warning;
    /// A milestone due after the release it ships in.
    DueAfterRelease = "due-after-release", Warning;
    /// A code block shown without highlighting (too large, or too slow).
    HighlightSkipped = "highlight-skipped", Warning;
}

/// The levels `[lint]` in roadbook.toml may set a warning code to.
pub(crate) const LINT_LEVELS: &[&str] = &["allow", "warn", "deny"];

impl Code {
    /// The codes whose diagnostics are warnings: those a site may silence.
    pub(crate) fn warnings() -> impl Iterator<Item = Code> + Clone {
        Code::ALL.iter().copied().filter(|c| c.severity() == Severity::Warning)
    }

    /// The names of the warning codes, in the order of `ALL`: what `allow` and `[lint]` may name.
    pub(crate) fn warning_names() -> Vec<&'static str> {
        Code::warnings().map(Code::as_str).collect()
    }

    /// The warning code named `name`; otherwise the warning name nearest to it, if any is close.
    pub(crate) fn warning_named(name: &str) -> Result<Code, Option<Code>> {
        match name.parse::<Code>() {
            Ok(code) if code.severity() == Severity::Warning => Ok(code),
            _ => Err(nearest_code(name, Code::warnings())),
        }
    }
}

/// The code among `codes` whose name is nearest to `name`, if it is close enough to be a typo.
fn nearest_code(name: &str, codes: impl Iterator<Item = Code> + Clone) -> Option<Code> {
    let found = nearest(name, codes.clone().map(Code::as_str))?;
    codes.into_iter().find(|c| c.as_str() == found)
}

/// A name that is no diagnostic code, and the code nearest to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnknownCode {
    pub(crate) name: String,
    pub(crate) nearest: Option<Code>,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a diagnostic code", self.name)?;
        match self.nearest {
            Some(code) => write!(f, "; did you mean `{code}`?"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownCode {}

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(name: &str) -> Result<Code, UnknownCode> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name).ok_or_else(|| UnknownCode {
            name: name.to_string(),
            nearest: nearest_code(name, Code::ALL.iter().copied()),
        })
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_kebab_case_and_parse_back() {
        for &code in Code::ALL {
            let name = code.as_str();
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{name}");
            assert_eq!(name.parse::<Code>(), Ok(code));
            assert_eq!(Code::ALL.iter().filter(|c| c.as_str() == name).count(), 1, "{name}");
        }
    }

    #[test]
    fn the_warnings_are_the_codes_a_site_may_allow() {
        let names: Vec<&str> = Code::warnings().map(Code::as_str).collect();
        assert_eq!(
            names,
            [
                "unsupported-business",
                "orphan-technology",
                "missing-metric",
                "missing-customer-need",
                "schedule-conflict",
                "late-for-objective",
                "proposed-dependency",
                "overdue-gate",
                "stale-review",
                "unmanaged-risk",
                "unscheduled",
                "duplicate-title",
                "undefined-tag",
                "due-after-release",
                "highlight-skipped",
            ]
        );
    }

    #[test]
    fn unknown_names_suggest_the_nearest_code() {
        let e = "missing-metrics".parse::<Code>().unwrap_err();
        assert_eq!(e.to_string(), "`missing-metrics` is not a diagnostic code; did you mean `missing-metric`?");
        assert_eq!("colour".parse::<Code>().unwrap_err().nearest, None);
        assert_eq!(Code::warning_named("stale-reviews"), Err(Some(Code::StaleReview)));
        assert_eq!(Code::warning_named("parse"), Err(None), "an error cannot be allowed");
        assert_eq!(Code::warning_named("unscheduled"), Ok(Code::Unscheduled));
    }

    #[test]
    fn codes_serialize_as_their_names() {
        assert_eq!(serde_json::to_string(&Code::DanglingReference).unwrap(), "\"dangling-reference\"");
    }
}
