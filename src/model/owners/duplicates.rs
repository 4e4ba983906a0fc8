//! `check`'s advice on owner names: spellings that are probably one owner,
//! and written owners kept whole that probably name two.
//!
//! Each warning points at where the plans write the spelling, names the
//! other spelling and where it is written, and gives the line of
//! `plansite.toml` that would settle it, because an owner split across two
//! pages hides half of what it promised. Only `check` gives this advice: it
//! is about the editor's naming, not about whether the site can be built,
//! and `build` and `serve` (which rebuilds on every save) would repeat it
//! on every run.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::alike::{Alike, Likeness, Name, alike};
use super::{Splitter, alias_keys, identity, slash_parts};
use crate::config::{FILE_NAME, OwnerSettings};
use crate::content::Content;
use crate::diagnostics::{Diagnostic, Position, location};
use crate::model::Site;

/// Where a written owner string is first written.
#[derive(Clone, Copy)]
struct Place<'c> {
    file: &'c Path,
    position: Option<Position>,
}

/// The warnings about the owner names of `site`, placed where `content`
/// writes them, `settings` being the site's `[owners]`. The content is
/// searched for places only when there is something to warn about, so a
/// clean site costs no more than comparing its names.
pub fn warnings(site: &Site, content: &Content, settings: &OwnerSettings) -> Vec<Diagnostic> {
    let spellings = Spellings::of(site);
    let pairs = spellings.alike(&settings.distinct);
    let lists = kept_whole(site, &settings.aliases);
    let needed: HashSet<&str> = pairs
        .iter()
        .flat_map(|pair| [pair.kept, pair.joined])
        .flat_map(|i| spellings.written_in[i].iter().copied())
        .chain(
            lists
                .iter()
                .flat_map(|list| list.written_in.iter().copied()),
        )
        .collect();
    let places = Places::find(content, needed);
    let mut warnings: Vec<Diagnostic> = pairs
        .into_iter()
        .map(|pair| spellings.warning(pair, &places, site, &settings.aliases))
        .collect();
    warnings.extend(lists.iter().map(|list| list.warning(&places)));
    warnings
}

/// Where each of some written owner strings is first written, in the
/// order the content is read (files by path, then line by line).
struct Places<'c> {
    first: HashMap<&'c str, (usize, Place<'c>)>,
}

impl<'c> Places<'c> {
    /// Reads the content's owners until every string `needed` is placed.
    fn find(content: &'c Content, mut needed: HashSet<&str>) -> Places<'c> {
        let mut first = HashMap::new();
        let owners = content.plans.iter().flat_map(|file| {
            file.front
                .recommendations
                .iter()
                .flat_map(|r| &r.actions)
                .flat_map(|a| &a.owners)
                .map(move |owner| (file, owner))
        });
        for (order, (file, owner)) in owners.enumerate() {
            if needed.is_empty() {
                break;
            }
            let w = owner.value.trim();
            if needed.remove(w) {
                let place = Place {
                    file: &file.path,
                    position: file.position(owner),
                };
                first.insert(w, (order, place));
            }
        }
        Places { first }
    }

    /// The first place any of `written` is written; the config's, for a
    /// string no content file holds (which only a program can make).
    fn first_of(&self, written: &[&str]) -> Place<'c> {
        written
            .iter()
            .filter_map(|w| self.first.get(w))
            .min_by_key(|(order, _)| *order)
            .map_or(
                Place {
                    file: Path::new(FILE_NAME),
                    position: None,
                },
                |(_, place)| *place,
            )
    }
}

/// The site's owner spellings as the rules compare them: one per owner and
/// folded identity, named by its most written spelling, counted over every
/// writing, sorted so that the findings never depend on hash order.
struct Spellings<'s> {
    names: Vec<Name<'s>>,
    /// Per name, the written owner strings that spell it so.
    written_in: Vec<Vec<&'s str>>,
}

impl<'s> Spellings<'s> {
    fn of(site: &'s Site) -> Spellings<'s> {
        let directory = &site.owner_directory;
        // (owner, identity) → spelling → (times written, written strings).
        type Group<'s> = HashMap<&'s str, (usize, Vec<&'s str>)>;
        let mut groups: HashMap<(usize, String), Group<'s>> = HashMap::new();
        for (w, &count) in &site.written_owners {
            for (owner, spelling) in directory.spelled_by(w) {
                let group = groups.entry((*owner, identity(spelling))).or_default();
                let (written, strings) = group.entry(spelling).or_default();
                *written += count;
                strings.push(w);
            }
        }
        let mut named: Vec<(Name, Vec<&str>)> = groups
            .into_iter()
            .filter_map(|((owner, _), group)| {
                let total = group.values().map(|(n, _)| n).sum();
                let (text, (_, mut strings)) = group
                    .into_iter()
                    .max_by(|(a, (na, _)), (b, (nb, _))| na.cmp(nb).then_with(|| b.cmp(a)))?;
                strings.sort_unstable();
                let name = Name {
                    text,
                    owner,
                    written: total,
                };
                Some((name, strings))
            })
            .collect();
        named.sort_unstable_by(|(a, _), (b, _)| (a.text, a.owner).cmp(&(b.text, b.owner)));
        let (names, written_in) = named.into_iter().unzip();
        Spellings { names, written_in }
    }

    /// Each pair of owners that are probably one, unless `[owners]
    /// distinct` says they are not.
    fn alike(&self, distinct: &[Vec<String>]) -> Vec<Alike> {
        let distinct = self.distinct_owners(distinct);
        alike(&self.names)
            .into_iter()
            .filter(|pair| {
                let owners = (self.names[pair.kept].owner, self.names[pair.joined].owner);
                !distinct.contains(&owners)
            })
            .collect()
    }

    /// Every ordered pair of owners that a group of `distinct` names holds.
    fn distinct_owners(&self, distinct: &[Vec<String>]) -> HashSet<(usize, usize)> {
        let owner_of: HashMap<String, usize> = self
            .names
            .iter()
            .map(|n| (identity(n.text), n.owner))
            .collect();
        let mut pairs = HashSet::new();
        for group in distinct {
            let owners: Vec<usize> = group
                .iter()
                .filter_map(|name| owner_of.get(&identity(name)).copied())
                .collect();
            for &a in &owners {
                pairs.extend(owners.iter().filter(|&&b| b != a).map(|&b| (a, b)));
            }
        }
        pairs
    }

    fn warning(
        &self,
        pair: Alike,
        places: &Places,
        site: &Site,
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> Diagnostic {
        let (kept, joined) = (&self.names[pair.kept], &self.names[pair.joined]);
        let kept_place = places.first_of(&self.written_in[pair.kept]);
        let joined_place = places.first_of(&self.written_in[pair.joined]);
        let why = match pair.likeness {
            Likeness::SmallWords => "they differ only in small words such as \"of\" or in spacing",
            Likeness::Plural => "they differ only in singular and plural",
            Likeness::Abbreviation => "one spells out an abbreviation the other uses",
            Likeness::Organisation => "one adds an organisation's abbreviation to the other",
            Likeness::Typo => "they differ in a letter or two of one word",
        };
        let message = format!(
            "owner \"{}\" is probably \"{}\" (written at {}): {why}",
            joined.text,
            kept.text,
            location(kept_place.file, kept_place.position),
        );
        let line = AliasLine::joining(
            site.owners[kept.owner].name.as_str(),
            kept.text,
            (&site.owners[joined.owner].name, joined.text),
            aliases,
        );
        Diagnostic::warning(joined_place.file, message)
            .at(joined_place.position)
            .help(format!(
                "if they are one owner, {line}; if they are two, add [{}, {}] to `distinct` under [owners]",
                quoted(kept.text),
                quoted(joined.text),
            ))
    }
}

/// The `[owners.aliases]` line that joins one owner to another, keeping
/// the spellings each already has there.
struct AliasLine {
    canonical: String,
    spellings: Vec<String>,
    /// The lines it replaces, by canonical name.
    replaces: Vec<String>,
}

impl AliasLine {
    /// The line joining `joined` (its owner's name, then the spelling) to
    /// the owner named `kept_name`, written `kept`. An owner whose name an
    /// alias fixes is named by it; otherwise the spelling is.
    fn joining(
        kept_name: &str,
        kept: &str,
        joined: (&str, &str),
        aliases: &BTreeMap<String, Vec<String>>,
    ) -> AliasLine {
        let by_key: HashMap<String, (&String, &Vec<String>)> = aliases
            .iter()
            .map(|(canonical, others)| (identity(canonical), (canonical, others)))
            .collect();
        let kept_alias = by_key.get(&identity(kept_name));
        let joined_alias = by_key.get(&identity(joined.0));
        let canonical = kept_alias.map_or(kept, |(c, _)| c.as_str()).to_string();
        let mut spellings: Vec<String> = Vec::new();
        let mut replaces = Vec::new();
        if let Some((c, others)) = kept_alias {
            spellings.extend(others.iter().cloned());
            replaces.push(c.to_string());
        }
        match joined_alias {
            Some((c, others)) => {
                spellings.push(c.to_string());
                spellings.extend(others.iter().cloned());
                replaces.push(c.to_string());
            }
            None => spellings.push(joined.1.to_string()),
        }
        let mut seen = HashSet::from([identity(&canonical)]);
        spellings.retain(|s| seen.insert(identity(s)));
        AliasLine {
            canonical,
            spellings,
            replaces,
        }
    }
}

impl std::fmt::Display for AliasLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.replaces.as_slice() {
            [] => write!(f, "add this line under [owners.aliases] in {FILE_NAME}: ")?,
            replaced => {
                let names: Vec<String> = replaced.iter().map(|r| quoted(r)).collect();
                write!(
                    f,
                    "replace the line of {} under [owners.aliases] in {FILE_NAME} with: ",
                    names.join(" and ")
                )?;
            }
        }
        let spellings: Vec<String> = self.spellings.iter().map(|s| quoted(s)).collect();
        write!(
            f,
            "{} = [{}]",
            quoted(&self.canonical),
            spellings.join(", ")
        )
    }
}

/// A TOML basic string: quoted, with quotes, backslashes and control
/// characters escaped, so the line can be pasted as it is.
fn quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// A part of a written owner kept whole although its last pieces are an
/// owner on their own: "Executive Director, Estate Transformation and
/// Governor" names the Governor, but the rest is written nowhere alone, so
/// the rule that splits lists keeps it whole until the editor says which
/// it is.
struct KeptWhole<'s> {
    part: &'s str,
    /// The part without the owner at its end, and that owner.
    rest: &'s str,
    owner: &'s str,
    /// The written owner strings that hold the part.
    written_in: Vec<&'s str>,
}

impl KeptWhole<'_> {
    fn warning(&self, places: &Places) -> Diagnostic {
        let place = places.first_of(&self.written_in);
        let message = format!(
            "owner \"{}\" is kept as one owner, but \"{}\" is an owner on its own elsewhere",
            self.part, self.owner
        );
        let help = format!(
            "if it names two owners, add this line under [owners.aliases] in {FILE_NAME} so that \
             the rest is an owner too: {} = []; if it is one owner, add {} = []",
            quoted(self.rest),
            quoted(self.part),
        );
        Diagnostic::warning(place.file, message)
            .at(place.position)
            .help(help)
    }
}

/// Every part of the site's written owners kept whole whose end is an
/// owner on its own, once per folded part.
fn kept_whole<'s>(site: &'s Site, aliases: &BTreeMap<String, Vec<String>>) -> Vec<KeptWhole<'s>> {
    let alias_of = alias_keys(aliases);
    let splitter = Splitter::new(site.written_owners.keys().map(String::as_str), &alias_of);
    let mut written: Vec<&str> = site.written_owners.keys().map(String::as_str).collect();
    written.sort_unstable();
    let mut found: Vec<KeptWhole> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for w in written {
        for part in slash_parts(w) {
            let Some((rest, owner)) = splitter.lone_piece(part) else {
                continue;
            };
            let i = *at.entry(identity(part)).or_insert_with(|| {
                found.push(KeptWhole {
                    part,
                    rest,
                    owner,
                    written_in: Vec::new(),
                });
                found.len() - 1
            });
            found[i].written_in.push(w);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aliases(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(c, s)| (c.to_string(), s.iter().map(|x| x.to_string()).collect()))
            .collect()
    }

    #[test]
    fn the_alias_line_names_the_kept_spelling_and_the_joined_one() {
        let line = AliasLine::joining(
            "Head of Equalities",
            "Head of Equalities",
            ("Head of Equalities", "Head of Equality"),
            &BTreeMap::new(),
        );
        assert_eq!(
            line.to_string(),
            "add this line under [owners.aliases] in plansite.toml: \
             \"Head of Equalities\" = [\"Head of Equality\"]"
        );
    }

    #[test]
    fn the_alias_line_keeps_the_spellings_aliases_already_join() {
        let existing = aliases(&[
            (
                "Nottinghamshire Healthcare NHS Foundation Trust",
                &["Director of Nottinghamshire Healthcare NHS Trust"],
            ),
            ("Head of OMU", &["Head of Offender Management"]),
        ]);
        let line = AliasLine::joining(
            "Nottinghamshire Healthcare NHS Foundation Trust",
            "Director of Nottinghamshire Healthcare NHS Trust",
            ("Head of OMU", "Head of Offender Management"),
            &existing,
        );
        assert_eq!(
            line.to_string(),
            "replace the line of \"Nottinghamshire Healthcare NHS Foundation Trust\" and \"Head of OMU\" \
             under [owners.aliases] in plansite.toml with: \
             \"Nottinghamshire Healthcare NHS Foundation Trust\" = [\"Director of Nottinghamshire Healthcare NHS Trust\", \
             \"Head of OMU\", \"Head of Offender Management\"]"
        );
    }

    #[test]
    fn names_are_quoted_as_toml_reads_them() {
        assert_eq!(
            quoted("Head of \"Safer\" Custody\\"),
            r#""Head of \"Safer\" Custody\\""#
        );
        let line = format!("x = {}", quoted("A \"B\" \\ C\u{7}"));
        let value: toml::Table = toml::from_str(&line).unwrap();
        assert_eq!(value["x"].as_str(), Some("A \"B\" \\ C\u{7}"));
    }
}
