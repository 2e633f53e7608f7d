//! A page as a person reads it: lines top to bottom, each split into cells where the gap between
//! words is wider than a space. PDF text and spreadsheet rows both become a `Layout`, so one
//! field reader serves both: a label's value is the rest of its cell, the next cell on its line,
//! the cell before it (labels right of values), or the cell below it (labels above values).

/// A piece of text placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    /// Baseline; larger is higher on the page.
    pub y: f32,
    pub end: f32,
    pub size: f32,
    pub text: String,
    /// Page number, from 1.
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub x0: f32,
    pub x1: f32,
    pub text: String,
    pub size: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub page: u32,
    pub y: f32,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub lines: Vec<Line>,
}

impl Layout {
    /// Rebuilds lines and cells from runs in any order.
    pub fn from_runs(mut runs: Vec<Run>) -> Layout {
        runs.retain(|r| !r.text.trim().is_empty() && r.x.is_finite() && r.y.is_finite());
        runs.sort_by(|a, b| {
            a.page
                .cmp(&b.page)
                .then(b.y.partial_cmp(&a.y).unwrap_or(std::cmp::Ordering::Equal))
                .then(a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal))
        });
        let mut grouped: Vec<(u32, f32, f32, Vec<Run>)> = Vec::new();
        for run in runs {
            let joins = grouped.last().is_some_and(|(page, y, size, _)| {
                *page == run.page && (y - run.y).abs() <= 0.45 * size.max(run.size).max(1.0)
            });
            match grouped.last_mut() {
                Some((_, _, size, members)) if joins => {
                    *size = size.max(run.size);
                    members.push(run);
                }
                _ => grouped.push((run.page, run.y, run.size, vec![run])),
            }
        }
        let lines = grouped
            .into_iter()
            .map(|(page, y, _, mut members)| {
                members.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap_or(std::cmp::Ordering::Equal));
                Line {
                    page,
                    y,
                    cells: cells_of(members),
                }
            })
            .collect();
        Layout { lines }
    }

    /// The page as text: a line per line, cells apart by two spaces or more.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            let cells: Vec<&str> = line.cells.iter().map(|c| c.text.as_str()).collect();
            out.push_str(&cells.join("   "));
            out.push('\n');
        }
        out
    }
}

/// Joins a line's runs: a gap wider than a font size starts a new cell, a gap wider than a
/// fraction of it is a space.
fn cells_of(runs: Vec<Run>) -> Vec<Cell> {
    let mut cells: Vec<Cell> = Vec::new();
    for run in runs {
        let size = run.size.max(1.0);
        match cells.last_mut() {
            Some(cell) if run.x - cell.x1 < 1.0 * size => {
                let gap = run.x - cell.x1;
                if gap > 0.15 * size && !cell.text.ends_with(' ') && !run.text.starts_with(' ') {
                    cell.text.push(' ');
                }
                cell.text.push_str(&run.text);
                cell.x1 = cell.x1.max(run.end);
                cell.size = cell.size.max(run.size);
            }
            _ => cells.push(Cell {
                x0: run.x,
                x1: run.end,
                text: run.text,
                size: run.size,
            }),
        }
    }
    for cell in &mut cells {
        let collapsed: Vec<&str> = cell.text.split_whitespace().collect();
        cell.text = collapsed.join(" ");
    }
    cells.retain(|c| !c.text.is_empty());
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x: f32, y: f32, text: &str) -> Run {
        Run {
            x,
            y,
            end: x + text.chars().count() as f32 * 5.0,
            size: 10.0,
            text: text.into(),
            page: 1,
        }
    }

    #[test]
    fn runs_become_lines_and_cells() {
        let layout = Layout::from_runs(vec![
            run(300.0, 700.0, "MK-1424/24"),
            run(50.0, 700.5, "Rechnungsnummer"),
            run(50.0, 680.0, "Rechnungsdatum"),
            run(300.0, 680.0, "21."),
            run(318.0, 680.0, "August"),
            run(350.0, 680.0, "2024"),
        ]);
        assert_eq!(layout.lines.len(), 2);
        let first: Vec<&str> = layout.lines[0]
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(first, vec!["Rechnungsnummer", "MK-1424/24"]);
        let second: Vec<&str> = layout.lines[1]
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(second, vec!["Rechnungsdatum", "21. August 2024"]);
    }
}
