//! Themes (topics) and how a recommendation is put into them.
//!
//! Readers ask "what was promised about health, everywhere?", but plans file
//! recommendations under headings that changed over the years, and recent
//! plans have no headings at all. So a recommendation's themes come from its
//! area and section headings, or failing those from keywords in its text; the
//! built-in rules follow HMIP's healthy prison tests and a site can replace or
//! extend them in `plansite.toml`.

use regex::RegexSet;

use crate::config::ThemeRule;

/// The compiled theme rules of a site, built once and shared by every recommendation.
#[derive(Clone, Debug)]
pub struct ThemeRules {
    rules: Vec<ThemeRule>,
    headings: RegexSet,
    keywords: RegexSet,
}

impl ThemeRules {
    /// The built-in rules with the site's own laid over them (same slug replaces, new slug adds).
    pub fn new(overrides: &[ThemeRule]) -> Result<ThemeRules, String> {
        let mut rules = default_rules();
        for rule in overrides {
            match rules.iter_mut().find(|r| r.slug == rule.slug) {
                Some(existing) => *existing = rule.clone(),
                None => rules.push(rule.clone()),
            }
        }
        let headings = phrase_set(rules.iter().map(|r| &r.headings))?;
        let keywords = phrase_set(rules.iter().map(|r| &r.keywords))?;
        Ok(ThemeRules {
            rules,
            headings,
            keywords,
        })
    }

    /// The built-in rules alone; should even they fail to compile, no themes at all.
    /// Compiled once per process: a site without rules of its own (most
    /// sites) is derived again on every `serve` rebuild.
    pub fn builtin() -> ThemeRules {
        static BUILT_IN: std::sync::LazyLock<ThemeRules> = std::sync::LazyLock::new(|| {
            ThemeRules::new(&[]).unwrap_or_else(|_| ThemeRules {
                rules: Vec::new(),
                headings: RegexSet::empty(),
                keywords: RegexSet::empty(),
            })
        });
        BUILT_IN.clone()
    }

    /// The themes in the order pages list them.
    pub fn rules(&self) -> &[ThemeRule] {
        &self.rules
    }

    /// The index of the theme with this slug, for explicit `themes:` entries.
    pub fn find(&self, slug: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.slug == slug)
    }

    /// The slugs a site may name, for help lines.
    pub fn slugs(&self) -> String {
        let slugs: Vec<&str> = self.rules.iter().map(|r| r.slug.as_str()).collect();
        slugs.join(", ")
    }

    /// Theme indices from the headings, else from keywords in the text; sorted, no repeats.
    pub fn assign(&self, headings: &[Option<&str>], text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = headings
            .iter()
            .flatten()
            .flat_map(|heading| self.headings.matches(heading).into_iter())
            .collect();
        if found.is_empty() {
            found = self.keywords.matches(text).into_iter().collect();
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// One pattern per theme matching any of its phrases on word boundaries, ignoring case.
fn phrase_set<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Result<RegexSet, String> {
    let patterns: Vec<String> = lists.map(|phrases| any_phrase(phrases)).collect();
    RegexSet::new(&patterns).map_err(|err| format!("theme rules are too large to compile: {err}"))
}

fn any_phrase(phrases: &[String]) -> String {
    let alternatives: Vec<String> = phrases
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|phrase| {
            let edge = |c: Option<char>| {
                if c.is_some_and(char::is_alphanumeric) {
                    r"\b"
                } else {
                    ""
                }
            };
            let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
            format!(
                "{}{}{}",
                edge(phrase.chars().next()),
                words.join(r"\s+"),
                edge(phrase.chars().last())
            )
        })
        .collect();
    if alternatives.is_empty() {
        // A theme with no phrases is only reached through explicit `themes:`.
        return r"[^\s\S]".into();
    }
    format!("(?i)(?:{})", alternatives.join("|"))
}

fn rule(slug: &str, name: &str, description: &str, headings: &str, keywords: &str) -> ThemeRule {
    let list = |s: &str| s.split(';').map(|p| p.trim().to_string()).collect();
    ThemeRule {
        slug: slug.into(),
        name: name.into(),
        description: description.into(),
        headings: list(headings),
        keywords: list(keywords),
    }
}

/// The built-in themes: HMIP's healthy prison tests, with health split out of respect.
pub fn default_rules() -> Vec<ThemeRule> {
    vec![
        rule(
            "safety",
            "Safety",
            "Early days in custody, managing behaviour, violence, self-harm, security, drugs, use of force and safeguarding.",
            "safety; early days; first days; reception; induction; managing behaviour; behaviour; \
             bullying; violence; violence reduction; self-harm; suicide; safeguarding; security; \
             discipline; use of force; segregation; incentives; drugs; safer custody; escort",
            "violence; violent; assault; assaults; bullying; self-harm; self harm; suicide; \
             use of force; special accommodation; segregation; security; searching; \
             intelligence; drug; drugs; illicit; mandatory drug test; MDT; safeguarding; \
             safer custody; CSIP; ACCT; adjudication; adjudications; early days; first night; \
             induction; escort; escorts; debt; debts; victims; perpetrators; incentives; IEP; roll check; roll checks",
        ),
        rule(
            "respect",
            "Respect and living conditions",
            "Daily life, living conditions, relationships with staff, equality, faith, complaints, food and purchases.",
            "respect; daily life; living conditions; residential; cells; staff-prisoner relationships; \
             equality; diversity; faith; religious; chaplaincy; complaints; legal rights; \
             food; catering; purchases; canteen",
            "cell conditions; cell sharing; shared cells; in-cell; living conditions; refurbishment; flooring; windows; showers; laundry; \
             cleanliness; equality; equalities; diversity; protected characteristics; \
             discrimination; disability; disabled; older prisoners; faith; religious; chaplaincy; \
             complaints; complaint; food; meals; catering; kitchen; canteen; purchases; \
             applications; decency; personal emergency evacuation plan; relationships",
        ),
        rule(
            "health",
            "Health and care",
            "Health services, well-being and social care, mental health and substance misuse treatment.",
            "health; healthcare; health care; well-being; wellbeing; social care; mental health; \
             substance misuse",
            "health; healthcare; health care; mental health; patient; patients; medicine; medicines; \
             medication; prescriber; prescribers; prescribing; prescriptions; pharmacy; clinical; \
             nurse; nurses; nursing; dental; dentist; GP; doctor; substance misuse; psychosocial; \
             recovery; detox; detoxification; well-being; wellbeing; social care; long-term conditions; \
             care plan; care plans; Mental Health Act; hospital",
        ),
        rule(
            "education",
            "Education, skills and work",
            "Time out of cell, education, vocational training, work, the library and physical education.",
            "purposeful activity; time out of cell; education; learning; skills; work activities; \
             physical education; PE; gym; library",
            "time out of cell; unlock; unlocked; regime; purposeful activity; education; learning; \
             learners; skills; vocational; qualifications; accreditation; curriculum; workshops; \
             prisoner work; work places; activity places; employment; attendance; punctuality; \
             library; gym; physical education; PE",
        ),
        rule(
            "rehabilitation",
            "Rehabilitation and release",
            "Offender management, public protection, interventions, family contact, resettlement and accommodation on release.",
            "rehabilitation; release; resettlement; reintegration; offender management; \
             public protection; reducing risk; interventions; progression; accommodation; \
             children and families; contact with the outside world; reducing reoffending",
            "offender management; OMU; sentence plan; sentence planning; OASys; reoffending; \
             re-offending; resettlement; release; released; sustainable accommodation; settled accommodation; \
             community accommodation; accommodation services; housing; homeless; homelessness; \
             public protection; MAPPA; probation; CRC; through the gate; transforming rehabilitation; \
             family; families; visits; outside world; accredited programmes; offending behaviour; \
             categorisation; progression; home detention curfew; HDC; ROTL; sex offender",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(
        rules: &ThemeRules,
        area: Option<&str>,
        section: Option<&str>,
        text: &str,
    ) -> Vec<String> {
        rules
            .assign(&[area, section], text)
            .into_iter()
            .map(|i| rules.rules()[i].slug.clone())
            .collect()
    }

    #[test]
    fn headings_decide_ignoring_case() {
        let rules = ThemeRules::new(&[]).unwrap();
        let cases = [
            ("Early Days in Custody", "safety"),
            ("Bullying and violence reduction", "safety"),
            ("Health, well-being and Social Care", "health"),
            ("Time out of cell", "education"),
            ("Catering", "respect"),
            ("Purchases", "respect"),
            ("Reintegration planning", "rehabilitation"),
            ("Interventions", "rehabilitation"),
            (
                "Reducing risk, rehabilitation and progression",
                "rehabilitation",
            ),
            (
                "Children and families and contact with the outside world",
                "rehabilitation",
            ),
            ("Physical education and healthy living", "education"),
        ];
        for (heading, slug) in cases {
            assert_eq!(
                slugs(
                    &rules,
                    Some(heading),
                    None,
                    "The prison should improve cell conditions."
                ),
                vec![slug.to_string()],
                "{heading}"
            );
        }
    }

    #[test]
    fn a_section_heading_counts_when_the_area_has_none() {
        let rules = ThemeRules::new(&[]).unwrap();
        let found = slugs(
            &rules,
            None,
            Some("Recommendations To the governor Bullying and violence reduction"),
            "The prison should address prisoner concerns about debt.",
        );
        assert_eq!(found, vec!["safety"]);
    }

    #[test]
    fn keywords_decide_when_no_heading_names_a_theme() {
        let rules = ThemeRules::new(&[]).unwrap();
        let found = slugs(
            &rules,
            None,
            Some("Main recommendations To the governor"),
            "Patients waited far too long to be transferred to specialist mental health beds.",
        );
        assert_eq!(found, vec!["health"]);
        let several = slugs(
            &rules,
            None,
            Some("Priority concerns"),
            "The positive mandatory drug test (MDT) rate was too high. There were delays in providing substance misuse support.",
        );
        assert_eq!(several, vec!["safety", "health"]);
        assert_eq!(
            slugs(
                &rules,
                None,
                None,
                "Too many prisoners were released homeless."
            ),
            vec!["rehabilitation"]
        );
    }

    #[test]
    fn keywords_match_whole_words_only() {
        let rules = ThemeRules::new(&[]).unwrap();
        // "cell" must not match inside "excellent", nor "PE" inside "people".
        assert!(slugs(&rules, None, None, "Excellent people.").is_empty());
    }

    #[test]
    fn config_replaces_a_builtin_and_adds_new_themes() {
        let rules = ThemeRules::new(&[
            rule("health", "Healthcare", "", "clinic", "clinic"),
            rule("staffing", "Staffing", "", "", "staff shortages"),
        ])
        .unwrap();
        assert_eq!(rules.rules().len(), 6);
        assert_eq!(
            rules.rules()[rules.find("health").unwrap()].name,
            "Healthcare"
        );
        assert!(slugs(&rules, None, None, "Mental health beds.").is_empty());
        assert_eq!(
            slugs(&rules, None, None, "Staff shortages closed the clinic."),
            vec!["health", "staffing"]
        );
    }
}
