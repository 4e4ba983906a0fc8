//! Owners: one identity per body that promised something, however plans spell it.
//!
//! Plans write owners freely: "Governor/People Plus" names two, "Offender
//! Health, MoJ." and "Offender Health, MoJ" name one, "Head of Learning and
//! Skills" is one owner but "Director of Nottinghamshire Healthcare Foundation
//! Trust and Governor" is two. An owner page is only useful if every promise of
//! one owner lands on it, so spellings are folded into an identity key, lists
//! are split, and the site's aliases join what folding cannot.

pub mod alike;
pub mod duplicates;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use serde::Serialize;

use crate::content::Text;

/// One owner as the site shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OwnerIdentity {
    /// Stable, collision-free URL part (`/owners/<slug>/`).
    pub slug: String,
    /// The alias's canonical name, else the most frequent spelling.
    pub name: String,
    /// Every spelling that was folded into this owner, sorted.
    pub spellings: Vec<String>,
}

/// The owners of a site and which of them each written owner string names.
#[derive(Clone, Debug, Default)]
pub struct OwnerDirectory {
    pub owners: Vec<OwnerIdentity>,
    named: Arc<HashMap<String, Vec<usize>>>,
    /// Per written string, the owner and spelling each writing of it counts
    /// towards, so that new counts of the same strings can be recounted.
    spelled: Arc<HashMap<String, Vec<(usize, String)>>>,
    /// Per owner, how often each spelling is written; `None` where an alias
    /// fixes the name whatever the counts.
    tallies: Vec<Option<Tally>>,
}

/// How often each spelling of one owner is written.
type Tally = HashMap<String, usize>;

impl OwnerDirectory {
    /// Builds the directory from every owner string as written (repeats count towards the display name).
    pub fn new<'a>(
        written: impl IntoIterator<Item = &'a str>,
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> OwnerDirectory {
        let mut occurrences: HashMap<&str, usize> = HashMap::new();
        for w in written {
            *occurrences.entry(w).or_default() += 1;
        }
        OwnerDirectory::counted(&occurrences, aliases)
    }

    /// Builds the directory from each owner string as written and how often
    /// it is written: what [`OwnerDirectory::new`] counts, kept by `serve` so
    /// an edit of one plan recounts only that plan's owners.
    pub fn counted(
        occurrences: &HashMap<&str, usize>,
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> OwnerDirectory {
        let alias_of = alias_keys(aliases);
        let splitter = Splitter::new(occurrences.keys().copied(), &alias_of);

        // key → (spelling → count); written string → keys it names.
        let mut spellings: HashMap<String, HashMap<String, usize>> = HashMap::new();
        let mut named_keys: HashMap<String, Vec<String>> = HashMap::new();
        let mut spelled_keys: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (w, count) in occurrences {
            let mut keys = Vec::new();
            let mut spelled = Vec::new();
            for part in slash_parts(w) {
                for name in splitter.split(part) {
                    let folded = identity(name);
                    if folded.is_empty() {
                        continue;
                    }
                    let key = alias_of.get(&folded).map_or(folded, |(k, _)| k.clone());
                    *spellings
                        .entry(key.clone())
                        .or_default()
                        .entry(name.to_string())
                        .or_default() += count;
                    spelled.push((key.clone(), name.to_string()));
                    if !keys.contains(&key) {
                        keys.push(key);
                    }
                }
            }
            named_keys.insert(w.to_string(), keys);
            spelled_keys.insert(w.to_string(), spelled);
        }
        let canonical: HashMap<&String, &String> =
            alias_of.values().map(|(k, name)| (k, name)).collect();
        let mut owners: Vec<(String, OwnerIdentity, Option<Tally>)> = spellings
            .into_iter()
            .map(|(key, counts)| {
                let fixed = canonical.get(&key).map(|n| n.to_string());
                let name = fixed.clone().unwrap_or_else(|| most_frequent(&counts));
                let mut all: Vec<String> = counts.keys().cloned().collect();
                all.sort();
                let identity = OwnerIdentity {
                    slug: String::new(),
                    name,
                    spellings: all,
                };
                (key, identity, fixed.is_none().then_some(counts))
            })
            .collect();
        owners.sort_by(|(ka, a, _), (kb, b, _)| {
            (a.name.to_lowercase(), ka).cmp(&(b.name.to_lowercase(), kb))
        });
        assign_slugs(owners.iter_mut().map(|(key, owner, _)| (&*key, owner)));
        let index: HashMap<&str, usize> = owners
            .iter()
            .enumerate()
            .map(|(i, (key, _, _))| (key.as_str(), i))
            .collect();
        let named = named_keys
            .into_iter()
            .map(|(w, keys)| {
                let found = keys.iter().filter_map(|k| index.get(k.as_str()).copied());
                (w, found.collect())
            })
            .collect();
        let spelled = spelled_keys
            .into_iter()
            .map(|(w, spelled)| {
                let found = spelled.into_iter().filter_map(|(key, spelling)| {
                    index.get(key.as_str()).map(|&owner| (owner, spelling))
                });
                (w, found.collect())
            })
            .collect();
        let (owners, tallies) = owners
            .into_iter()
            .map(|(_, owner, tally)| (owner, tally))
            .unzip();
        OwnerDirectory {
            owners,
            named: Arc::new(named),
            spelled: Arc::new(spelled),
            tallies,
        }
    }

    /// The directory for new counts (`new`, was `old`) of exactly the same
    /// written strings, without building it again: `None` when a string
    /// comes or goes, or when the new counts would name an owner by another
    /// of its spellings. `serve` patches an edit of one plan this way when
    /// the plan writes its owners as before but more or fewer times.
    pub fn recounted(
        &self,
        old: &HashMap<String, usize>,
        new: &HashMap<String, usize>,
    ) -> Option<OwnerDirectory> {
        if old.len() != new.len() || !new.keys().all(|w| old.contains_key(w)) {
            return None;
        }
        let mut tallies = self.tallies.clone();
        for (w, &count) in new {
            let was = old.get(w).copied().unwrap_or(0);
            if count == was {
                continue;
            }
            for (owner, spelling) in self.spelled.get(w)? {
                if let Some(tally) = tallies.get_mut(*owner)?.as_mut() {
                    let counted = tally.get_mut(spelling)?;
                    *counted = (*counted + count).checked_sub(was)?;
                }
            }
        }
        let same_names = tallies.iter().zip(&self.owners).all(|(tally, owner)| {
            tally
                .as_ref()
                .is_none_or(|tally| most_frequent(tally) == owner.name)
        });
        same_names.then(|| OwnerDirectory {
            owners: self.owners.clone(),
            named: Arc::clone(&self.named),
            spelled: Arc::clone(&self.spelled),
            tallies,
        })
    }

    /// Whether both directories have the same owners (names, URLs,
    /// spellings) in the same order, and every written string names the
    /// same ones: then every action written alike resolves alike.
    pub fn names_alike(&self, other: &OwnerDirectory) -> bool {
        self.owners == other.owners
            && (Arc::ptr_eq(&self.named, &other.named) || self.named == other.named)
    }

    /// The owners (indices into `owners`) that a written owner string names.
    pub fn named_by(&self, written: &str) -> &[usize] {
        self.named.get(written).map_or(&[], Vec::as_slice)
    }

    /// The owners (indices into `owners`) a written owner string names,
    /// each with the part of the string that names it, in the string's
    /// order: `check` names the spellings it compares as they are written.
    pub fn spelled_by(&self, written: &str) -> &[(usize, String)] {
        self.spelled.get(written).map_or(&[], Vec::as_slice)
    }

    /// The owners (indices into `owners`, ascending) an action's written owners name.
    pub fn resolve(&self, written: &[Text]) -> Vec<usize> {
        let mut owners: Vec<usize> = written
            .iter()
            .flat_map(|w| self.named_by(w).iter().copied())
            .collect();
        owners.sort_unstable();
        owners.dedup();
        owners
    }
}

/// Whether every owner of `new` that `old` also has kept its name and URL,
/// each given as (slug, name): owners may come and go, but one shown under
/// another name or URL changes every page that names it.
pub fn kept_names<'a>(
    old: impl Iterator<Item = (&'a str, &'a str)>,
    mut new: impl Iterator<Item = (&'a str, &'a str)>,
) -> bool {
    let mut named: HashMap<&str, &str> = HashMap::new();
    let mut at: HashMap<&str, &str> = HashMap::new();
    for (slug, name) in old {
        named.insert(slug, name);
        at.insert(name, slug);
    }
    new.all(|(slug, name)| {
        named.get(slug).is_none_or(|was| *was == name)
            && at.get(name).is_none_or(|was| *was == slug)
    })
}

/// How often each owner string is written on `actions`: what the directory is made from.
pub fn written(actions: &[super::Action]) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for w in actions.iter().flat_map(|a| &a.owners_written) {
        match counts.get_mut(&**w) {
            Some(count) => *count += 1,
            None => {
                counts.insert(w.to_string(), 1);
            }
        }
    }
    counts
}

/// Counts keyed by borrowed strings, as [`OwnerDirectory::counted`] takes them.
pub fn borrowed(counts: &HashMap<String, usize>) -> HashMap<&str, usize> {
    counts.iter().map(|(w, &n)| (w.as_str(), n)).collect()
}

/// Folds case and punctuation so spellings of one owner meet: "Re-Offending" = "reoffending".
pub fn identity(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '\'' | '\u{2019}' | '-' | '\u{2010}' | '\u{2011}' => {}
            '&' => folded.push_str(" and "),
            c if c.is_alphanumeric() => folded.extend(c.to_lowercase()),
            _ => folded.push(' '),
        }
    }
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Alias spelling keys → (canonical key, canonical name); the canonical name maps to itself.
pub(crate) fn alias_keys(
    aliases: &BTreeMap<String, Vec<String>>,
) -> HashMap<String, (String, String)> {
    let mut map = HashMap::new();
    for (canonical, others) in aliases {
        let key = identity(canonical);
        for spelling in others.iter().chain(std::iter::once(canonical)) {
            map.insert(identity(spelling), (key.clone(), canonical.clone()));
        }
    }
    map
}

/// "Governor/People Plus" names each side of the slash.
pub(crate) fn slash_parts(written: &str) -> impl Iterator<Item = &str> {
    written.split('/').map(str::trim).filter(|p| !p.is_empty())
}

/// How a part of a written owner (between slashes) is cut into owners: at
/// "and", "&" and commas, only where every piece is an owner written alone
/// elsewhere or named in an alias, so that "Head of Learning and Skills"
/// and "Executive Director, Community Interventions" stay whole.
pub(crate) struct Splitter<'a> {
    /// Identity keys of every part written alone, and of every alias spelling.
    standalone: HashSet<String>,
    /// Alias spelling keys: a part that an alias names is one owner, whole.
    aliased: &'a HashMap<String, (String, String)>,
}

impl<'a> Splitter<'a> {
    /// The splitter for a site's written owner strings and its aliases ([`alias_keys`]).
    pub(crate) fn new<'w>(
        written: impl Iterator<Item = &'w str>,
        aliased: &'a HashMap<String, (String, String)>,
    ) -> Splitter<'a> {
        let mut standalone: HashSet<String> = written.flat_map(slash_parts).map(identity).collect();
        standalone.extend(aliased.keys().cloned());
        Splitter {
            standalone,
            aliased,
        }
    }

    /// The owners one part names: its pieces, when each is an owner elsewhere, else itself.
    pub(crate) fn split<'p>(&self, part: &'p str) -> Vec<&'p str> {
        let Some(pieces) = self.pieces(part) else {
            return vec![part];
        };
        let mut found = Vec::new();
        if partition(
            0,
            pieces.len(),
            true,
            &|from, to| pieces.is_owner(from, to),
            &mut found,
        ) {
            found
                .iter()
                .map(|&(from, to)| pieces.text(from, to))
                .collect()
        } else {
            vec![part]
        }
    }

    /// A part kept whole although its last pieces are an owner on their
    /// own: the rest of it, then those pieces. "Executive Director, Estate
    /// Transformation and Governor" probably names the Governor too, but
    /// only the editor knows whether the rest is one owner. Only the end is
    /// looked at: a title at the start often runs on past an "and" ("Head
    /// of Residential and Safety" is one post, though "Head of
    /// Residential" is another), while an owner at the end has a title of
    /// its own.
    pub(crate) fn lone_piece<'p>(&self, part: &'p str) -> Option<(&'p str, &'p str)> {
        let pieces = self.pieces(part)?;
        if self.split(part).len() > 1 {
            return None;
        }
        let n = pieces.len();
        let k = (1..n).find(|&k| pieces.is_owner(k, n))?;
        Some((pieces.text(0, k), pieces.text(k, n)))
    }

    /// The pieces of a part that could be separate owners; none when it has
    /// one, when an alias names it whole, or when it has too many to be a
    /// list of owners (each separator doubles the ways to cut it).
    fn pieces<'p>(&self, part: &'p str) -> Option<Pieces<'p, '_>> {
        let segments = segments(part);
        // Most parts have no separator: they are let go before being folded.
        if !(2..=6).contains(&segments.len()) || self.aliased.contains_key(&identity(part)) {
            return None;
        }
        Some(Pieces {
            part,
            segments,
            standalone: &self.standalone,
        })
    }
}

/// A part cut at its separators, and the owners written alone it can be checked against.
struct Pieces<'p, 's> {
    part: &'p str,
    /// Byte ranges between separators, in order.
    segments: Vec<(usize, usize)>,
    standalone: &'s HashSet<String>,
}

impl<'p> Pieces<'p, '_> {
    fn len(&self) -> usize {
        self.segments.len()
    }

    /// Segments `from..to` with the separators between them, as written.
    fn text(&self, from: usize, to: usize) -> &'p str {
        self.part[self.segments[from].0..self.segments[to - 1].1].trim()
    }

    /// Whether segments `from..to` are written as an owner on their own.
    fn is_owner(&self, from: usize, to: usize) -> bool {
        self.standalone.contains(&identity(self.text(from, to)))
    }
}

/// Byte ranges of a part between its separators: the words "and" and "&"
/// and commas. Consecutive separators (", and") count as one; a leading
/// "and" is part of the first segment.
fn segments(part: &str) -> Vec<(usize, usize)> {
    let mut separators = Vec::new();
    for word in part.split_whitespace() {
        // `word` is a slice of `part`, so its offset is the distance between their starts.
        let at = word.as_ptr() as usize - part.as_ptr() as usize;
        if word.eq_ignore_ascii_case("and") || word == "&" {
            separators.push((at, at + word.len()));
        } else {
            separators.extend(word.match_indices(',').map(|(i, _)| (at + i, at + i + 1)));
        }
    }
    let mut segments = Vec::new();
    let mut start = 0;
    for (from, to) in separators.into_iter().chain([(part.len(), part.len())]) {
        if !part[start..from].trim().is_empty() {
            segments.push((start, from));
            start = to;
        } else if !segments.is_empty() {
            start = to;
        }
    }
    segments
}

/// Cuts segments `from..end` into standalone owners, longest first; `split` forbids one piece.
fn partition(
    from: usize,
    end: usize,
    split: bool,
    is_owner: &dyn Fn(usize, usize) -> bool,
    found: &mut Vec<(usize, usize)>,
) -> bool {
    if from == end {
        return true;
    }
    let longest = if split { end - 1 } else { end };
    for to in (from + 1..=longest).rev() {
        if is_owner(from, to) {
            found.push((from, to));
            if partition(to, end, false, is_owner, found) {
                return true;
            }
            found.pop();
        }
    }
    false
}

/// The spelling used most often; ties go to the alphabetically first.
fn most_frequent(counts: &HashMap<String, usize>) -> String {
    counts
        .iter()
        .max_by(|(a, ca), (b, cb)| ca.cmp(cb).then_with(|| b.cmp(a)))
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

/// URL slugs from identity keys; a clash gets "-2", "-3" in the owners' sorted order.
fn assign_slugs<'o>(owners: impl Iterator<Item = (&'o String, &'o mut OwnerIdentity)>) {
    let mut taken: HashSet<String> = HashSet::new();
    for (key, owner) in owners {
        let base = crate::slug::from_words(key, "owner");
        let mut slug = base.clone();
        let mut n = 2;
        while !taken.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        owner.slug = slug;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn directory(written: &[&str], aliases: &[(&str, &[&str])]) -> OwnerDirectory {
        let aliases = aliases
            .iter()
            .map(|(c, s)| (c.to_string(), s.iter().map(|x| x.to_string()).collect()))
            .collect();
        OwnerDirectory::new(written.iter().copied(), &aliases)
    }

    fn names(dir: &OwnerDirectory, written: &str) -> Vec<String> {
        dir.named_by(written)
            .iter()
            .map(|&i| dir.owners[i].name.clone())
            .collect()
    }

    #[test]
    fn slashes_separate_owners() {
        let dir = directory(
            &[
                "Governor/People Plus",
                "NHT Head of Service /Head of Healthcare",
            ],
            &[],
        );
        assert_eq!(
            names(&dir, "Governor/People Plus"),
            ["Governor", "People Plus"]
        );
        assert_eq!(
            names(&dir, "NHT Head of Service /Head of Healthcare"),
            ["NHT Head of Service", "Head of Healthcare"]
        );
    }

    #[test]
    fn and_separates_only_owners_written_alone_elsewhere() {
        let written = [
            "Director of Nottinghamshire Healthcare Foundation Trust and Governor",
            "Director of Nottinghamshire Healthcare Foundation Trust",
            "Governor",
            "Head of Learning and Skills",
            "Director of Nottinghamshire Healthcare Foundation Trust / Leicester City Council and Governor",
            "Director of Nottinghamshire Healthcare Foundation Trust / Leicester City Council",
        ];
        let dir = directory(&written, &[]);
        assert_eq!(
            names(&dir, written[0]),
            [
                "Director of Nottinghamshire Healthcare Foundation Trust",
                "Governor"
            ]
        );
        assert_eq!(
            names(&dir, "Head of Learning and Skills"),
            ["Head of Learning and Skills"]
        );
        assert_eq!(
            names(&dir, written[4]),
            [
                "Director of Nottinghamshire Healthcare Foundation Trust",
                "Leicester City Council",
                "Governor"
            ]
        );
        assert_eq!(dir.owners.len(), 4);
    }

    #[test]
    fn commas_separate_owners_written_alone_elsewhere() {
        let written = [
            "Head of Healthcare, Governor",
            "Head of Healthcare",
            "Governor",
            "Executive Director, Community Interventions",
            "Offender Health, MoJ",
            "Head of Safety, Head of Healthcare, and Governor",
            "Head of Safety",
        ];
        let dir = directory(&written, &[]);
        assert_eq!(names(&dir, written[0]), ["Head of Healthcare", "Governor"]);
        assert_eq!(names(&dir, written[3]), [written[3]]);
        assert_eq!(names(&dir, written[4]), [written[4]]);
        assert_eq!(
            names(&dir, written[5]),
            ["Head of Safety", "Head of Healthcare", "Governor"]
        );
    }

    #[test]
    fn an_owner_named_in_an_alias_is_never_split() {
        let written = [
            "Head of Healthcare and Governor",
            "Head of Healthcare",
            "Governor",
        ];
        let dir = directory(&written, &[]);
        assert_eq!(names(&dir, written[0]), ["Head of Healthcare", "Governor"]);
        let dir = directory(&written, &[("Head of Healthcare and Governor", &[])]);
        assert_eq!(names(&dir, written[0]), [written[0]]);
    }

    #[test]
    fn an_alias_without_spellings_makes_a_list_split() {
        // The real Leicester 2018 plan writes this owner once, and its first
        // part nowhere alone: an alias naming that part splits it.
        let written = [
            "Executive Director, Estate Transformation and Governor",
            "Governor",
        ];
        let dir = directory(&written, &[]);
        assert_eq!(names(&dir, written[0]), [written[0]]);
        let dir = directory(
            &written,
            &[("Executive Director, Estate Transformation", &[])],
        );
        assert_eq!(
            names(&dir, written[0]),
            ["Executive Director, Estate Transformation", "Governor"]
        );
    }

    #[test]
    fn a_part_kept_whole_whose_end_is_an_owner_is_found() {
        let written = [
            "Executive Director, Estate Transformation and Governor",
            "Governor",
            "Head of Residential and Safety",
            "Head of Residential",
            "Head of Learning and Skills",
            "Governor and Head of Security",
        ];
        let aliases = BTreeMap::new();
        let alias_of = alias_keys(&aliases);
        let splitter = Splitter::new(written.iter().copied(), &alias_of);
        assert_eq!(
            splitter.lone_piece(written[0]),
            Some(("Executive Director, Estate Transformation", "Governor"))
        );
        // A title that runs on past "and" is one post, whatever its start names.
        assert_eq!(splitter.lone_piece(written[2]), None);
        assert_eq!(splitter.lone_piece(written[4]), None);
        assert_eq!(splitter.lone_piece(written[5]), None);
        // Split already: nothing to ask.
        let aliases = [(
            "Executive Director, Estate Transformation".to_string(),
            vec![],
        )]
        .into();
        let alias_of = alias_keys(&aliases);
        let splitter = Splitter::new(written.iter().copied(), &alias_of);
        assert_eq!(splitter.lone_piece(written[0]), None);
    }

    #[test]
    fn case_and_punctuation_fold_into_one_owner_named_by_its_most_frequent_spelling() {
        let dir = directory(
            &[
                "Offender Health, MoJ.",
                "Offender Health, MoJ",
                "Offender Health, MoJ",
                "Head of Reducing Re-Offending",
                "Head of Reducing Reoffending",
                " GOVERNOR ",
            ],
            &[],
        );
        assert_eq!(dir.owners.len(), 3);
        assert_eq!(
            names(&dir, "Offender Health, MoJ."),
            ["Offender Health, MoJ"]
        );
        // A tie is broken alphabetically.
        assert_eq!(
            names(&dir, "Head of Reducing Reoffending"),
            ["Head of Reducing Re-Offending"]
        );
        assert_eq!(names(&dir, " GOVERNOR "), ["GOVERNOR"]);
        let slugs: Vec<&str> = dir.owners.iter().map(|o| o.slug.as_str()).collect();
        assert_eq!(
            slugs,
            [
                "governor",
                "head-of-reducing-reoffending",
                "offender-health-moj"
            ]
        );
    }

    #[test]
    fn aliases_join_spellings_under_the_canonical_name() {
        let dir = directory(
            &[
                "Head of OMU",
                "Head of Offender Management Unit (OMU)",
                "Head of OMU",
            ],
            &[(
                "Head of Offender Management",
                &["Head of OMU", "Head of Offender Management Unit (OMU)"],
            )],
        );
        assert_eq!(dir.owners.len(), 1);
        assert_eq!(dir.owners[0].name, "Head of Offender Management");
        assert_eq!(dir.owners[0].slug, "head-of-offender-management");
        assert_eq!(dir.owners[0].spellings.len(), 2);
    }

    #[test]
    fn slugs_never_collide() {
        let dir = directory(&["Café Lead", "Caf Lead", "Cafe Lead"], &[]);
        let mut slugs: Vec<&str> = dir.owners.iter().map(|o| o.slug.as_str()).collect();
        slugs.sort();
        slugs.dedup();
        assert_eq!(slugs.len(), 3);
    }

    #[test]
    fn recounting_the_same_strings_matches_counting_them_again() {
        let aliases = BTreeMap::new();
        let counts = |pairs: &[(&str, usize)]| -> HashMap<String, usize> {
            pairs.iter().map(|(w, n)| (w.to_string(), *n)).collect()
        };
        let old = counts(&[("Head of OMU", 3), ("head of omu", 1), ("Governor/OMU", 2)]);
        let directory = OwnerDirectory::counted(&borrowed(&old), &aliases);
        let named = |d: &OwnerDirectory| -> Vec<(String, String, Vec<String>)> {
            d.owners
                .iter()
                .map(|o| (o.slug.clone(), o.name.clone(), o.spellings.clone()))
                .collect()
        };
        // One more of the usual spelling: nobody is renamed.
        let more = counts(&[("Head of OMU", 4), ("head of omu", 1), ("Governor/OMU", 2)]);
        let recounted = directory.recounted(&old, &more).expect("the same names");
        let counted = OwnerDirectory::counted(&borrowed(&more), &aliases);
        assert_eq!(named(&recounted), named(&counted));
        assert_eq!(
            recounted.named_by("Governor/OMU"),
            counted.named_by("Governor/OMU")
        );
        // The other spelling now written most: that owner's name changes.
        let flipped = counts(&[("Head of OMU", 1), ("head of omu", 5), ("Governor/OMU", 2)]);
        assert!(directory.recounted(&old, &flipped).is_none());
        // A string written for the first time needs the whole count.
        let new_string = counts(&[("Head of OMU", 3), ("head of omu", 1), ("Governor", 1)]);
        assert!(directory.recounted(&old, &new_string).is_none());
    }
}
