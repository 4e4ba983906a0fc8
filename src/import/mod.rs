//! `plansite import`: published action plans (text exports) into content files.
//!
//! The stages mirror the document: decode the bytes ([`text`]), find the
//! action-plan table ([`table`]), read the plan's header ([`header`]) and
//! summary ([`totals`]), turn rows into recommendations ([`plan`]), then write
//! a content file the loader reads back. Nothing is written for a file that is
//! not such a plan, and no content file is overwritten without `--force`.

pub(crate) mod cells;
mod header;
mod plan;
mod runs;
mod table;
mod text;
mod totals;

use std::path::{Path, PathBuf};

use crate::content::{
    ActionPlan, EntryKind, InspectionPeriod, InspectionVisit, PrisonProfile, unplaced,
};
use crate::diagnostics::{Diagnostic, Position, plural};
use crate::model::counts::{Counts, declared_mismatches};
use crate::model::decision::DecisionClass;

/// A plan read from an export, ready to be written as content files.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The prison's slug, e.g. `leicester`.
    pub prison: String,
    /// The content file's name without `.md`, e.g. `leicester-2018`.
    pub stem: String,
    pub profile: PrisonProfile,
    pub plan: ActionPlan,
    /// The plan's introduction, in Markdown.
    pub introduction: String,
    /// What was kept as written but not understood, for the terminal: the
    /// plan's words are never an error, but the editor should know.
    pub warnings: Vec<Diagnostic>,
}

/// Imports each file into `out`; true when all of them were imported.
pub fn run(files: &[PathBuf], out: &Path, force: bool) -> bool {
    let mut ok = true;
    for file in files {
        match import_file(file, out, force) {
            Ok(summary) => println!("{summary}"),
            Err(problem) => {
                problem.emit();
                ok = false;
            }
        }
    }
    ok
}

fn import_file(file: &Path, out: &Path, force: bool) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(file)
        .map_err(|err| Diagnostic::error(file, format!("cannot read: {err}")))?;
    let imported = read_export(file, &bytes)?;
    let plan_path = out
        .join("inspections")
        .join(format!("{}.md", imported.stem));
    let profile_path = out.join("prisons").join(format!("{}.md", imported.prison));
    if plan_path.exists() && !force {
        return Err(
            Diagnostic::error(&plan_path, "already exists; nothing was written")
                .help("pass --force to replace it, or --out DIR to write elsewhere"),
        );
    }
    write_atomically(&plan_path, &plan_file(&imported)?)?;
    for warning in &imported.warnings {
        warning.emit();
    }
    for mismatch in totals_mismatches(&imported.plan) {
        Diagnostic::warning(file, mismatch)
            .help("the plan's summary table disagrees with its rows; the rows were imported as written")
            .emit();
    }
    let mut made_profile = "";
    if !profile_path.exists() {
        let profile = profile_file(&imported.profile)?;
        write_atomically(&profile_path, &profile)?;
        made_profile = " and a new prison profile";
    }
    Ok(format!(
        "imported {} -> {}{made_profile}: {}",
        file.display(),
        plan_path.display(),
        describe(&imported.plan)
    ))
}

/// Reads an export's bytes, in whatever encoding the exporter used, into a plan.
pub fn read_export(file: &Path, bytes: &[u8]) -> Result<Imported, Diagnostic> {
    read_plan(file, &text::decode(bytes))
}

/// Reads an export's text into a plan; `file` names it in messages.
pub fn read_plan(file: &Path, text: &str) -> Result<Imported, Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let table = table::find(&lines).ok_or_else(|| {
        Diagnostic::error(file, "not an action plan: no action-plan table was found").help(
            "expected a tab-separated header row such as `1. Rec No<TAB>2. Recommendation<TAB>3. Agreed/ Partly Agreed/ Not Agreed<TAB>4. Response<TAB>5. Responsible Owner<TAB>6. Target Date`",
        )
    })?;
    let header = header::read(&lines[..table.header_index]);
    let recommendations = plan::recommendations(&table);
    if recommendations.is_empty() {
        return Err(Diagnostic::error(
            file,
            "not an action plan: its table has no numbered recommendations or concerns",
        )
        .help("each row of the plan should start with its reference, such as `5.1` or `1.`"));
    }
    let name = header.prison_name.clone().ok_or_else(|| {
        Diagnostic::error(file, "cannot tell which prison the plan is for")
            .help("the plan's header should name it, as in `Action Plan: HMP Leicester` or `ESTABLISHMENT: HMP LEICESTER`")
    })?;
    let prison = prison_slug(&name);
    let year = header
        .report_published
        .or(header.action_plan_submitted)
        .or(header.inspection_periods.last().map(|p| p.to))
        .map(|d| chrono::Datelike::year(&d).to_string())
        .ok_or_else(|| {
            Diagnostic::error(
                file,
                "cannot tell the plan's year: no report publication or submission date was found",
            )
            .help("the plan's header should say `Report Published 31 May 2018` or similar")
        })?;
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| unplaced(d.format("%Y-%m-%d").to_string()));
    let mut warnings = Vec::new();
    if header.inspection_unread() {
        let written = header.inspection_written.as_deref().unwrap_or_default();
        warnings.push(
            Diagnostic::warning(
                file,
                format!("the inspection's dates `{written}` were not read as dates; they are kept as written"),
            )
            .at(header.inspection_line.map(|line| Position { line: line as u64, column: 1 }))
            .help("the plan page shows the words as written; to date the inspection, give `from`/`to` or `periods` under `inspection:` in the content file"),
        );
    }
    let inspection = inspection_visit(&header);
    let source = Some(match header.action_plan_submitted {
        Some(date) => format!(
            "Action Plan: {name}, submitted {}",
            date.format("%-d %B %Y")
        ),
        None => format!("Action Plan: {name}"),
    });
    let plan = ActionPlan {
        prison: unplaced(prison.clone()),
        report_published: iso(header.report_published),
        action_plan_submitted: iso(header.action_plan_submitted),
        inspection,
        source,
        declared_totals: totals::read(&lines[table.end_index..]),
        recommendations,
    };
    Ok(Imported {
        stem: format!("{prison}-{year}"),
        prison,
        profile: PrisonProfile {
            name,
            ..PrisonProfile::default()
        },
        plan,
        introduction: introduction(&lines[..table.header_index]),
        warnings,
    })
}

/// The header's inspection as content: one period as `from`/`to`, the
/// form every earlier file uses, several under `periods`; the words as
/// written beside them. None when the header says nothing of it.
fn inspection_visit(header: &header::PlanHeader) -> Option<InspectionVisit> {
    let iso = |d: chrono::NaiveDate| unplaced(d.format("%Y-%m-%d").to_string());
    let mut visit = InspectionVisit {
        written: header.inspection_written.clone(),
        kind: header.inspection_kind.clone(),
        ..InspectionVisit::default()
    };
    match header.inspection_periods.as_slice() {
        [] => {}
        [one] => {
            visit.from = Some(iso(one.from));
            visit.to = Some(iso(one.to));
        }
        several => {
            visit.periods = several
                .iter()
                .map(|p| InspectionPeriod {
                    from: iso(p.from),
                    to: (p.to != p.from).then(|| iso(p.to)),
                })
                .collect();
        }
    }
    (visit.written.is_some() || visit.kind.is_some()).then_some(visit)
}

/// "HMP Leicester" → "leicester"; "HMP & YOI Example Town" → "example-town".
fn prison_slug(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "" | "hmp" | "hmyoi" | "yoi" | "hm" | "prison" | "irc" | "stc"
            )
        })
        .collect();
    crate::slug::from_words(&words.join(" "), "prison")
}

/// The plan's introduction: its paragraphs, and the definitions table as a Markdown table.
fn introduction(lines: &[&str]) -> String {
    let Some(start) = lines.iter().position(|l| {
        l.trim()
            .trim_start_matches('#')
            .trim()
            .eq_ignore_ascii_case("introduction")
    }) else {
        return String::new();
    };
    let mut blocks: Vec<String> = Vec::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    for line in &lines[start + 1..] {
        let line = line.trim();
        if line.starts_with('#')
            || line.to_uppercase().starts_with("ACTION PLAN")
            || line.to_uppercase().starts_with("ESTABLISHMENT")
        {
            break;
        }
        if line.contains('\t') {
            table.push(
                line.split('\t')
                    .map(|c| cells::to_markdown(c).replace('\n', " "))
                    .collect(),
            );
            continue;
        }
        if !table.is_empty() {
            blocks.push(markdown_table(&std::mem::take(&mut table)));
        }
        if !line.is_empty() {
            blocks.push(cells::to_markdown(line));
        }
    }
    if !table.is_empty() {
        blocks.push(markdown_table(&table));
    }
    blocks.join("\n\n")
}

fn markdown_table(rows: &[Vec<String>]) -> String {
    let Some((head, body)) = rows.split_first() else {
        return String::new();
    };
    let row = |cells: &[String]| format!("| {} |", cells.join(" | "));
    let rule = format!("|{}|", vec![" --- "; head.len()].join("|"));
    std::iter::once(row(head))
        .chain(std::iter::once(rule))
        .chain(body.iter().map(|r| row(r)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders the plan's content file: YAML front matter, then the introduction.
pub fn plan_file(imported: &Imported) -> Result<String, Diagnostic> {
    let body = if imported.introduction.is_empty() {
        String::new()
    } else {
        format!("{}\n", imported.introduction)
    };
    front_matter_file(&imported.plan, &body)
}

fn front_matter_file<T: serde::Serialize>(front: &T, body: &str) -> Result<String, Diagnostic> {
    let options = serde_saphyr::ser_options! { folded_wrap_chars: 100 };
    let yaml = serde_saphyr::to_string_with_options(front, options)
        .map_err(|err| Diagnostic::error("<import>", format!("cannot write YAML: {err}")))?;
    Ok(format!("---\n{yaml}---\n\n{body}"))
}

/// A new prison profile: its name, with the editor's guidance in a YAML
/// comment, which no page shows (text after the front matter is the
/// prison's public introduction, so the file has none until an editor
/// writes one).
fn profile_file(profile: &PrisonProfile) -> Result<String, Diagnostic> {
    let file = front_matter_file(profile, "")?;
    Ok(file.replacen("---\n", PROFILE_GUIDANCE, 1))
}

/// What a new profile tells its editor, as YAML comments.
const PROFILE_GUIDANCE: &str = "---\n\
# Add what is known of the prison (type, category, capacity, operator), each
# fact with the document it comes from under `sources`. Text written after
# the closing --- is shown on the prison's page.
";

/// Writes through a temporary file and a rename, so a failed write leaves nothing half-done.
fn write_atomically(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let fail = |err: std::io::Error| Diagnostic::error(path, format!("cannot write: {err}"));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let temporary = path.with_extension("md.partial");
    std::fs::write(&temporary, text).map_err(fail)?;
    std::fs::rename(&temporary, path).map_err(fail)
}

/// Where the plan's summary table disagrees with its rows, as `check` reports it.
fn totals_mismatches(plan: &ActionPlan) -> Vec<String> {
    let Some(declared) = &plan.declared_totals else {
        return Vec::new();
    };
    let mut rows = Counts::default();
    for entry in &plan.recommendations {
        let label = entry
            .decision
            .as_ref()
            .map(|d| d.value.as_str())
            .unwrap_or("");
        // As the build counts it: a label the reader does not read is other.
        let class = DecisionClass::from_label(label).unwrap_or(DecisionClass::Other);
        rows.add_item(entry.kind, class, None);
    }
    declared_mismatches(declared, &rows)
}

/// One line on what was imported, for the terminal.
fn describe(plan: &ActionPlan) -> String {
    let count = |kind: EntryKind| {
        plan.recommendations
            .iter()
            .filter(|r| r.kind == kind)
            .count()
    };
    let actions: usize = plan.recommendations.iter().map(|r| r.actions.len()).sum();
    let mut parts = Vec::new();
    for kind in [
        EntryKind::Recommendation,
        EntryKind::PriorityConcern,
        EntryKind::KeyConcern,
        EntryKind::Housekeeping,
    ] {
        let n = count(kind);
        if n > 0 {
            parts.push(format!("{n} {}", plural(n, &kind.label().to_lowercase())));
        }
    }
    format!("{}, {actions} actions", parts.join(", "))
}
