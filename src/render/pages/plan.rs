//! An action plan's page: metadata, counts and its items grouped as the plan groups them.

use super::*;

/// The inspection's periods and the plan's words for them, for a template
/// that lays them out itself (the facts already say them in one phrase).
#[derive(Serialize)]
pub(super) struct InspectionView<'a> {
    periods: Vec<PeriodView>,
    written: Option<&'a str>,
}

/// One period's first and last day.
#[derive(Serialize)]
struct PeriodView {
    from: Day,
    to: Day,
}

impl<'a> InspectionView<'a> {
    fn of(inspection: &'a crate::model::Inspection) -> Self {
        InspectionView {
            periods: inspection
                .periods
                .iter()
                .map(|p| PeriodView {
                    from: Day::of(p.from),
                    to: Day::of(p.to),
                })
                .collect(),
            written: inspection.written.as_deref(),
        }
    }
}

/// A run of a plan's recommendations under one heading, as the plan groups them.
#[derive(Serialize)]
pub(super) struct Group<'a> {
    section: Option<&'a str>,
    area: Option<&'a str>,
    /// Whether the section heading starts here (the first of its areas).
    new_section: bool,
    cards: Vec<Shown>,
}

#[derive(Serialize)]
pub(super) struct PlanPage<'a> {
    title: String,
    plan: Converted<PlanLink<'a>>,
    prison: Converted<Link<'a>>,
    facts: Vec<Fact>,
    inspection: InspectionView<'a>,
    source: Option<&'a str>,
    body_html: String,
    counts: CountsView,
    declared_mismatches: &'a [String],
    groups: Vec<Group<'a>>,
    themes: Vec<Converted<Link<'a>>>,
    owners: Vec<Converted<Link<'a>>>,
    other_plans: Vec<Converted<PlanLink<'a>>>,
}

pub(super) fn plan<'a>(views: &Views<'a>, index: Ix<Plan>) -> PlanPage<'a> {
    let site = views.site;
    let p = &site.plans[index];
    let link = views.plans[index.get()].clone();
    let facts = [
        fact(
            "Report published",
            p.report_published.map(|d| Day::of(d).text),
        ),
        fact(
            "Action plan submitted",
            p.action_plan_submitted.map(|d| Day::of(d).text),
        ),
        fact("Inspected", inspected(p)),
        fact("Kind of inspection", p.inspection.kind.clone()),
    ];
    let mut groups: Vec<Group> = Vec::new();
    let mut themes: Vec<usize> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    for &r in &p.recommendations {
        let card = views.card(r);
        let rec = &site.recommendations[r];
        themes.extend(&rec.themes);
        owners.extend(
            rec.actions
                .iter()
                .flat_map(|&a| site.actions[a].owners.iter()),
        );
        match groups.last_mut() {
            Some(g) if g.section == card.section && g.area == card.area => {
                g.cards.push(views.card_value(r));
            }
            last => {
                let new_section = last.is_none_or(|g| g.section != card.section);
                groups.push(Group {
                    section: card.section,
                    area: card.area,
                    new_section,
                    cards: vec![views.card_value(r)],
                });
            }
        }
    }
    themes.sort_unstable();
    themes.dedup();
    owners.sort_unstable();
    owners.dedup();
    let prison = &site.prisons[p.prison];
    PlanPage {
        title: link.title.clone(),
        prison: views.prisons[p.prison].clone(),
        plan: link,
        facts: facts.into_iter().flatten().collect(),
        inspection: InspectionView::of(&p.inspection),
        source: p.source.as_deref(),
        body_html: views.markdown(&p.body).html.to_string(),
        counts: CountsView::of(&p.counts),
        declared_mismatches: &p.declared_mismatches,
        groups,
        themes: themes.iter().map(|&t| views.themes[t].clone()).collect(),
        owners: owners.iter().map(|&o| views.owners[o].clone()).collect(),
        other_plans: prison
            .plans
            .iter()
            .filter(|&&other| other != index)
            .map(|&other| views.plans[other.get()].clone())
            .collect(),
    }
}
