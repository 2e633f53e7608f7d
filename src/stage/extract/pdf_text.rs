//! PDF text with its positions: a small content-stream interpreter.
//!
//! lopdf's `extract_text` glues positioned strings together (`ClaimVendorAmount...`) and skips
//! Form XObjects. Here the text state is followed as a viewer does (CTM, text and line
//! matrices, font size, character and word spacing, horizontal scaling, rise), each string is
//! placed and measured with its font's widths (or the standard 14 fonts' metrics), Form
//! XObjects are entered with their own matrix and resources, and the runs are handed to
//! [`Layout`] to become lines and cells. Glyph codes become text through lopdf's font encodings
//! (ToUnicode CMaps, WinAnsi, MacRoman, `/Differences`, Identity-H with ToUnicode).
//!
//! Hostile files are bounded: XObject nesting depth, a visited set, and a cap on runs.

use std::collections::{HashMap, HashSet};

use lopdf::Encoding;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::layout::{Layout, Run};

const MAX_DEPTH: usize = 8;
const MAX_RUNS: usize = 200_000;
pub(crate) const MAX_PAGES: usize = 200;

/// An affine matrix [a b c d e f], row-vector convention as in the PDF spec.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn then(self, other: Matrix) -> Matrix {
        let [a1, b1, c1, d1, e1, f1] = self.0;
        let [a2, b2, c2, d2, e2, f2] = other.0;
        Matrix([
            a1 * a2 + b1 * c2,
            a1 * b2 + b1 * d2,
            c1 * a2 + d1 * c2,
            c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2,
            e1 * b2 + f1 * d2 + f2,
        ])
    }

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn apply(self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn vertical_scale(self) -> f32 {
        let [_, _, c, d, _, _] = self.0;
        (c * c + d * d).sqrt()
    }
}

/// What is needed to turn a font's codes into text and widths.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// The font's ToUnicode map, read by us: code -> text. It comes before the encoding
    /// (ISO 32000-1, 9.10.2): a one-byte font whose `/Differences` name glyphs `/g1`, `/g2`
    /// (a Type 3 fallback glyph such as `₹`) says which letters they are only there.
    unicode: Option<HashMap<u32, String>>,
    two_byte: bool,
    /// A two-byte font whose codes are glyph numbers (`Identity-H`/`-V`) with no ToUnicode
    /// map: its codes say which shape is drawn, not which letter, so it has no text here.
    /// Read as letters they are noise that looks like words; as nothing, a page of them goes
    /// to OCR like a scan.
    glyph_ids: bool,
    first_char: u32,
    widths: Vec<f32>,
    cid_widths: HashMap<u32, f32>,
    default_width: f32,
    standard: Option<&'static [u16; 95]>,
}

impl Font<'_> {
    fn width(&self, code: u32) -> f32 {
        if self.two_byte {
            return self
                .cid_widths
                .get(&code)
                .copied()
                .unwrap_or(self.default_width);
        }
        if let Some(w) = code
            .checked_sub(self.first_char)
            .and_then(|i| self.widths.get(i as usize))
        {
            return *w;
        }
        if let Some(table) = self.standard {
            return code
                .checked_sub(32)
                .and_then(|i| table.get(i as usize))
                .map(|w| f32::from(*w))
                .unwrap_or(556.0);
        }
        self.default_width
    }

    fn codes(&self, bytes: &[u8]) -> Vec<u32> {
        if self.two_byte {
            bytes
                .chunks(2)
                .map(|p| p.iter().fold(0u32, |acc, b| acc * 256 + u32::from(*b)))
                .collect()
        } else {
            bytes.iter().map(|b| u32::from(*b)).collect()
        }
    }

    fn text(&self, bytes: &[u8]) -> String {
        if self.glyph_ids {
            return String::new();
        }
        let by_encoding = |bytes: &[u8]| match &self.encoding {
            Some(encoding) => encoding
                .bytes_to_string(bytes)
                .unwrap_or_else(|_| latin1(bytes)),
            None => latin1(bytes),
        };
        let text = match self.unicode.as_ref() {
            Some(map) if self.two_byte => self
                .codes(bytes)
                .iter()
                .filter_map(|code| map.get(code).map(String::as_str))
                .collect::<String>(),
            // A one-byte code the map leaves out is read by the encoding.
            Some(map) => bytes
                .iter()
                .map(|b| match map.get(&u32::from(*b)) {
                    Some(text) => text.clone(),
                    None => by_encoding(std::slice::from_ref(b)),
                })
                .collect(),
            None => by_encoding(bytes),
        };
        // U+0000 (what some writers map a glyph they cannot name to) stays: it stands for a
        // letter not known, and a word holding it is no value a field takes.
        text.replace('\u{FFFD}', "")
    }
}

fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

#[derive(Clone)]
struct TextState {
    font: Option<Vec<u8>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

impl Default for TextState {
    fn default() -> Self {
        TextState {
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// Every page's text, as lines and cells.
pub fn layout(document: &Document, max_decompressed: usize) -> Layout {
    let mut runs = Vec::new();
    let mut visited = HashSet::new();
    for (number, page_id) in document.get_pages().into_iter().take(MAX_PAGES) {
        let Ok(content) = document.get_page_content_with_limit(page_id, max_decompressed) else {
            continue;
        };
        let resources = page_resources(document, page_id);
        let mut reader = Reader {
            document,
            runs: &mut runs,
            page: number,
            max_decompressed,
            visited: &mut visited,
        };
        reader.interpret(&content, &resources, Matrix::IDENTITY, 0);
    }
    Layout::from_runs(runs)
}

/// The page's resource dictionaries, innermost first (inherited ones after).
fn page_resources(document: &Document, page_id: ObjectId) -> Vec<&Dictionary> {
    let Ok((own, inherited)) = document.get_page_resources(page_id) else {
        return Vec::new();
    };
    let mut all: Vec<&Dictionary> = own.into_iter().collect();
    for id in inherited {
        if let Ok(dict) = document.get_dictionary(id) {
            all.push(dict);
        }
    }
    all
}

struct Reader<'a, 'r> {
    document: &'a Document,
    runs: &'r mut Vec<Run>,
    page: u32,
    max_decompressed: usize,
    visited: &'r mut HashSet<ObjectId>,
}

impl<'a> Reader<'a, '_> {
    fn interpret(
        &mut self,
        content: &[u8],
        resources: &[&'a Dictionary],
        ctm: Matrix,
        depth: usize,
    ) {
        let Ok(content) = Content::decode(content) else {
            return;
        };
        let fonts = self.fonts(resources);
        let mut ctm = ctm;
        let mut stack: Vec<(Matrix, TextState)> = Vec::new();
        let mut state = TextState::default();
        let mut tm = Matrix::IDENTITY;
        let mut tlm = Matrix::IDENTITY;
        for op in &content.operations {
            if self.runs.len() >= MAX_RUNS {
                return;
            }
            let num = |i: usize| -> f32 {
                op.operands
                    .get(i)
                    .and_then(|o| o.as_float().ok())
                    .unwrap_or(0.0)
            };
            match op.operator.as_str() {
                "q" if stack.len() < 64 => stack.push((ctm, state.clone())),
                "Q" => {
                    if let Some((saved, saved_state)) = stack.pop() {
                        ctm = saved;
                        state = saved_state;
                    }
                }
                "cm" => {
                    ctm = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]).then(ctm);
                }
                "BT" => {
                    tm = Matrix::IDENTITY;
                    tlm = Matrix::IDENTITY;
                }
                "Tf" => {
                    state.font = op
                        .operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .map(<[u8]>::to_vec);
                    state.size = num(1);
                }
                "Tc" => state.char_spacing = num(0),
                "Tw" => state.word_spacing = num(0),
                "Tz" => state.scale = num(0) / 100.0,
                "TL" => state.leading = num(0),
                "Ts" => state.rise = num(0),
                "Td" => {
                    tlm = Matrix::translate(num(0), num(1)).then(tlm);
                    tm = tlm;
                }
                "TD" => {
                    state.leading = -num(1);
                    tlm = Matrix::translate(num(0), num(1)).then(tlm);
                    tm = tlm;
                }
                "Tm" => {
                    tlm = Matrix([num(0), num(1), num(2), num(3), num(4), num(5)]);
                    tm = tlm;
                }
                "T*" => {
                    tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator == "'" || op.operator == "\"" {
                        if op.operator == "\"" {
                            state.word_spacing = num(0);
                            state.char_spacing = num(1);
                        }
                        tlm = Matrix::translate(0.0, -state.leading).then(tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(bytes, _)) = op.operands.last() {
                        let font = state.font.as_ref().and_then(|f| fonts.get(f));
                        tm = self.show(bytes, font, &state, tm, ctm);
                    }
                }
                "TJ" => {
                    let font = state.font.as_ref().and_then(|f| fonts.get(f));
                    if let Some(Object::Array(items)) = op.operands.first() {
                        for item in items {
                            match item {
                                Object::String(bytes, _) => {
                                    tm = self.show(bytes, font, &state, tm, ctm);
                                }
                                other => {
                                    let adjust = other.as_float().unwrap_or(0.0);
                                    let dx = -adjust / 1000.0 * state.size * state.scale;
                                    tm = Matrix::translate(dx, 0.0).then(tm);
                                }
                            }
                        }
                    }
                }
                "Do" if depth < MAX_DEPTH => {
                    if let Some(name) = op.operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, resources, ctm, depth);
                    }
                }
                _ => {}
            }
        }
    }

    /// Places one string and returns the text matrix after it.
    fn show(
        &mut self,
        bytes: &[u8],
        font: Option<&Font>,
        state: &TextState,
        tm: Matrix,
        ctm: Matrix,
    ) -> Matrix {
        let (text, width) = match font {
            Some(font) => {
                let mut width = 0.0;
                for code in font.codes(bytes) {
                    let glyph = font.width(code) / 1000.0 * state.size;
                    let space = if !font.two_byte && code == 32 {
                        state.word_spacing
                    } else {
                        0.0
                    };
                    width += (glyph + state.char_spacing + space) * state.scale;
                }
                (font.text(bytes), width)
            }
            None => (
                latin1(bytes),
                bytes.len() as f32 * 0.5 * state.size * state.scale,
            ),
        };
        let placed = Matrix::translate(0.0, state.rise).then(tm).then(ctm);
        let (x, y) = placed.apply(0.0, 0.0);
        let (end, _) = placed.apply(width, 0.0);
        let size = (state.size * placed.vertical_scale()).abs();
        if !text.trim().is_empty() && self.runs.len() < MAX_RUNS {
            self.runs.push(Run {
                x: x.min(end),
                y,
                end: end.max(x),
                size,
                text,
                page: self.page,
            });
        }
        Matrix::translate(width, 0.0).then(tm)
    }

    /// Enters a Form XObject: its own matrix, its own resources (or the page's).
    fn form(&mut self, name: &[u8], resources: &[&'a Dictionary], ctm: Matrix, depth: usize) {
        let Some(id) = resources.iter().find_map(|r| {
            let xobjects = resolve(self.document, r.get(b"XObject").ok()?)?
                .as_dict()
                .ok()?;
            xobjects.get(name).ok()?.as_reference().ok()
        }) else {
            return;
        };
        if !self.visited.insert(id) {
            return;
        }
        let Ok(stream) = self.document.get_object(id).and_then(Object::as_stream) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return;
        }
        let Ok(content) = stream.get_plain_content_with_limit(self.max_decompressed) else {
            return;
        };
        let matrix = stream
            .dict
            .get(b"Matrix")
            .and_then(Object::as_array)
            .ok()
            .filter(|m| m.len() == 6)
            .map(|m| {
                let v: Vec<f32> = m.iter().map(|o| o.as_float().unwrap_or(0.0)).collect();
                // ok: `m` has six entries (filtered above), so `v` does too.
                Matrix([v[0], v[1], v[2], v[3], v[4], v[5]])
            })
            .unwrap_or(Matrix::IDENTITY);
        let mut inner: Vec<&'a Dictionary> = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| resolve(self.document, r))
            .and_then(|r| r.as_dict().ok())
            .into_iter()
            .collect();
        inner.extend(resources.iter().copied());
        self.interpret(&content, &inner, matrix.then(ctm), depth + 1);
        self.visited.remove(&id);
    }

    fn fonts(&self, resources: &[&'a Dictionary]) -> HashMap<Vec<u8>, Font<'a>> {
        let mut fonts = HashMap::new();
        for resource in resources.iter().rev() {
            let Some(dict) = resource
                .get(b"Font")
                .ok()
                .and_then(|f| resolve(self.document, f))
                .and_then(|f| f.as_dict().ok())
            else {
                continue;
            };
            for (name, font) in dict.iter() {
                if let Some(font) = resolve(self.document, font).and_then(|f| f.as_dict().ok()) {
                    fonts.insert(name.clone(), self.font(font));
                }
            }
        }
        fonts
    }

    fn font(&self, dict: &'a Dictionary) -> Font<'a> {
        let document = self.document;
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let two_byte = subtype == b"Type0";
        let encoding = dict
            .get_font_encoding_with_limit(document, self.max_decompressed)
            .ok();
        let number = |d: &Dictionary, key: &[u8]| {
            d.get(key)
                .ok()
                .and_then(|o| resolve(document, o))
                .and_then(|o| o.as_float().ok())
        };
        // A two-byte font's ToUnicode is read by us: writers give codespace ranges that do not
        // cover their own codes (`<0002><0692>` read byte by byte leaves out `<02C3>`), and a
        // strict reader then drops those letters. Poppler reads the codes as two bytes; so do we.
        let unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| resolve(document, o))
            .and_then(|o| o.as_stream().ok())
            .and_then(|stream| {
                stream
                    .get_plain_content_with_limit(self.max_decompressed)
                    .ok()
            })
            .map(|cmap| to_unicode(&cmap))
            .filter(|map| !map.is_empty());
        let identity = dict
            .get(b"Encoding")
            .ok()
            .and_then(|o| resolve(document, o))
            .and_then(|o| o.as_name().ok())
            .is_some_and(|name| name == b"Identity-H" || name == b"Identity-V");
        let mut font = Font {
            encoding,
            glyph_ids: two_byte && identity && unicode.is_none(),
            unicode,
            two_byte,
            first_char: number(dict, b"FirstChar").map(|f| f as u32).unwrap_or(0),
            widths: Vec::new(),
            cid_widths: HashMap::new(),
            default_width: 500.0,
            standard: None,
        };
        if let Some(widths) = dict
            .get(b"Widths")
            .ok()
            .and_then(|w| resolve(document, w))
            .and_then(|w| w.as_array().ok())
        {
            font.widths = widths
                .iter()
                .take(65_536)
                .map(|w| {
                    resolve(document, w)
                        .and_then(|w| w.as_float().ok())
                        .unwrap_or(0.0)
                })
                .collect();
        } else {
            let base = dict
                .get(b"BaseFont")
                .and_then(Object::as_name)
                .unwrap_or(b"");
            font.standard = Some(standard_widths(base));
        }
        if two_byte
            && let Some(descendant) = dict
                .get(b"DescendantFonts")
                .ok()
                .and_then(|d| resolve(document, d))
                .and_then(|d| d.as_array().ok())
                .and_then(|d| d.first())
                .and_then(|d| resolve(document, d))
                .and_then(|d| d.as_dict().ok())
        {
            font.default_width = number(descendant, b"DW").unwrap_or(1000.0);
            if let Some(w) = descendant
                .get(b"W")
                .ok()
                .and_then(|w| resolve(document, w))
                .and_then(|w| w.as_array().ok())
            {
                font.cid_widths = cid_widths(document, w);
            }
        }
        font
    }
}

/// Most entries a ToUnicode map may hold: a bound on what a hostile CMap costs.
const MAX_UNICODE_ENTRIES: usize = 65_536;

/// A ToUnicode CMap's `bfchar` and `bfrange` entries: code -> text (UTF-16BE in the CMap).
/// Codespace ranges are not consulted: codes are what the font's strings hold.
fn to_unicode(cmap: &[u8]) -> HashMap<u32, String> {
    let text = String::from_utf8_lossy(cmap);
    let mut map = HashMap::new();
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") {
            section = "char";
            continue;
        }
        if line.ends_with("beginbfrange") {
            section = "range";
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let values = hex_strings(line);
        match section {
            // `<code> <text>`, one pair or several to a line.
            "char" => {
                for pair in values.chunks_exact(2) {
                    if let [code, target] = pair {
                        map.insert(number(code), utf16(target));
                    }
                }
            }
            // `<first> <last> [<text> <text> ...]`: one text per code.
            "range" if line.contains('[') => {
                if let [first, _, targets @ ..] = values.as_slice() {
                    let first = number(first);
                    for (i, target) in targets.iter().enumerate() {
                        map.insert(first.saturating_add(i as u32), utf16(target));
                    }
                }
            }
            // `<first> <last> <text>`: the text's last unit counts up with the code.
            "range" => {
                for triple in values.chunks_exact(3) {
                    let [first, last, target] = triple else {
                        continue;
                    };
                    let (first, last) = (number(first), number(last));
                    let mut units = units(target);
                    for code in (first..=last).take(MAX_UNICODE_ENTRIES) {
                        map.insert(code, String::from_utf16_lossy(&units));
                        if let Some(unit) = units.last_mut() {
                            *unit = unit.wrapping_add(1);
                        }
                    }
                }
            }
            _ => {}
        }
        if map.len() >= MAX_UNICODE_ENTRIES {
            break;
        }
    }
    map
}

/// The `<...>` hex strings of a line, as bytes.
fn hex_strings(line: &str) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest.get(open..).and_then(|r| r.find('>')) else {
            break;
        };
        let digits: String = rest
            .get(open + 1..open + close)
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_hexdigit)
            .collect();
        let bytes = (0..digits.len() / 2)
            .filter_map(|i| u8::from_str_radix(digits.get(2 * i..2 * i + 2)?, 16).ok())
            .collect();
        out.push(bytes);
        rest = rest.get(open + close + 1..).unwrap_or("");
    }
    out
}

fn number(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
}

/// UTF-16BE bytes as code units.
fn units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| p.iter().fold(0u16, |acc, b| (acc << 8) | u16::from(*b)))
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&units(bytes))
}

/// `/W [c [w1 w2 ...] cfirst clast w ...]`.
fn cid_widths(document: &Document, array: &[Object]) -> HashMap<u32, f32> {
    let mut widths = HashMap::new();
    let mut i = 0;
    let value = |o: Option<&Object>| {
        o.and_then(|o| resolve(document, o))
            .and_then(|o| o.as_float().ok())
    };
    while i < array.len() && widths.len() < 65_536 {
        let Some(first) = value(array.get(i)) else {
            break;
        };
        match array.get(i + 1).and_then(|o| resolve(document, o)) {
            Some(Object::Array(list)) => {
                for (k, w) in list.iter().enumerate().take(65_536) {
                    if let Some(w) = value(Some(w)) {
                        widths.insert(first as u32 + k as u32, w);
                    }
                }
                i += 2;
            }
            Some(_) => {
                let (Some(last), Some(w)) = (value(array.get(i + 1)), value(array.get(i + 2)))
                else {
                    break;
                };
                let (first, last) = (first as u32, (last as u32).min(first as u32 + 65_536));
                for code in first..=last {
                    widths.insert(code, w);
                }
                i += 3;
            }
            None => break,
        }
    }
    widths
}

fn resolve<'a>(document: &'a Document, object: &'a Object) -> Option<&'a Object> {
    match object {
        Object::Reference(id) => document.get_object(*id).ok(),
        other => Some(other),
    }
}

/// Widths of ASCII 32..126 in the standard 14 fonts (Adobe AFM), which PDFs may use without
/// a `/Widths` array.
fn standard_widths(base: &[u8]) -> &'static [u16; 95] {
    let name = String::from_utf8_lossy(base).to_ascii_lowercase();
    if name.contains("courier") {
        &COURIER
    } else if name.contains("bold") && (name.contains("helvetica") || name.contains("arial")) {
        &HELVETICA_BOLD
    } else if name.contains("times") {
        &TIMES
    } else {
        &HELVETICA
    }
}

#[rustfmt::skip]
static HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

#[rustfmt::skip]
static HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

#[rustfmt::skip]
static TIMES: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

static COURIER: [u16; 95] = [600; 95];

#[cfg(test)]
mod to_unicode_tests {
    use super::*;

    /// A page with a line in a simple font and one in a two-byte font of glyph numbers
    /// (`Identity-H`), with and without a ToUnicode map.
    fn page_with_glyph_ids(to_unicode: bool) -> Document {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let tree = doc.new_object_id();
        let simple = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        });
        let mut type0 = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "ABCDEF+Sans",
            "Encoding" => "Identity-H",
        };
        if to_unicode {
            let cmap = b"1 beginbfrange\n<0024><0025><0054>\nendbfrange\n\
                1 beginbfchar\n<0026> <0058>\nendbfchar\n";
            type0.set(
                "ToUnicode",
                doc.add_object(Stream::new(dictionary! {}, cmap.to_vec())),
            );
        }
        let glyphs = doc.add_object(type0);
        // Glyph numbers 0x24 0x25 0x26, which read as Latin-1 pairs would be "\0$\0%\0&";
        // 0x0041 0x0042 would be "\0A\0B".
        let content = b"BT /F1 10 Tf 72 700 Td (Invoice 12) Tj ET \
            BT /F2 10 Tf 72 680 Td <002400250026> Tj <00410042> Tj ET"
            .to_vec();
        with_one_page(
            doc,
            tree,
            dictionary! { "F1" => simple, "F2" => glyphs },
            content,
        )
    }

    /// `doc` with one A4 page under `tree`, drawing `content` in `fonts`.
    fn with_one_page(
        mut doc: Document,
        tree: ObjectId,
        fonts: Dictionary,
        content: Vec<u8>,
    ) -> Document {
        use lopdf::{Stream, dictionary};
        let content = doc.add_object(Stream::new(dictionary! {}, content));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => fonts },
            "Contents" => content,
        });
        doc.objects.insert(
            tree,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
        doc.trailer.set("Root", catalog);
        doc
    }

    fn text_of_page(doc: &Document) -> String {
        layout(doc, 1 << 20)
            .lines
            .iter()
            .flat_map(|line| line.cells.iter().map(|c| c.text.clone()))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn glyph_numbers_without_a_map_are_no_text() {
        let text = text_of_page(&page_with_glyph_ids(false));
        assert!(text.contains("Invoice 12"), "{text:?}");
        assert!(!text.contains('A') && !text.contains('$'), "{text:?}");
        // With its map, the same font reads.
        let text = text_of_page(&page_with_glyph_ids(true));
        assert!(text.contains("TUX"), "{text:?}");
    }

    /// A one-byte font (a Type 3 fallback glyph, as Chromium writes `₹`) whose `/Differences`
    /// name its glyphs `/g1`, `/g2`: only its ToUnicode map says which letters they are, and
    /// a code the map leaves out is read by the encoding.
    #[test]
    fn a_one_byte_font_reads_its_map_before_its_encoding() {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let tree = doc.new_object_id();
        let cmap = b"1 beginbfchar\n<01> <20B9>\nendbfchar\n";
        let map = doc.add_object(Stream::new(dictionary! {}, cmap.to_vec()));
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type3",
            "FirstChar" => 1, "LastChar" => 50, "Widths" => vec![500.into(); 50],
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "Differences" => vec![1.into(), Object::Name(b"g1".to_vec())],
            },
            "ToUnicode" => map,
        });
        let content = b"BT /F1 10 Tf 72 700 Td <01> Tj (12) Tj ET".to_vec();
        let doc = with_one_page(doc, tree, dictionary! { "F1" => font }, content);
        assert_eq!(text_of_page(&doc), "₹12");
    }

    #[test]
    fn codes_outside_a_narrow_codespace_are_read_all_the_same() {
        let cmap = b"1 begincodespacerange\n<0002><0692>\nendcodespacerange\n\
            3 beginbfrange\n<02C3><02C3><006A>\n<0002><0002><0041>\n<0010><0012><0061>\nendbfrange\n\
            2 beginbfchar\n<00C5> <0049> <0001> <00660069>\nendbfchar\n\
            1 beginbfrange\n<0020><0021>[<0058> <0059>]\nendbfrange\n";
        let map = to_unicode(cmap);
        let get = |c: u32| map.get(&c).map(String::as_str);
        assert_eq!(get(0x02C3), Some("j"));
        assert_eq!(get(0x0002), Some("A"));
        assert_eq!(get(0x0012), Some("c"));
        assert_eq!(get(0x00C5), Some("I"));
        assert_eq!(get(0x0001), Some("fi"));
        assert_eq!(get(0x0021), Some("Y"));
        // A hostile range is bounded.
        let huge = to_unicode(b"beginbfrange\n<00000000><FFFFFFFF><0041>\nendbfrange\n");
        assert!(huge.len() <= MAX_UNICODE_ENTRIES);
    }
}
