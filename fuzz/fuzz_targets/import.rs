//! `plansite import` on any bytes: it either refuses the file with a message
//! or writes a content file that the content loader reads back.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use plansite::content::{self, ActionPlan};
use plansite::import;

fuzz_target!(|bytes: &[u8]| {
    let Ok(imported) = import::read_export(Path::new("plan.txt"), bytes) else {
        return;
    };
    let Ok(text) = import::plan_file(&imported) else {
        return;
    };
    let rel = format!("content/inspections/{}.md", imported.stem);
    if let Err(problem) = content::parse_file::<ActionPlan>(Path::new(&rel), &text) {
        panic!("import wrote a plan the loader refuses: {problem:?}\n{text}");
    }
});
