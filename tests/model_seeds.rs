//! The derived model of the repository's own site, which holds the real seed plans.

use std::path::Path;

use plansite::model::{self, Site};

fn seed_site() -> (Site, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = model::load(root, Some("2019-01-01"));
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "the repository's content has errors: {errors:#?}"
    );
    let warnings = loaded
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    (loaded.site, warnings)
}

fn themes_of(site: &Site, plan: &str, reference: &str) -> Vec<String> {
    let plan = site.plans.iter().position(|p| p.path == plan).unwrap();
    let found = site.plans[plan]
        .recommendations
        .iter()
        .map(|&r| &site.recommendations[r])
        .find(|r| r.reference.trim_end_matches('.') == reference)
        .unwrap();
    found
        .themes
        .iter()
        .map(|&t| site.themes[t].slug.clone())
        .collect()
}

#[test]
fn every_seed_recommendation_has_a_theme() {
    let (site, _) = seed_site();
    assert_eq!(site.plans.len(), 3);
    for r in &site.recommendations {
        assert!(
            !r.themes.is_empty(),
            "{}{} has no theme: {}",
            site.plans[r.plan].path,
            r.reference,
            r.text
        );
    }
}

#[test]
fn leicester_2025_concerns_get_themes_from_their_words() {
    let (site, _) = seed_site();
    let plan = "prisons/leicester/2025/";
    let cases: [(&str, &[&str]); 6] = [
        ("1", &["safety"]),
        ("2", &["safety", "health"]),
        ("7", &["respect"]),
        ("8", &["health"]),
        ("11", &["education"]),
        ("14", &["rehabilitation"]),
    ];
    for (reference, expected) in cases {
        assert_eq!(
            themes_of(&site, plan, reference),
            expected,
            "concern {reference}"
        );
    }
}

#[test]
fn littlehey_declares_one_partly_accepted_more_than_its_rows() {
    let (_, warnings) = seed_site();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("declares 5 recommendations partly agreed; its rows hold 4")),
        "{warnings:#?}"
    );
}

#[test]
fn owners_of_the_seeds_are_split_and_joined() {
    let (site, _) = seed_site();
    let slugs: Vec<&str> = site.owners.iter().map(|o| o.slug.as_str()).collect();
    for expected in [
        "governor",
        "people-plus",
        "practice-plus-group",
        "head-of-learning-and-skills",
    ] {
        assert!(
            slugs.contains(&expected),
            "{expected} missing from {slugs:?}"
        );
    }
    assert!(
        !slugs.iter().any(|s| s.contains("trust-and-governor")),
        "{slugs:?}"
    );
    let reducing = site
        .owners
        .iter()
        .find(|o| o.slug == "head-of-reducing-reoffending")
        .unwrap();
    assert_eq!(reducing.spellings.len(), 2);
}
