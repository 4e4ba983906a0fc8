//! How much two items of one prison say the same thing, from their words.
//!
//! Inspection recommendations are short English policy text, written in a
//! house style ("Leaders should ensure that prisoners ..."), so shared words
//! mean little unless they are rare where they are shared. Each item becomes
//! a TF-IDF vector of stemmed words (stemming folds "cells"/"cell" and
//! "reduced"/"reducing"; stop words and the plans' boilerplate go; the document frequencies are
//! the prison's own, so a word every plan of the prison uses weighs little);
//! two items are as alike as the cosine of their vectors, with a shared area
//! heading and a shared theme as supporting evidence.
//!
//! Everything here is about one prison: the work grows with the square of a
//! prison's items (a few hundred), never with the estate's, and an edit to
//! one prison's plans leaves every other prison's links as they were.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// One item of a prison as comparing needs it.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// The item's plan's place among the prison's plans, oldest first: only
    /// items of different plans are compared, the later with the earlier.
    pub plan: usize,
    pub text: &'a str,
    /// The plan's response to it, whose words count for less: what the
    /// prison says it will do names the problem too, in other words.
    pub response: Option<&'a str>,
    /// The report's area heading, if the plan gives one.
    pub area: Option<&'a str>,
    /// Theme indices, sorted.
    pub themes: &'a [usize],
}

/// How alike two items must be to be linked, and what counts besides words.
pub type Weights = crate::config::RecurrenceSettings;

/// Two items that raise the same problem: indices into the prison's items.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub later: usize,
    pub earlier: usize,
    /// Cosine of the words plus the bonuses, rounded to two decimals.
    pub score: f32,
}

/// Words that say nothing about which problem an item raises: English
/// function words, and the words of the plans' house style.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    // English
    "a", "about", "above", "after", "again", "all", "also", "an", "and", "any", "are", "as", "at",
    "be", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "during", "each", "for", "from", "further", "had", "has", "have", "having", "how",
    "if", "in", "into", "is", "it", "its", "more", "most", "no", "not", "of", "on", "once",
    "only", "or", "other", "our", "out", "over", "own", "same", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "too", "under", "until", "up", "very", "was", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "within", "without",
    // The plans' house style
    "should", "must", "ensure", "ensuring", "leaders", "leader", "managers", "governor", "prison",
    "prisons", "prisoner", "prisoners", "hmp", "establishment", "effective", "effectively",
    "appropriate", "appropriately", "sufficient", "sufficiently", "improve", "improved",
    "improving", "good", "better", "fully", "well", "make", "made", "take", "place", "needs",
    "need", "including", "particularly", "regular", "regularly",
];

/// Which items of later plans raise the same problem as which of earlier
/// ones, for the items of one prison in plan order; the pairs in item order.
pub fn pairs(items: &[Item], weights: &Weights) -> Vec<Pair> {
    debug_assert!(items.is_sorted_by_key(|item| item.plan));
    let vectors = Vectors::of(items, weights);
    // Each heading folded once, not twice for every pair that shares a word.
    let areas: Vec<Option<String>> = items
        .iter()
        .map(|i| i.area.map(fold).filter(|area| !area.is_empty()))
        .collect();
    let mut pairs = Vec::new();
    // Per earlier item: the dot product so far.
    let mut scores: Vec<f32> = vec![0.0; items.len()];
    // The earlier items sharing a word with the later one.
    let mut touched: Vec<usize> = Vec::new();
    for (later, item) in items.iter().enumerate() {
        touched.clear();
        // Items before this one's plan: postings are in item order, so the
        // rest of each posting list is of this plan or later ones.
        let before = items.partition_point(|other| other.plan < item.plan);
        // Words shared with each earlier item, through the postings.
        for &(term, weight) in &vectors.items[later] {
            for &(earlier, other) in &vectors.postings[term] {
                if earlier >= before {
                    break;
                }
                if scores[earlier] == 0.0 {
                    touched.push(earlier);
                }
                scores[earlier] += weight * other;
            }
        }
        touched.sort_unstable();
        let mut found: Vec<Pair> = Vec::new();
        for &earlier in &touched {
            let words = std::mem::take(&mut scores[earlier]);
            if words < weights.least_words {
                continue;
            }
            let same_area = areas[later].is_some() && areas[later] == areas[earlier];
            let score = words + support(same_area, item, &items[earlier], weights);
            if score >= weights.threshold {
                found.push(Pair {
                    later,
                    earlier,
                    score: (score * 100.0).round() / 100.0,
                });
            }
        }
        keep_best_per_plan(&mut found, items, weights.most_per_plan);
        pairs.extend(found);
    }
    pairs
}

/// The bonus for what two items share besides words: their area heading
/// (`same_area`, as [`fold`] reads it) and a theme.
fn support(same_area: bool, a: &Item, b: &Item, weights: &Weights) -> f32 {
    let shared_theme = a.themes.iter().any(|t| b.themes.contains(t));
    f32::from(u8::from(same_area)) * weights.area
        + f32::from(u8::from(shared_theme)) * weights.theme
}

/// A heading as comparing reads it: its words in lower case, one space
/// apart, so that "Health, well-being" and "health well being" match.
fn fold(heading: &str) -> String {
    heading
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Keeps, for each earlier plan, the `most` best-scoring pairs of one later
/// item (ties to the earlier item), in item order.
fn keep_best_per_plan(found: &mut Vec<Pair>, items: &[Item], most: usize) {
    found.sort_by(|a, b| {
        let plan = |p: &Pair| items[p.earlier].plan;
        plan(a)
            .cmp(&plan(b))
            .then(b.score.total_cmp(&a.score))
            .then(a.earlier.cmp(&b.earlier))
    });
    let mut kept = 0;
    let mut plan = None;
    found.retain(|pair| {
        let this = items[pair.earlier].plan;
        if plan != Some(this) {
            plan = Some(this);
            kept = 0;
        }
        kept += 1;
        kept <= most
    });
    found.sort_by_key(|pair| pair.earlier);
}

/// The prison's items as unit-length TF-IDF vectors, with each term's
/// postings (the items using it, with their weights) for finding overlaps.
struct Vectors {
    /// Per item: (term, weight), by term.
    items: Vec<Vec<(usize, f32)>>,
    /// Per term: (item, weight), by item.
    postings: Vec<Vec<(usize, f32)>>,
}

impl Vectors {
    fn of(items: &[Item], weights: &Weights) -> Vectors {
        let mut terms = Terms::default();
        let counted: Vec<Vec<(usize, f32)>> = items
            .iter()
            .map(|i| terms.count(i.text, i.response, weights.response))
            .collect();
        let mut frequency = vec![0u32; terms.len()];
        for item in &counted {
            for &(term, _) in item {
                frequency[term] += 1;
            }
        }
        let n = items.len() as f32;
        let idf: Vec<f32> = frequency
            .iter()
            .map(|&df| (1.0 + n / df as f32).ln())
            .collect();
        let mut postings = vec![Vec::new(); terms.len()];
        let vectors = counted
            .into_iter()
            .enumerate()
            .map(|(item, counts)| {
                let mut vector: Vec<(usize, f32)> = counts
                    .into_iter()
                    .map(|(term, tf)| (term, tf.ln_1p() * idf[term]))
                    .collect();
                let length = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                if length > 0.0 {
                    for (term, weight) in &mut vector {
                        *weight /= length;
                        postings[*term].push((item, *weight));
                    }
                }
                vector
            })
            .collect();
        Vectors {
            items: vectors,
            postings,
        }
    }
}

/// The prison's vocabulary: each stem's number, in order of first use, and
/// each word's stem, worked out once.
struct Terms {
    stemmer: Stemmer,
    stems: FxHashMap<String, usize>,
    words: FxHashMap<String, Option<usize>>,
}

impl Default for Terms {
    fn default() -> Terms {
        Terms {
            stemmer: Stemmer::create(Algorithm::English),
            stems: FxHashMap::default(),
            words: FxHashMap::default(),
        }
    }
}

impl Terms {
    fn len(&self) -> usize {
        self.stems.len()
    }

    /// The terms of `text` and `response` with how often each occurs, a
    /// response's words counting `response_weight` each; by term.
    fn count(
        &mut self,
        text: &str,
        response: Option<&str>,
        response_weight: f32,
    ) -> Vec<(usize, f32)> {
        let mut counts: Vec<(usize, f32)> = Vec::new();
        let parts = [(text, 1.0), (response.unwrap_or_default(), response_weight)];
        for (words, weight) in parts {
            for word in words.split(|c: char| !c.is_alphanumeric()) {
                if word.len() < 3 || word.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                let Some(term) = self.term(word) else {
                    continue;
                };
                match counts.iter_mut().find(|(t, _)| *t == term) {
                    Some((_, n)) => *n += weight,
                    None => counts.push((term, weight)),
                }
            }
        }
        counts.sort_unstable_by_key(|&(term, _)| term);
        counts
    }

    fn term(&mut self, word: &str) -> Option<usize> {
        if let Some(&term) = self.words.get(word) {
            return term;
        }
        let lower = word.to_lowercase();
        let term = (!STOP_WORDS.contains(&lower.as_str())).then(|| {
            let stem = self.stemmer.stem(&lower).into_owned();
            let next = self.stems.len();
            *self.stems.entry(stem).or_insert(next)
        });
        self.words.insert(word.to_string(), term);
        term
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEIGHTS: Weights = Weights {
        threshold: 0.15,
        least_words: 0.1,
        area: 0.1,
        theme: 0.05,
        most_per_plan: 2,
        response: 0.2,
    };

    fn item(plan: usize, text: &str) -> Item<'_> {
        Item {
            plan,
            text,
            response: None,
            area: None,
            themes: &[],
        }
    }

    #[test]
    fn the_same_problem_in_other_words_is_linked_and_another_is_not() {
        let items = [
            item(
                0,
                "The prison should analyse its data on violence and act on it.",
            ),
            item(0, "Prisoners should have access to a library every week."),
            item(
                1,
                "Leaders should use data to understand and reduce violence on the wings.",
            ),
        ];
        let found = pairs(&items, &WEIGHTS);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].later, found[0].earlier), (2, 0));
    }

    #[test]
    fn boilerplate_alone_links_nothing() {
        let items = [
            item(
                0,
                "Leaders should ensure that prisoners are effectively supervised at night.",
            ),
            item(
                1,
                "Leaders should ensure that prisoners have effective access to the library.",
            ),
            item(
                1,
                "The prison should make sure that prisoners can see a dentist.",
            ),
        ];
        let found = pairs(&items, &WEIGHTS);
        assert!(found.is_empty(), "house style made a link: {found:?}");
    }

    #[test]
    fn items_of_one_plan_are_never_paired() {
        let items = [
            item(0, "Cells should be clean and free of graffiti."),
            item(0, "Cells should be clean and free of graffiti."),
        ];
        assert!(pairs(&items, &WEIGHTS).is_empty());
    }

    #[test]
    fn a_heading_supports_but_never_makes_a_link() {
        let mut a = item(0, "Medication queues should be supervised.");
        let mut b = item(1, "Education places should be filled.");
        a.area = Some("Health, well-being and social care");
        b.area = Some("Health, well-being and social care");
        assert!(pairs(&[a, b], &WEIGHTS).is_empty());
    }

    #[test]
    fn at_most_the_best_few_of_one_plan_are_kept() {
        let items = [
            item(0, "Drug supply into the prison should be reduced."),
            item(0, "The supply of drugs should be tackled."),
            item(0, "Drug testing should find the supply of drugs."),
            item(1, "Leaders should reduce the supply of drugs."),
        ];
        let found = pairs(&items, &WEIGHTS);
        assert!(found.len() <= 2, "{found:?}");
        assert!(found.iter().all(|p| p.later == 3));
    }
}
