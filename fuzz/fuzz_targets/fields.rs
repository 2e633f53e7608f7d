//! The field reader on any layout: lines of cells at any place, size and page, with any own
//! names. It must never panic, and every field it fills must carry its evidence.
#![no_main]
use claimdrop::stage::extract::fields::{self, Known};
use claimdrop::stage::extract::layout::{Cell, Layout, Line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut rows = text.split('\n');
    // The first line: the partner's own names.
    let own: Vec<String> = rows
        .next()
        .unwrap_or("")
        .split(',')
        .map(str::to_string)
        .collect();
    let mut y = 800.0f32;
    let lines: Vec<Line> = rows
        .map(|row| {
            // Two leading bytes place the line: its page, the gap above it, its cells' spacing.
            let b: Vec<u8> = row.bytes().take(2).collect();
            let (b0, b1) = (
                b.first().copied().unwrap_or(0),
                b.get(1).copied().unwrap_or(0),
            );
            y -= f32::from(b1 % 64);
            let page = match b0 % 5 {
                4 => u32::MAX,
                n => 1 + u32::from(n),
            };
            let step = 20.0 + f32::from(b0 % 150);
            let width = 5.0 + f32::from(b1 % 200);
            Line {
                page,
                y,
                cells: row
                    .split('|')
                    .enumerate()
                    .map(|(c, cell)| Cell {
                        x0: c as f32 * step,
                        x1: c as f32 * step + width,
                        text: cell.to_string(),
                        size: 1.0 + f32::from(b0 % 20),
                    })
                    .collect(),
            }
        })
        .collect();
    let known = Known {
        own_names: &own,
        explain: false,
    };
    let (found, evidence) = fields::read(&Layout { lines }, known);
    for name in claimdrop::domain::Fields::NAMES {
        assert_eq!(
            found.text(name).is_some(),
            evidence.contains_key(name),
            "{name}"
        );
    }
});
