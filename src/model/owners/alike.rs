//! Owner names that are probably one owner written two ways.
//!
//! Folding ([`super::identity`]) joins spellings that differ only in case
//! and punctuation, and the site's aliases join what its editor says is one
//! owner. Between the two lie spellings that a reader takes for one owner
//! but that no fold can join safely: "Head of Equalities" and "Head of
//! Equality", "Head of OMU" and "Head of Offender Management Unit (OMU)".
//! This module finds such pairs for `check` to ask the editor about; it
//! never joins anything itself, because only the editor knows whether
//! "Deputy Governor" is the Governor (it is not).
//!
//! Every rule compares keys in hash maps, or words within blocks of names
//! that agree on every other word, so the estate's thousands of owners are
//! compared without comparing every pair.

use std::collections::{BTreeMap, HashMap, HashSet};

/// One spelling of an owner, as the rules compare it.
#[derive(Clone, Debug)]
pub struct Name<'a> {
    /// As written.
    pub text: &'a str,
    /// The owner it names now (an index into the site's owners): two
    /// spellings of one owner are never reported.
    pub owner: usize,
    /// How often it is written, to prefer the usual spelling.
    pub written: usize,
}

/// Why two names are probably one owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Likeness {
    /// The same words but for small ones ("of", "and", "the") and spacing:
    /// "Director Milton Keynes College", "Director of Milton Keynes College".
    SmallWords,
    /// A word singular in one and plural in the other.
    Plural,
    /// An abbreviation in one, spelt out in the other: "Head of OMU",
    /// "Head of Offender Management Unit (OMU)".
    Abbreviation,
    /// One is the other with an organisation's abbreviation before or
    /// after it: "NOMS Directorate of ...", "Directorate of ...".
    Organisation,
    /// One word a letter or two apart: "Head of Saftey", "Head of Safety".
    Typo,
}

impl Likeness {
    /// Which of the two names to keep: the fuller for a shortened name, the
    /// more written for a misspelt one.
    fn keeps_fuller(self) -> bool {
        matches!(
            self,
            Likeness::SmallWords | Likeness::Abbreviation | Likeness::Organisation
        )
    }
}

/// Two names that are probably one owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alike {
    /// Index into the names: the one to keep as the owner's name.
    pub kept: usize,
    /// Index into the names: the one to join to it.
    pub joined: usize,
    pub likeness: Likeness,
}

/// Every pair of names of different owners that the rules take for one
/// owner, each pair of owners once, under the first rule that finds it
/// (in the order of [`Likeness`]).
pub fn alike(names: &[Name]) -> Vec<Alike> {
    let abbreviations = Abbreviations::of(names);
    let keys: Vec<Keys> = names
        .iter()
        .map(|name| Keys::new(name.text, &abbreviations))
        .collect();
    let mut found = Found::new(names);
    for likeness in [
        Likeness::SmallWords,
        Likeness::Plural,
        Likeness::Abbreviation,
    ] {
        let key = |k: &Keys| match likeness {
            Likeness::SmallWords => k.plain.clone(),
            Likeness::Plural => k.singular.clone(),
            _ => k.short(),
        };
        for group in groups(keys.iter().map(key)) {
            found.group(&group, likeness);
        }
    }
    let short: HashMap<String, Vec<usize>> = index(keys.iter().map(Keys::short));
    for (i, k) in keys.iter().enumerate() {
        for bare in k.without_organisation() {
            for &j in short.get(&bare).into_iter().flatten() {
                found.pair(i, j, Likeness::Organisation);
            }
        }
    }
    for (i, j) in typos(&keys) {
        found.pair(i, j, Likeness::Typo);
    }
    found.pairs
}

/// The pairs found so far, each pair of owners once.
struct Found<'n, 'a> {
    names: &'n [Name<'a>],
    seen: HashSet<(usize, usize)>,
    pairs: Vec<Alike>,
}

impl<'n, 'a> Found<'n, 'a> {
    fn new(names: &'n [Name<'a>]) -> Self {
        Found {
            names,
            seen: HashSet::new(),
            pairs: Vec::new(),
        }
    }

    /// Names sharing a key: each is joined to the one to keep.
    fn group(&mut self, group: &[usize], likeness: Likeness) {
        let Some(&kept) = group.iter().max_by(|&&a, &&b| self.rank(a, b, likeness)) else {
            return;
        };
        for &other in group {
            self.pair(kept, other, likeness);
        }
    }

    /// Records names `a` and `b` as alike, the one to keep first, unless
    /// they name one owner or their owners were paired already.
    fn pair(&mut self, a: usize, b: usize, likeness: Likeness) {
        let (owner_a, owner_b) = (self.names[a].owner, self.names[b].owner);
        if owner_a == owner_b
            || !self
                .seen
                .insert((owner_a.min(owner_b), owner_a.max(owner_b)))
        {
            return;
        }
        let (kept, joined) = match self.rank(a, b, likeness) {
            std::cmp::Ordering::Less => (b, a),
            _ => (a, b),
        };
        self.pairs.push(Alike {
            kept,
            joined,
            likeness,
        });
    }

    /// Which name is the better one to keep (`Greater` for `a`): the fuller
    /// or the more written first, as `likeness` prefers, then the other,
    /// then the alphabetically first, so that the choice never depends on order.
    fn rank(&self, a: usize, b: usize, likeness: Likeness) -> std::cmp::Ordering {
        let (a, b) = (&self.names[a], &self.names[b]);
        let fuller = a.text.chars().count().cmp(&b.text.chars().count());
        let usual = a.written.cmp(&b.written);
        let (first, second) = if likeness.keeps_fuller() {
            (fuller, usual)
        } else {
            (usual, fuller)
        };
        first.then(second).then_with(|| b.text.cmp(a.text))
    }
}

/// Positions by key.
fn index(keys: impl Iterator<Item = String>) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, key) in keys.enumerate() {
        if !key.is_empty() {
            map.entry(key).or_default().push(i);
        }
    }
    map
}

/// The positions of the keys that are shared, each group in order, the
/// groups in the order of their first member.
fn groups(keys: impl Iterator<Item = String>) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = index(keys).into_values().filter(|g| g.len() > 1).collect();
    groups.sort_unstable();
    groups
}

/// Words that say how the others relate, not who the owner is.
const SMALL_WORDS: &[&str] = &["a", "an", "and", "at", "for", "in", "of", "on", "the", "to"];

fn is_small(folded: &str) -> bool {
    SMALL_WORDS.contains(&folded)
}

/// One word of a name, folded as [`super::identity`] folds it, with what
/// its capitals say.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Word {
    folded: String,
    /// Written as an abbreviation: letters only, at least two capitals and
    /// no more small letters than capitals ("OMU", "NHSE", "MoJ").
    abbreviation: bool,
    /// Written with a capital first letter, as the words of a name are.
    capital: bool,
    /// The bracketed group it was written in, if any.
    bracket: Option<usize>,
}

impl Word {
    fn new(raw: &str, bracket: Option<usize>) -> Word {
        let capitals = raw.chars().filter(|c| c.is_uppercase()).count();
        let small = raw.chars().filter(|c| c.is_lowercase()).count();
        Word {
            folded: raw.chars().flat_map(char::to_lowercase).collect(),
            abbreviation: capitals >= 2
                && capitals >= small
                && raw.chars().all(char::is_alphabetic),
            capital: raw.chars().next().is_some_and(char::is_uppercase),
            bracket,
        }
    }

    /// A word standing for the abbreviation a run of words was collapsed into.
    fn abbreviated(folded: &str) -> Word {
        Word {
            folded: folded.to_string(),
            abbreviation: true,
            capital: true,
            bracket: None,
        }
    }
}

/// The words of a name, in order: the words [`super::identity`] makes,
/// with "&" as "and", each knowing the bracket it was written in.
fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut raw = String::new();
    let mut bracket = None;
    let mut brackets = 0;
    for c in text.chars() {
        match c {
            '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}' => {}
            c if c.is_alphanumeric() => raw.push(c),
            c => {
                if !raw.is_empty() {
                    words.push(Word::new(&raw, bracket));
                    raw.clear();
                }
                match c {
                    '&' => words.push(Word::new("and", bracket)),
                    '(' => {
                        bracket = Some(brackets);
                        brackets += 1;
                    }
                    ')' => bracket = None,
                    _ => {}
                }
            }
        }
    }
    if !raw.is_empty() {
        words.push(Word::new(&raw, bracket));
    }
    words
}

/// Whether `words` begin with a run that spells `letters` by initials, and
/// where it ends: small words may be skipped or give their initial ("MoJ"),
/// a word written as an abbreviation may give all its letters ("NHS
/// England" for "NHSE"). With `whole`, the run must be all of `words`; with
/// `capitals`, every word that gives letters must start with a capital, as
/// the words of a spelt-out name do.
fn spells(words: &[Word], letters: &[char], whole: bool, capitals: bool) -> Option<usize> {
    fn from(
        words: &[Word],
        at: usize,
        letters: &[char],
        whole: bool,
        capitals: bool,
    ) -> Option<usize> {
        if letters.is_empty() {
            return (!whole || at == words.len()).then_some(at);
        }
        let word = words.get(at)?;
        let small = is_small(&word.folded);
        if !small && capitals && !word.capital {
            return None;
        }
        let own: Vec<char> = word.folded.chars().collect();
        let mut tries = Vec::with_capacity(3);
        if own.first() == letters.first() {
            tries.push(1);
        }
        if word.abbreviation && own.len() > 1 && letters.starts_with(&own) {
            tries.push(own.len());
        }
        for used in tries {
            if let Some(end) = from(words, at + 1, &letters[used..], whole, capitals) {
                return Some(end);
            }
        }
        // A small word inside the run ("Prisoner Escort and Custody Service").
        if small && at > 0 {
            return from(words, at + 1, letters, whole, capitals);
        }
        None
    }
    if letters.len() < 2 || words.len() < 2 {
        return None;
    }
    from(words, 0, letters, whole, capitals)
}

/// Abbreviations the names use, with the expansions their brackets give,
/// by initial: a name's words are only tried against those they could start.
#[derive(Default)]
struct Abbreviations {
    by_initial: HashMap<char, Vec<Abbreviation>>,
}

/// One abbreviation the names use.
struct Abbreviation {
    /// Folded, as a collapsed name holds it.
    folded: String,
    letters: Vec<char>,
    /// The words (folded, small words left out) a bracket spells it out as
    /// somewhere. With none, the initials of any capitalised words match.
    spelt_out: Vec<Vec<String>>,
}

/// What a bracket beside an abbreviation says: the words from `start`
/// (inclusive) to `end` (exclusive) are `abbreviation` spelt out, or the
/// abbreviation with its expansion.
struct Expansion {
    start: usize,
    end: usize,
    abbreviation: String,
    spelt_out: Vec<String>,
}

impl Abbreviations {
    /// The abbreviations of `names`: every word of at least three letters
    /// written as an abbreviation, and every abbreviation a bracket explains.
    /// Two letters are too few to spell anything out safely without a
    /// bracket ("HR" would be "Head of Residential").
    fn of(names: &[Name]) -> Abbreviations {
        let mut known: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        for name in names {
            let words = words(name.text);
            for word in &words {
                if word.abbreviation && word.folded.chars().count() >= 3 {
                    known.entry(word.folded.clone()).or_default();
                }
            }
            for expansion in bracketed(&words) {
                let spelt = known.entry(expansion.abbreviation).or_default();
                if !spelt.contains(&expansion.spelt_out) {
                    spelt.push(expansion.spelt_out);
                }
            }
        }
        let mut abbreviations = Abbreviations::default();
        for (folded, spelt_out) in known {
            let letters: Vec<char> = folded.chars().collect();
            if let Some(&initial) = letters.first() {
                let abbreviation = Abbreviation {
                    folded,
                    letters,
                    spelt_out,
                };
                abbreviations
                    .by_initial
                    .entry(initial)
                    .or_default()
                    .push(abbreviation);
            }
        }
        abbreviations
    }

    /// `words` with each abbreviation's expansion collapsed into it: a
    /// bracket's own ("Offender Management Unit (OMU)" is "OMU"), then any
    /// run of capitalised words spelling a known abbreviation, as a
    /// bracket elsewhere spells it out if one does.
    fn collapse(&self, words: &[Word]) -> Vec<Word> {
        let mut collapsed = Vec::with_capacity(words.len());
        let mut expansions = bracketed(words).into_iter().peekable();
        let mut at = 0;
        while at < words.len() {
            if let Some(expansion) = expansions.next_if(|e| e.start == at) {
                collapsed.push(Word::abbreviated(&expansion.abbreviation));
                at = expansion.end;
            } else {
                collapsed.push(words[at].clone());
                at += 1;
            }
        }
        let mut unbracketed = Vec::with_capacity(collapsed.len());
        let mut at = 0;
        while at < collapsed.len() {
            match self.spelt_out_at(&collapsed[at..]) {
                Some((abbreviation, used)) => {
                    unbracketed.push(Word::abbreviated(abbreviation));
                    at += used;
                }
                None => {
                    unbracketed.push(collapsed[at].clone());
                    at += 1;
                }
            }
        }
        unbracketed
    }

    /// The longest known abbreviation that the words starting `words` spell
    /// out, and how many words that takes.
    fn spelt_out_at<'s>(&'s self, words: &[Word]) -> Option<(&'s str, usize)> {
        let first = words.first()?;
        if is_small(&first.folded) {
            return None;
        }
        let initial = first.folded.chars().next()?;
        self.by_initial
            .get(&initial)?
            .iter()
            .filter_map(|abbreviation| {
                let end = spells(words, &abbreviation.letters, false, true)?;
                let spelt = &abbreviation.spelt_out;
                let agrees = spelt.is_empty() || spelt.contains(&significant(&words[..end]));
                (end >= 2 && agrees).then_some((abbreviation.folded.as_str(), end))
            })
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
    }
}

/// The folded words of `words` that are not small words.
fn significant(words: &[Word]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !is_small(&w.folded))
        .map(|w| w.folded.clone())
        .collect()
}

/// What each bracket of a name explains: "Offender Management Unit (OMU)"
/// spells out "OMU"; "Pact (Prison Advice and Care Trust)" spells out
/// "Pact". A bracket that explains nothing ("Healthcare Lead (Head of
/// Healthcare)") is left as words.
fn bracketed(words: &[Word]) -> Vec<Expansion> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let Some(group) = words[at].bracket else {
            at += 1;
            continue;
        };
        let end = at
            + words[at..]
                .iter()
                .take_while(|w| w.bracket == Some(group))
                .count();
        if let Some(expansion) = explained(words, at, end) {
            found.push(expansion);
        }
        at = end;
    }
    found
}

/// What the bracket of words `open..close` explains, if anything.
fn explained(words: &[Word], open: usize, close: usize) -> Option<Expansion> {
    let before = &words[..open];
    let inside = &words[open..close];
    if let [abbreviation] = inside
        && abbreviation.abbreviation
    {
        // "Offender Management Unit (OMU)": the words just before spell it.
        let letters: Vec<char> = abbreviation.folded.chars().collect();
        let unbracketed = before
            .iter()
            .rev()
            .take_while(|w| w.bracket.is_none())
            .count();
        let start = (1..=unbracketed)
            .map(|n| open - n)
            .find(|&start| spells(&before[start..], &letters, true, false).is_some())?;
        return Some(Expansion {
            start,
            end: close,
            abbreviation: abbreviation.folded.clone(),
            spelt_out: significant(&before[start..]),
        });
    }
    // "Pact (Prison Advice and Care Trust)": the bracket spells the word before it.
    let word = before.last().filter(|w| w.bracket.is_none())?;
    let letters: Vec<char> = word.folded.chars().collect();
    if !letters.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    spells(inside, &letters, true, false)?;
    Some(Expansion {
        start: open - 1,
        end: close,
        abbreviation: word.folded.clone(),
        spelt_out: significant(inside),
    })
}

/// "Equalities" and "equality" meet: a word folded to its singular by
/// English's regular plurals. Short words and words in "-ss", "-us", "-is"
/// are left alone ("Plus", "Business"); an irregular plural is missed,
/// which only costs a warning.
fn singular(word: &str) -> String {
    if word.chars().count() < 4 {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    if ["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        return word.to_string();
    }
    word.strip_suffix('s').unwrap_or(word).to_string()
}

/// What the rules compare of one name.
struct Keys {
    /// Its words without small words, run together: spacing and "of" aside.
    plain: String,
    /// The same with every word singular.
    singular: String,
    /// Its words with abbreviations collapsed, without small words, singular
    /// (an abbreviation kept as written), each marked if an abbreviation.
    words: Vec<(String, bool)>,
}

impl Keys {
    fn new(text: &str, abbreviations: &Abbreviations) -> Keys {
        let words = words(text);
        let plain = significant(&words);
        let singulars = plain.iter().map(|w| singular(w)).collect::<String>();
        let short = abbreviations
            .collapse(&words)
            .into_iter()
            .filter(|w| !is_small(&w.folded))
            .map(|w| {
                let folded = if w.abbreviation {
                    w.folded
                } else {
                    singular(&w.folded)
                };
                (folded, w.abbreviation)
            })
            .collect();
        Keys {
            plain: plain.concat(),
            singular: singulars,
            words: short,
        }
    }

    /// The words with abbreviations collapsed, run together.
    fn short(&self) -> String {
        self.words.iter().map(|(w, _)| w.as_str()).collect()
    }

    /// The short key without an abbreviation that leads or ends the name,
    /// where at least two words remain: "NOMS Directorate of ..." without
    /// "NOMS", "Offender Health, MoJ" without "MoJ".
    fn without_organisation(&self) -> Vec<String> {
        let n = self.words.len();
        if n < 3 {
            return Vec::new();
        }
        let join = |words: &[(String, bool)]| words.iter().map(|(w, _)| w.as_str()).collect();
        let mut bare = Vec::new();
        if self.words[0].1 {
            bare.push(join(&self.words[1..]));
        }
        if self.words[n - 1].1 {
            bare.push(join(&self.words[..n - 1]));
        }
        bare
    }
}

/// How many letters a word of `length` may differ by and still be a typo:
/// none under six letters (so "East" and "West", "Unit" and "Unity" stay
/// apart), one up to nine, then one more for every five.
fn typo_allowance(length: usize) -> usize {
    if length < 6 { 0 } else { length / 5 }
}

/// Pairs of names whose words agree but for one, which is a typo of the
/// other's: "Head of Saftey" and "Head of Safety". Names are compared only
/// within a block that agrees on every other word, and within a block only
/// words of near lengths.
fn typos(keys: &[Keys]) -> Vec<(usize, usize)> {
    let mut blocks: HashMap<(usize, usize, String), Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        for (p, (word, abbreviation)) in k.words.iter().enumerate() {
            if *abbreviation || typo_allowance(word.chars().count()) == 0 {
                continue;
            }
            let others: Vec<&str> = k
                .words
                .iter()
                .enumerate()
                .filter(|&(q, _)| q != p)
                .map(|(_, (w, _))| w.as_str())
                .collect();
            blocks
                .entry((k.words.len(), p, others.join(" ")))
                .or_default()
                .push(i);
        }
    }
    let mut blocks: Vec<((usize, usize, String), Vec<usize>)> =
        blocks.into_iter().filter(|(_, b)| b.len() > 1).collect();
    blocks.sort_unstable();
    let mut pairs = Vec::new();
    for ((_, p, _), block) in blocks {
        let mut by_length: Vec<(Vec<char>, usize)> = block
            .into_iter()
            .map(|i| (keys[i].words[p].0.chars().collect(), i))
            .collect();
        by_length.sort_unstable_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.cmp(b)));
        for (n, (a, i)) in by_length.iter().enumerate() {
            let allowance = typo_allowance(a.len());
            for (b, j) in &by_length[n + 1..] {
                if b.len() - a.len() > allowance {
                    break;
                }
                if a != b && within(a, b, allowance) {
                    pairs.push((*i, *j));
                }
            }
        }
    }
    pairs
}

/// Whether `a` becomes `b` in at most `limit` edits, a swap of two
/// neighbouring letters counting as one (optimal string alignment).
fn within(a: &[char], b: &[char], limit: usize) -> bool {
    let width = b.len() + 1;
    let mut before: Vec<usize> = Vec::new();
    let mut last: Vec<usize> = (0..width).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; width];
        for j in 1..width {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()] <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The likeness found between two names of different owners, if any.
    fn likeness(a: &str, b: &str) -> Option<Likeness> {
        likeness_among(&[a, b], a, b)
    }

    /// The likeness found between `a` and `b` when `all` are the site's names.
    fn likeness_among(all: &[&str], a: &str, b: &str) -> Option<Likeness> {
        let names: Vec<Name> = all
            .iter()
            .enumerate()
            .map(|(owner, text)| Name {
                text,
                owner,
                written: 1,
            })
            .collect();
        let at = |t: &str| all.iter().position(|n| *n == t).unwrap();
        let (a, b) = (at(a), at(b));
        alike(&names)
            .into_iter()
            .find(|p| (p.kept, p.joined) == (a, b) || (p.kept, p.joined) == (b, a))
            .map(|p| p.likeness)
    }

    #[test]
    fn the_real_plans_duplicates_are_found_each_by_its_rule() {
        use Likeness::*;
        let cases = [
            ("Head of Equalities", "Head of Equality", Plural),
            (
                "Head of Offender Management Unit (OMU)",
                "Head of OMU",
                Abbreviation,
            ),
            (
                "Northamptonshire Healthcare Trust (NHT) Head of Service",
                "NHT Head of Service",
                Abbreviation,
            ),
            (
                "Director of Milton Keynes College",
                "Director Milton Keynes College",
                SmallWords,
            ),
            (
                "NOMS Directorate of Commissioning and Contract Management",
                "Directorate of Commissioning and Contract Management",
                Organisation,
            ),
        ];
        for (a, b, expected) in cases {
            assert_eq!(likeness(a, b), Some(expected), "{a} / {b}");
        }
    }

    #[test]
    fn made_up_duplicates_are_found() {
        use Likeness::*;
        let cases = [
            ("Head of Activities", "Head of Activity", Plural),
            ("Head of Business Hubs", "Head of Business Hub", Plural),
            ("Senior Leadership Team", "SLT", Abbreviation),
            (
                "Head of Offender Management Unit",
                "Head of OMU",
                Abbreviation,
            ),
            (
                "Ministry of Justice Property Directorate",
                "MoJ Property Directorate",
                Abbreviation,
            ),
            (
                "Director NHS England (NHSE)",
                "Director NHS England",
                Abbreviation,
            ),
            (
                "Pact (Prison Advice and Care Trust)",
                "Prison Advice and Care Trust",
                Abbreviation,
            ),
            ("HMPPS Security Group", "Security Group", Organisation),
            ("Offender Health, MoJ", "Offender Health", Organisation),
            ("Head of Safety", "Head of Saftey", Typo),
            (
                "Head of Reducing Reoffending",
                "Head of Reducing Reofending",
                Typo,
            ),
            ("Samaritans", "Samaritns", Typo),
            ("Head of Health care", "Head of Healthcare", SmallWords),
        ];
        for (a, b, expected) in cases {
            assert_eq!(likeness(a, b), Some(expected), "{a} / {b}");
        }
    }

    #[test]
    fn different_owners_that_look_alike_are_not_reported() {
        let cases = [
            // A different post: a deputy is not the Governor.
            ("Governor", "Deputy Governor"),
            ("Director NHS England (NHSE)", "National Director of NHSE"),
            // Different words of near length.
            ("Head of Healthcare", "Head of Safety"),
            ("Head of Safety", "Head of Security"),
            ("Head of Residential", "Head of Residence"),
            (
                "Head of Offender Management",
                "Head of Offender Management Delivery",
            ),
            // Short words a letter apart are other words, not typos.
            (
                "Prison Group Director, East Midlands",
                "Prison Group Director, West Midlands",
            ),
            ("Head of Unit", "Head of Unity"),
            // Two organisations' groups of one name are two groups.
            (
                "HMPPS Equality, Rights and Decency Group",
                "NOMS Equality Rights and Decency Group",
            ),
            // Two letters spell out too much to trust without a bracket.
            ("HR", "Head of Residential"),
            // An organisation before a single word names something else.
            ("NHS England", "England"),
            // A bracket that explains no abbreviation is just words.
            ("Healthcare Lead (Head of Healthcare)", "Head of Healthcare"),
            (
                "Eastwold Healthcare NHS Foundation Trust",
                "Westwold Healthcare NHS Foundation Trust",
            ),
        ];
        for (a, b) in cases {
            assert_eq!(likeness(a, b), None, "{a} / {b}");
        }
    }

    #[test]
    fn an_abbreviation_spelt_out_in_a_bracket_is_matched_only_by_that_spelling() {
        // "HSC" is explained as Health and Social Care, so "Head of Safer
        // Custody" does not spell it however its initials read.
        let all = [
            "Health and Social Care (HSC)",
            "HSC",
            "Head of Safer Custody",
        ];
        assert_eq!(
            likeness_among(&all, "Health and Social Care (HSC)", "HSC"),
            Some(Likeness::Abbreviation)
        );
        assert_eq!(likeness_among(&all, "HSC", "Head of Safer Custody"), None);
    }

    #[test]
    fn the_fuller_name_is_kept_for_a_short_one_and_the_usual_for_a_typo() {
        let names = [
            Name {
                text: "Head of OMU",
                owner: 0,
                written: 7,
            },
            Name {
                text: "Head of Offender Management Unit (OMU)",
                owner: 1,
                written: 1,
            },
            Name {
                text: "Head of Safety",
                owner: 2,
                written: 3,
            },
            Name {
                text: "Head of Saftey",
                owner: 3,
                written: 1,
            },
        ];
        let found = alike(&names);
        assert_eq!(
            found,
            [
                Alike {
                    kept: 1,
                    joined: 0,
                    likeness: Likeness::Abbreviation
                },
                Alike {
                    kept: 2,
                    joined: 3,
                    likeness: Likeness::Typo
                },
            ]
        );
    }

    #[test]
    fn spellings_of_one_owner_are_never_reported() {
        let names = [
            Name {
                text: "Head of Equalities",
                owner: 0,
                written: 1,
            },
            Name {
                text: "Head of Equality",
                owner: 0,
                written: 1,
            },
        ];
        assert!(alike(&names).is_empty());
    }

    #[test]
    fn typos_are_counted_with_swaps_as_one_edit() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within(&chars("safety"), &chars("saftey"), 1));
        assert!(within(&chars("reoffending"), &chars("reofending"), 1));
        assert!(!within(&chars("healthcare"), &chars("safety"), 2));
        assert!(within(&chars("college"), &chars("colleges"), 1));
        assert!(!within(&chars("residential"), &chars("residence"), 2));
    }

    #[test]
    fn plurals_fold_to_singulars() {
        for (plural, one) in [
            ("equalities", "equality"),
            ("services", "service"),
            ("businesses", "business"),
            ("business", "business"),
            ("plus", "plus"),
            ("skills", "skill"),
            ("nhs", "nhs"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
