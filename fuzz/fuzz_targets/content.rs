//! A plan file as `content/` holds it, on any bytes: loaded, derived into a
//! site and its Markdown rendered, or refused with a message; never a panic.
#![no_main]

use std::path::Path;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use plansite::config::Config;
use plansite::content::{self, ActionPlan, Content, PrisonProfile};
use plansite::model::{self, as_of};
use plansite::render::markdown;

fuzz_target!(|bytes: &[u8]| {
    let rel = Path::new("content/inspections/fuzz-2020.md");
    let Ok(plan) = content::parse_bytes::<ActionPlan>(rel, bytes) else {
        return;
    };
    let prison = content::parse_file::<PrisonProfile>(
        Path::new("content/prisons/fuzz.md"),
        "---\nname: HMP Fuzz\n---\n",
    )
    .expect("a fixed profile parses");
    let loaded = Content {
        prisons: vec![Arc::new(prison)],
        plans: vec![Arc::new(plan)],
    };
    let today = as_of::AsOf {
        date: chrono::NaiveDate::from_ymd_opt(2020, 6, 1).expect("a real date"),
        source: as_of::AsOfSource::CommandLine,
    };
    let (site, _) = model::derive(&Config::default(), &loaded, today);
    for plan in &site.plans {
        markdown::to_html(&plan.body);
    }
    for response in site
        .recommendations
        .iter()
        .filter_map(|r| r.response.as_ref())
    {
        markdown::to_html(response);
    }
});
