//! Recurring concerns: the same theme raised at the same prison in different inspections.
//!
//! Whether a problem keeps coming back is one of the questions the site exists
//! to answer. Recommendations are grouped by (prison, theme) in one pass, so
//! the work grows with the number of recommendations, never with its square;
//! a page lists a group's other members instead of storing every pair.

use std::collections::HashMap;

use serde::Serialize;

use super::{Ix, Plan, Recommendation};

/// The recommendations of one prison and theme, from at least two plans.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recurrence {
    /// Index into `Site::prisons`.
    pub prison: usize,
    /// Index into `Site::themes`.
    pub theme: usize,
    /// In plan order.
    pub plans: Vec<Ix<Plan>>,
    /// In plan order.
    pub recommendations: Vec<Ix<Recommendation>>,
}

/// One recommendation as grouping needs it: where it is and what it is about.
pub struct Placed<'a> {
    pub prison: usize,
    pub plan: Ix<Plan>,
    pub themes: &'a [usize],
}

/// Groups recommendations (given in plan order) that share prison and theme across plans.
pub fn link<'a>(recommendations: impl IntoIterator<Item = Placed<'a>>) -> Vec<Recurrence> {
    let mut groups: HashMap<(usize, usize), Recurrence> = HashMap::new();
    for (index, placed) in recommendations.into_iter().enumerate() {
        for &theme in placed.themes {
            let group = groups
                .entry((placed.prison, theme))
                .or_insert_with(|| Recurrence {
                    prison: placed.prison,
                    theme,
                    plans: Vec::new(),
                    recommendations: Vec::new(),
                });
            if group.plans.last() != Some(&placed.plan) {
                group.plans.push(placed.plan);
            }
            group.recommendations.push(Ix::new(index));
        }
    }
    let mut linked: Vec<Recurrence> = groups
        .into_values()
        .filter(|group| group.plans.len() > 1)
        .collect();
    linked.sort_by_key(|group| (group.prison, group.theme));
    linked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_themes_raised_in_two_plans_of_one_prison_recur() {
        let health = [0];
        let safety = [1];
        let both = [0, 1];
        let placed = [
            Placed {
                prison: 0,
                plan: Ix::new(0),
                themes: &health,
            },
            Placed {
                prison: 0,
                plan: Ix::new(0),
                themes: &both,
            },
            Placed {
                prison: 0,
                plan: Ix::new(1),
                themes: &health,
            },
            Placed {
                prison: 1,
                plan: Ix::new(2),
                themes: &safety,
            },
            Placed {
                prison: 1,
                plan: Ix::new(3),
                themes: &health,
            },
        ];
        let linked = link(placed);
        assert_eq!(
            linked,
            [Recurrence {
                prison: 0,
                theme: 0,
                plans: vec![Ix::new(0), Ix::new(1)],
                recommendations: vec![Ix::new(0), Ix::new(1), Ix::new(2)],
            }]
        );
    }
}
