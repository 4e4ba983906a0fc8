//! The date statuses are measured against, and where it came from.
//!
//! "Overdue" means nothing without a date, and a rebuilt site must not change
//! by itself overnight; so the date is chosen explicitly: `--as-of`, else the
//! config's `as_of`, else `SOURCE_DATE_EPOCH` (reproducible builds), else today.
//! Pages say which one was used.

use chrono::{DateTime, NaiveDate};
use serde::Serialize;

use super::due;
use crate::config::FILE_NAME;
use crate::diagnostics::{Diagnostic, Position};

/// The as-of date of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct AsOf {
    #[serde(serialize_with = "due::iso")]
    pub date: NaiveDate,
    pub source: AsOfSource,
}

/// Which setting gave the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AsOfSource {
    CommandLine,
    Config,
    SourceDateEpoch,
    Today,
}

/// The settings the as-of date may come from, most specific first.
pub struct AsOfInputs<'a> {
    pub command_line: Option<&'a str>,
    pub config: Option<&'a str>,
    /// Where `as_of` is written in the config, for messages.
    pub config_position: Option<Position>,
    pub source_date_epoch: Option<&'a str>,
    pub today: NaiveDate,
}

/// Picks the first setting that is given; a malformed one is an error and the next is used.
pub fn resolve(inputs: &AsOfInputs) -> (AsOf, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    if let Some(text) = inputs.command_line {
        match due::parse_iso(text) {
            Ok(date) => return (found(date, AsOfSource::CommandLine), problems),
            Err(err) => problems.push(
                Diagnostic::error("--as-of", err)
                    .help("give the date as YYYY-MM-DD, e.g. --as-of 2019-03-31"),
            ),
        }
    }
    if let Some(text) = inputs.config {
        match due::parse_iso(text) {
            Ok(date) => return (found(date, AsOfSource::Config), problems),
            Err(err) => problems.push(
                Diagnostic::error(FILE_NAME, format!("as_of: {err}"))
                    .at(inputs.config_position)
                    .help("write as_of = \"YYYY-MM-DD\", or remove it to measure against today"),
            ),
        }
    }
    if let Some(text) = inputs.source_date_epoch {
        let seconds = text.trim().parse::<i64>().ok();
        match seconds.and_then(|s| DateTime::from_timestamp(s, 0)) {
            Some(moment) => return (found(moment.date_naive(), AsOfSource::SourceDateEpoch), problems),
            None => problems.push(
                Diagnostic::error("SOURCE_DATE_EPOCH", format!("`{text}` is not a number of seconds since 1970"))
                    .help("set SOURCE_DATE_EPOCH to whole seconds, e.g. $(git log -1 --format=%ct), or unset it"),
            ),
        }
    }
    (found(inputs.today, AsOfSource::Today), problems)
}

fn found(date: NaiveDate, source: AsOfSource) -> AsOf {
    AsOf { date, source }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn inputs<'a>(
        cli: Option<&'a str>,
        config: Option<&'a str>,
        epoch: Option<&'a str>,
    ) -> AsOfInputs<'a> {
        AsOfInputs {
            command_line: cli,
            config,
            config_position: None,
            source_date_epoch: epoch,
            today: day(2030, 1, 1),
        }
    }

    #[test]
    fn the_most_specific_setting_wins() {
        let all = inputs(Some("2019-01-02"), Some("2020-01-02"), Some("0"));
        assert_eq!(
            resolve(&all).0,
            found(day(2019, 1, 2), AsOfSource::CommandLine)
        );
        let no_cli = inputs(None, Some("2020-01-02"), Some("0"));
        assert_eq!(
            resolve(&no_cli).0,
            found(day(2020, 1, 2), AsOfSource::Config)
        );
        let epoch = inputs(None, None, Some("1546300800"));
        assert_eq!(
            resolve(&epoch).0,
            found(day(2019, 1, 1), AsOfSource::SourceDateEpoch)
        );
        assert_eq!(
            resolve(&inputs(None, None, None)).0,
            found(day(2030, 1, 1), AsOfSource::Today)
        );
    }

    #[test]
    fn a_malformed_setting_is_an_error() {
        let (as_of, problems) = resolve(&inputs(Some("31/01/2019"), Some("2020-01-02"), None));
        assert_eq!(as_of.source, AsOfSource::Config);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].is_error());
        let (_, problems) = resolve(&inputs(None, Some("soon"), Some("x")));
        assert_eq!(problems.len(), 2);
    }
}
