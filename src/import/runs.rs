//! Owner and date cells where the export ran several items together with spaces.
//!
//! A cell such as "Governor Governor" over "August 2018 September 2018" names
//! two actions. Dates are recognised by their form. Owners have no separator,
//! so a cell is cut before a word that starts owner names elsewhere in the same
//! plan ("Governor", "Director", ...), where the words before it already make a
//! whole owner.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

/// Words that start an owner's title in plans of this family, used alongside
/// the first words of the owners each plan writes on their own.
const TITLE_WORDS: &[&str] = &[
    "Governor",
    "Director",
    "Deputy",
    "Head",
    "Executive",
    "National",
    "Chief",
    "Regional",
    "Assistant",
    "Senior",
    "Prison",
];

/// Words that join the parts of one owner's name, never end one.
const JOINING_WORDS: &[&str] = &["and", "of", "for", "the", "&", "/", "to", "in"];

/// The months as plans write them, for the patterns below.
const MONTH: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

/// Splits a date cell into its dates when it holds several run together.
///
/// A cell is split only when it is wholly a run of complete dates ("31
/// October 2015", "August 2018", "2018-08-31", "05/05/2020") and the words
/// "Completed" and "Ongoing"; anything else ("March 2020 and ongoing",
/// "April-June 2020", "End of March 2020", "Q3 2019") is one target date,
/// kept as written. A word followed by a date is one written form
/// ("Completed June 2019"), never a word and a date.
pub fn split_dates(cell: &str) -> Vec<String> {
    static PIECE: LazyLock<Regex> = LazyLock::new(|| {
        let pattern = format!(
            r"(?i)^(?:(completed and ongoing|completed?|ongoing)|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTH})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})(?:\s+|$)"
        );
        Regex::new(&pattern).unwrap_or_else(|e| panic!("date pattern: {e}"))
    });
    let cell = cell.trim();
    if cell.is_empty() {
        return Vec::new();
    }
    let mut items: Vec<String> = Vec::new();
    // Whether the last item is a word still waiting for the date it may carry.
    let mut word_open = false;
    let mut rest = cell;
    while !rest.is_empty() {
        // Anything not made only of dates stays one item, as written.
        let Some(found) = PIECE.captures(rest) else {
            return vec![cell.to_string()];
        };
        let whole = found.get(0).map_or("", |m| m.as_str());
        let is_word = found.get(1).is_some();
        match items.last_mut() {
            Some(word) if word_open && !is_word => word.push_str(&format!(" {}", whole.trim())),
            _ => items.push(whole.trim().to_string()),
        }
        word_open = is_word;
        rest = &rest[whole.len()..];
    }
    items
}

/// What the plan itself teaches about owner names: whole names and first words.
#[derive(Clone, Debug, Default)]
pub struct OwnerVocabulary {
    names: BTreeSet<String>,
    first_words: BTreeSet<String>,
}

impl OwnerVocabulary {
    /// Learns from owner items the plan wrote on their own (one per `<p>`, or alone in a cell).
    pub fn learn(&mut self, owner: &str) {
        let owner = owner.trim();
        if let Some(first) = owner.split_whitespace().next() {
            self.first_words.insert(first.to_string());
            self.names.insert(owner.to_string());
        }
    }

    fn starts_owner(&self, word: &str) -> bool {
        self.first_words.contains(word) || TITLE_WORDS.contains(&word)
    }

    fn is_owner(&self, words: &[&str]) -> bool {
        self.names.contains(&words.join(" "))
    }

    /// Whether the words so far make a whole owner: a known one, ending in a
    /// known one ("... and Governor"), or ending in a word no title continues from.
    fn is_whole(&self, words: &[&str]) -> bool {
        let Some(last) = words.last() else {
            return false;
        };
        self.is_owner(words)
            || (1..words.len())
                .any(|i| self.is_owner(&words[i..]) && JOINING_WORDS.contains(&words[i - 1]))
            || !self.starts_owner(last)
    }

    /// Splits an owner cell written without separators, when its dates say it names
    /// several owners or it repeats one owner side by side ("Governor Governor").
    pub fn split(&self, cell: &str, dates: usize) -> Vec<String> {
        let words: Vec<&str> = cell.split_whitespace().collect();
        let mut cuts = Vec::new();
        let mut start = 0;
        for i in 1..words.len() {
            let before = words[i - 1];
            let joined = JOINING_WORDS.contains(&before) || before.ends_with([',', '/', '&']);
            if !joined && self.starts_owner(words[i]) && self.is_whole(&words[start..i]) {
                cuts.push(i);
                start = i;
            }
        }
        let parts: Vec<String> = std::iter::once(0)
            .chain(cuts.iter().copied())
            .zip(cuts.iter().copied().chain(std::iter::once(words.len())))
            .map(|(a, b)| words[a..b].join(" "))
            .collect();
        // "Governor Governor", "... and Governor Governor": a known owner written twice side by side.
        let repeats = parts.windows(2).any(|w| {
            self.names.contains(&w[1]) && (w[0] == w[1] || w[0].ends_with(&format!(" {}", w[1])))
        });
        if parts.len() > 1 && (dates > 1 || repeats) {
            parts
        } else if words.is_empty() {
            Vec::new()
        } else {
            vec![words.join(" ")]
        }
    }
}

/// Whether an owner item stops mid-name, as when a page break cut "Head of" from "Healthcare".
pub fn owner_is_cut(owner: &str) -> bool {
    let owner = owner.trim_end();
    owner.ends_with(['/', '&', ',', '-'])
        || owner
            .rsplit(' ')
            .next()
            .is_some_and(|w| JOINING_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Whether a date item lacks its year, as when a page break cut "29 February"
/// from "2016". Only a month can be cut so: "Immediate" or "TBC" is whole.
pub fn date_is_cut(date: &str) -> bool {
    static NO_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)^(\d{{1,2}}\s?(st|nd|rd|th)?\s+)?({MONTH})\.?$"
        ))
        .unwrap_or_else(|e| panic!("date pattern: {e}"))
    });
    NO_YEAR.is_match(date.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leicester_vocabulary() -> OwnerVocabulary {
        let mut v = OwnerVocabulary::default();
        for owner in [
            "Governor",
            "Executive Director of Facilities Management",
            "Director of Nottinghamshire Healthcare NHS Trust",
            "Executive Director, Rehabilitation & Assurance",
            "National Director of NHSE",
        ] {
            v.learn(owner);
        }
        v
    }

    /// Each cell as the plan writes it, and the target dates it holds.
    #[test]
    fn splits_only_cells_made_wholly_of_complete_dates() {
        let table: &[(&str, &[&str])] = &[
            // Several dates run together: one action each.
            (
                "August 2018 September 2018",
                &["August 2018", "September 2018"],
            ),
            ("05/05/2020 31/05/2020", &["05/05/2020", "31/05/2020"]),
            ("31.12.2019 31.03.2020", &["31.12.2019", "31.03.2020"]),
            (
                "31 October 2015 Completed",
                &["31 October 2015", "Completed"],
            ),
            // One written form each, never cut or altered.
            ("Completed June 2019", &["Completed June 2019"]),
            ("Complete - June 2019", &["Complete - June 2019"]),
            ("March 2020 and ongoing", &["March 2020 and ongoing"]),
            ("April-June 2020", &["April-June 2020"]),
            ("3 rd September 2019", &["3 rd September 2019"]),
            ("End of March 2020", &["End of March 2020"]),
            ("Q3 2019", &["Q3 2019"]),
            ("2019/20", &["2019/20"]),
            ("05/05/2020", &["05/05/2020"]),
            ("31.12.2019", &["31.12.2019"]),
            ("Immediate", &["Immediate"]),
            ("Monthly", &["Monthly"]),
            ("TBC", &["TBC"]),
            ("N/A", &["N/A"]),
            // A word followed by its date stays with it, the dates around it apart.
            (
                "September 2018 Completed June 2019",
                &["September 2018", "Completed June 2019"],
            ),
            // Part dates, part other words: the whole cell is one item.
            (
                "August 2018 End of March 2020",
                &["August 2018 End of March 2020"],
            ),
            ("05/05/2020 TBC", &["05/05/2020 TBC"]),
        ];
        for (cell, expected) in table {
            assert_eq!(split_dates(cell), *expected, "{cell}");
        }
    }

    #[test]
    fn splits_run_together_dates() {
        assert_eq!(
            split_dates("August 2018 September 2018"),
            vec!["August 2018", "September 2018"]
        );
        assert_eq!(
            split_dates("September 2018 Completed Completed and ongoing"),
            vec!["September 2018", "Completed", "Completed and ongoing"]
        );
        assert_eq!(
            split_dates("Ongoing 18 – 24 months after Royal Assent."),
            vec!["Ongoing 18 – 24 months after Royal Assent."]
        );
        assert_eq!(split_dates("31 October 2015"), vec!["31 October 2015"]);
        assert!(split_dates("").is_empty());
    }

    #[test]
    fn splits_run_together_owners_by_their_dates() {
        let v = leicester_vocabulary();
        assert_eq!(
            v.split("Governor Governor", 2),
            vec!["Governor", "Governor"]
        );
        assert_eq!(
            v.split(
                "Governor Governor Executive Director, Rehabilitation & Assurance",
                3
            ),
            vec![
                "Governor",
                "Governor",
                "Executive Director, Rehabilitation & Assurance"
            ]
        );
        assert_eq!(
            v.split("Governor Executive Director, Community Interventions", 2),
            vec!["Governor", "Executive Director, Community Interventions"]
        );
        assert_eq!(
            v.split(
                "Director of Milton Keynes College Director Milton Keynes College",
                2
            ),
            vec![
                "Director of Milton Keynes College",
                "Director Milton Keynes College"
            ]
        );
        assert_eq!(
            v.split("Governor and Director of Milton Keynes College Governor", 2),
            vec!["Governor and Director of Milton Keynes College", "Governor"]
        );
    }

    #[test]
    fn keeps_one_owner_whole() {
        let v = leicester_vocabulary();
        assert_eq!(
            v.split("Prison Group Director, East Midlands", 1),
            vec!["Prison Group Director, East Midlands"]
        );
        assert_eq!(
            v.split("Executive Director of Prisons / Governor", 0),
            vec!["Executive Director of Prisons / Governor"]
        );
        assert_eq!(
            v.split(
                "Executive Director, Estate Transformation and Governor Governor",
                1
            ),
            vec![
                "Executive Director, Estate Transformation and Governor",
                "Governor"
            ]
        );
    }

    #[test]
    fn sees_items_cut_by_a_page_break() {
        assert!(owner_is_cut("NHT Head of Service /Head of"));
        assert!(!owner_is_cut("Head of Healthcare"));
        assert!(date_is_cut("29 February"));
        assert!(!date_is_cut("29 February 2016"));
        assert!(!date_is_cut("Completed"));
        assert!(date_is_cut("3 rd September"));
        for whole in ["Immediate", "TBC", "Monthly", "N/A", "Ongoing", "Q3"] {
            assert!(!date_is_cut(whole), "{whole}");
        }
    }
}
