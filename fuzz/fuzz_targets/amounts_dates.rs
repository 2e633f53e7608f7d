//! The amount and date parsers, and the field reader over lines of text.
#![no_main]
use claimdrop::stage::extract::layout::{Cell, Layout, Line};
use claimdrop::stage::extract::{fields, locale};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = locale::amounts_in(text);
    let _ = locale::dates_in(text, locale::Conventions { month_first: true });
    let _ = locale::parse_number(text);
    let lines = text
        .lines()
        .enumerate()
        .map(|(i, line)| Line {
            page: 1,
            y: -(i as f32),
            cells: line
                .split('|')
                .enumerate()
                .map(|(c, cell)| Cell {
                    x0: c as f32 * 100.0,
                    x1: c as f32 * 100.0 + 90.0,
                    text: cell.to_string(),
                    size: 10.0,
                })
                .collect(),
        })
        .collect();
    let _ = fields::read(&Layout { lines }, fields::Known::default());
});
