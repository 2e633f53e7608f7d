//! OCR: a page without text becomes positioned words, through Tesseract, and then a layout like
//! any PDF's text, so that one field reader reads scans, PDFs and workbooks alike.
//!
//! Tesseract and poppler's `pdftoppm` run as child processes of the worker, so they live under
//! its address-space limit, die with it (`PR_SET_PDEATHSIG`) and are killed at the document's
//! deadline; each gets one thread (`OMP_THREAD_LIMIT=1`) because the pipeline already runs a
//! bounded number of OCR workers side by side. A PDF page is rendered in grey at up to 300 dpi
//! and at most `MAX_SIDE` pixels; an image is decoded here (first frame only, under pixel and
//! allocation limits, so a 60,000-pixel-square bomb or a TIFF of a thousand frames costs a
//! bounded amount) and handed over as PGM.
//!
//! Pages are read as they come; only a page whose words read poorly pays for Tesseract's
//! orientation detection, and is read again turned upright when that finds it turned. A
//! slightly skewed scan is straightened from its own lines before its words are placed, so
//! that a label and its value stay on one line across the page. A word Tesseract is unsure of
//! is kept as text (for matching) but listed as doubtful: a field whose value it is part of is
//! left empty rather than read wrong (see `Reading::doubts`).

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use image::GrayImage;
use serde::{Deserialize, Serialize};

use super::layout::Run;

/// The longest side a page image is given to Tesseract with: A4 at about 360 dpi.
const MAX_SIDE: u32 = 4200;
/// Images below this long side are read at twice their size: screenshots and phone pictures
/// print small text in few pixels, and Tesseract reads best at 20 pixels of cap height or so.
const SMALL_SIDE: u32 = 3000;
const A4_AT_300: u32 = 3508;
/// Decoding refuses images larger than this (a pixel bomb), before allocating them.
const MAX_DECODED_SIDE: u32 = 30_000;
const MAX_DECODED_BYTES: u64 = 512 << 20;
/// The address space each pdftoppm and tesseract gets: Tesseract with thirteen languages on a
/// dense A4 page at 360 dpi stays under 300 MiB; a page whose image stream declares a
/// billion pixels fails, that page alone, rather than take the host's memory.
const CHILD_ADDRESS_SPACE: u64 = 768 << 20;
/// Under this mean word confidence, or with fewer words, the page's orientation is checked.
const DOUBTFUL_PAGE: f32 = 75.0;
const FEW_WORDS: usize = 12;
/// Two words of a line closer than this many times its height are one phrase (a space is
/// about a third of an em, a word's height three quarters of one).
const WORD_SPACE: f32 = 0.8;
/// A word under this confidence is doubtful: kept as text, never the whole of a field.
pub const DOUBTFUL_WORD: f32 = 50.0;
/// A word under this confidence is noise (a logo, a stamp, a stain) and dropped.
const NOISE_WORD: f32 = 15.0;

/// What the pipeline asks of OCR (SPEC §5 `[ocr]`), with the engine it found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcrAsk {
    /// Tesseract codes, those configured that are installed, joined with `+` when called.
    pub languages: Vec<String>,
    /// Pages read per document.
    pub max_pages: u32,
    /// The time one document's OCR may take, all pages together.
    pub timeout_secs: u64,
    /// The engine's version, as `tesseract --version` gives it (for `metadata.ocr`).
    pub engine: String,
}

/// Tesseract as installed on this host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engine {
    pub version: String,
    pub languages: Vec<String>,
}

/// Tesseract on this host, if it answers; `None` when it is not installed.
pub fn engine() -> Option<Engine> {
    let run = |arg: &str| {
        Command::new(tesseract())
            .arg(arg)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
    };
    let version = run("--version")?;
    let version = version.lines().next()?.trim().to_string();
    let languages = run("--list-langs")?
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "osd")
        .map(String::from)
        .collect();
    Some(Engine { version, languages })
}

fn tesseract() -> &'static str {
    "tesseract"
}

fn pdftoppm() -> &'static str {
    "pdftoppm"
}

/// A page of a PDF without a text layer, and the long side of its media box in points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScannedPage {
    pub page: u32,
    pub long_side: Option<f32>,
}

/// Whether the field `name`, read as `value`, rests on the doubtful word `word`: the word is
/// the value, or a substantial part of it (a word of a name, most of a number, a part of a
/// date), so that the value would be read differently if the word was misread.
pub fn rests_on(name: &str, value: &str, word: &str) -> bool {
    let squash = |text: &str| -> String {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let groups = |text: &str| -> Vec<u64> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|g| !g.is_empty())
            .filter_map(|g| g.parse().ok())
            .collect()
    };
    let digits = |text: &str| -> String { text.chars().filter(char::is_ascii_digit).collect() };
    let word_squashed = squash(word);
    match name {
        "amount" => {
            let (read, printed) = (digits(value), digits(word));
            // `1234.00` may be printed `1,234`.
            let whole = value.strip_suffix(".00").map(digits);
            !printed.is_empty() && (read == printed || whole.is_some_and(|w| w == printed))
        }
        "document_date" => {
            let (read, printed) = (groups(value), groups(word));
            !printed.is_empty()
                && digits(word).len() >= 2
                && printed.iter().all(|g| read.contains(g))
        }
        "currency" => false,
        _ => {
            let read = squash(value);
            let whole_word = value
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| squash(w) == word_squashed);
            word_squashed.chars().count() >= 2
                && (read == word_squashed
                    || whole_word
                    || (read.contains(word_squashed.as_str())
                        && word_squashed.chars().count() * 2 >= read.chars().count()))
        }
    }
}

/// What OCR made of a document's pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    pub runs: Vec<Run>,
    /// Words read with a confidence under `DOUBTFUL_WORD`, as printed.
    pub doubts: Vec<String>,
    pub pages: Vec<PageRead>,
    /// Why reading stopped early (the deadline), when it did.
    pub stopped: Option<String>,
    /// Pages that could not be rendered or read, and why.
    pub failed: Vec<PageFailure>,
    /// Degrees the page in hand was turned before it was read.
    turned: Option<u16>,
}

/// A page OCR could not read, for `metadata.ocr.pages_failed`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageFailure {
    pub page: u32,
    pub error: String,
}

/// One page's reading, for `metadata.ocr`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRead {
    pub page: u32,
    /// Degrees the page was turned (clockwise) to read upright.
    pub rotation: u16,
    pub words: usize,
    pub mean_confidence: f64,
}

/// A confidence to one decimal, as shown.
pub fn tenths(value: f32) -> f64 {
    (f64::from(value) * 10.0).round() / 10.0
}

impl Reading {
    pub fn mean_confidence(&self) -> f32 {
        let words: usize = self.pages.iter().map(|p| p.words).sum();
        if words == 0 {
            return 0.0;
        }
        let sum: f32 = self
            .pages
            .iter()
            .map(|p| p.mean_confidence as f32 * p.words as f32)
            .sum();
        sum / words as f32
    }
}

/// Why OCR could not read a document at all.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    #[error("the image cannot be decoded: {0}")]
    Decode(String),
    #[error("the image is over the pixel limit ({0})")]
    TooLarge(String),
    #[error("no page could be read (page {page}: {error})")]
    NoPage { page: u32, error: String },
    #[error("{program} could not be run: {error}")]
    Engine {
        program: &'static str,
        error: String,
    },
}

/// Reads the given pages of a PDF (its bytes), within the ask's page and time limits.
pub fn read_pdf(bytes: &[u8], pages: &[ScannedPage], ask: &OcrAsk) -> Result<Reading, OcrError> {
    let deadline = Instant::now() + Duration::from_secs(ask.timeout_secs.max(1));
    let mut reading = Reading::default();
    let wanted = usize::try_from(ask.max_pages).unwrap_or(usize::MAX);
    for scanned in pages.iter().take(wanted) {
        if Instant::now() >= deadline {
            reading.stopped = Some(format!(
                "{} s were up after {} page(s)",
                ask.timeout_secs,
                reading.pages.len()
            ));
            break;
        }
        // 300 dpi, less for a page so large that it would be over `MAX_SIDE` pixels; a page
        // whose size is not known is scaled to `MAX_SIDE`, its resolution then unknown.
        let dpi = scanned
            .long_side
            .filter(|side| side.is_finite() && *side > 1.0)
            .map(|side| (MAX_SIDE as f32 * 72.0 / side).clamp(36.0, 300.0).floor() as u32);
        let page = scanned.page.to_string();
        let resolution = match dpi {
            Some(dpi) => ["-r".to_string(), dpi.to_string()],
            None => ["-scale-to".to_string(), MAX_SIDE.to_string()],
        };
        let read = run(
            pdftoppm(),
            &[
                "-f",
                &page,
                "-l",
                &page,
                &resolution[0],
                &resolution[1],
                "-gray",
                "-",
            ],
            bytes,
            deadline,
            // PGM: a byte a pixel plus the header.
            (MAX_SIDE as usize) * (MAX_SIDE as usize) + 64,
        )
        .and_then(|rendered| {
            decode_pgm(&rendered).ok_or_else(|| OcrError::Engine {
                program: pdftoppm(),
                error: "its page image could not be decoded".into(),
            })
        })
        .and_then(|image| read_page(&image, scanned.page, dpi, ask, deadline, &mut reading));
        match read {
            Ok(()) => {}
            Err(_) if Instant::now() >= deadline => {
                reading.stopped = Some(format!(
                    "{} s were up after {} page(s)",
                    ask.timeout_secs,
                    reading.pages.len()
                ));
                break;
            }
            // One page that poppler cannot render (a broken JBIG2 or CCITT stream, an image
            // over the worker's memory) costs that page, not the pages beside it.
            Err(e) => reading.failed.push(PageFailure {
                page: scanned.page,
                error: e.to_string(),
            }),
        }
    }
    if reading.pages.is_empty()
        && let Some(first) = reading.failed.first()
    {
        return Err(OcrError::NoPage {
            page: first.page,
            error: first.error.clone(),
        });
    }
    Ok(reading)
}

/// Reads an image file's first frame.
pub fn read_image(bytes: &[u8], ask: &OcrAsk) -> Result<Reading, OcrError> {
    let deadline = Instant::now() + Duration::from_secs(ask.timeout_secs.max(1));
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| OcrError::Decode(e.to_string()))?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(limit) => OcrError::TooLarge(limit.to_string()),
        other => OcrError::Decode(other.to_string()),
    })?;
    let mut gray = decoded.to_luma8();
    drop(decoded);
    let long = gray.width().max(gray.height());
    let scale = if long > MAX_SIDE {
        MAX_SIDE as f32 / long as f32
    } else if long < SMALL_SIDE && long > 0 {
        (A4_AT_300 as f32 / long as f32).min(2.0)
    } else {
        1.0
    };
    if (scale - 1.0).abs() > f32::EPSILON {
        let width = ((gray.width() as f32 * scale).round() as u32).max(1);
        let height = ((gray.height() as f32 * scale).round() as u32).max(1);
        gray = image::imageops::resize(&gray, width, height, image::imageops::CatmullRom);
    }
    let mut reading = Reading::default();
    // A photo or a picture is as often taken sideways as not: its orientation is checked
    // first, whatever Tesseract would make of it.
    let gray = match orientation(&encode_pgm(&gray), None, deadline) {
        Some(degrees) => {
            reading.turned = Some(degrees);
            turn(&gray, degrees)
        }
        None => gray,
    };
    read_page(&gray, 1, None, ask, deadline, &mut reading)?;
    Ok(reading)
}

/// Reads one page image, turning it upright first when its words read poorly and the
/// orientation check finds it turned.
fn read_page(
    image: &GrayImage,
    page: u32,
    dpi: Option<u32>,
    ask: &OcrAsk,
    deadline: Instant,
    reading: &mut Reading,
) -> Result<(), OcrError> {
    let pgm = encode_pgm(image);
    let mut words = recognise(&pgm, dpi, ask, deadline)?;
    let mut rotation = reading.turned.take().unwrap_or(0);
    let mut turned = None;
    let (count, mean) = quality(&words);
    // Tesseract reads a page turned a quarter well enough, its words then standing upright
    // in the image: that, like a poor reading, calls for the orientation check.
    if rotation == 0
        && (count < FEW_WORDS || mean < DOUBTFUL_PAGE || standing(&words))
        && let Some(degrees) = orientation(&pgm, dpi, deadline)
    {
        let upright = turn(image, degrees);
        let again = recognise(&encode_pgm(&upright), dpi, ask, deadline)?;
        let (count_again, mean_again) = quality(&again);
        if count_again >= count / 2 && mean_again > mean {
            words = again;
            rotation = degrees;
            turned = Some(upright);
        }
    }
    let height = turned.as_ref().map_or(image.height(), |i| i.height());
    let (count, mean) = quality(&words);
    // Points when the resolution is known (a rendered page); otherwise 300 dpi is assumed,
    // which only sets the scale: the layout reads distances relative to the text's size.
    let scale = 72.0 / dpi.unwrap_or(300) as f32;
    for word in words.iter().filter(|w| w.confidence < DOUBTFUL_WORD) {
        reading.doubts.push(word.text.clone());
    }
    reading.runs.extend(place(&words, height, scale, page));
    reading.pages.push(PageRead {
        page,
        rotation,
        words: count,
        mean_confidence: tenths(mean),
    });
    Ok(())
}

/// The image turned clockwise by `degrees` (90, 180 or 270).
fn turn(image: &GrayImage, degrees: u16) -> GrayImage {
    match degrees {
        90 => image::imageops::rotate90(image),
        180 => image::imageops::rotate180(image),
        _ => image::imageops::rotate270(image),
    }
}

/// Most longer words are taller than wide: the text runs up or down the image.
fn standing(words: &[Word]) -> bool {
    let long: Vec<&Word> = words
        .iter()
        .filter(|w| w.text.chars().count() >= 4)
        .collect();
    let tall = long.iter().filter(|w| w.height > w.width).count();
    !long.is_empty() && tall * 2 > long.len()
}

/// How many words a reading has and their mean confidence.
fn quality(words: &[Word]) -> (usize, f32) {
    if words.is_empty() {
        return (0, 0.0);
    }
    let sum: f32 = words.iter().map(|w| w.confidence).sum();
    (words.len(), sum / words.len() as f32)
}

/// One word as Tesseract read it, in image pixels (top-left origin).
#[derive(Debug, Clone, PartialEq)]
struct Word {
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    confidence: f32,
    text: String,
    /// Tesseract's block, paragraph and line: the words of one printed line share it.
    line: (u32, u32, u32),
}

/// Tesseract's words for a page given as PGM.
fn recognise(
    pgm: &[u8],
    dpi: Option<u32>,
    ask: &OcrAsk,
    deadline: Instant,
) -> Result<Vec<Word>, OcrError> {
    let languages = if ask.languages.is_empty() {
        "eng".to_string()
    } else {
        ask.languages.join("+")
    };
    let dpi = dpi.map(|d| d.to_string());
    let mut args = vec!["stdin", "stdout", "--psm", "3", "-l", &languages];
    if let Some(dpi) = dpi.as_deref() {
        args.extend(["--dpi", dpi]);
    }
    args.push("tsv");
    let tsv = run(tesseract(), &args, pgm, deadline, 64 << 20)?;
    Ok(parse_tsv(&String::from_utf8_lossy(&tsv)))
}

/// Degrees to turn the page clockwise, from Tesseract's orientation and script detection, when
/// it is sure enough that the page is turned at all.
fn orientation(pgm: &[u8], dpi: Option<u32>, deadline: Instant) -> Option<u16> {
    let dpi = dpi.map(|d| d.to_string());
    let mut args = vec!["stdin", "stdout", "--psm", "0"];
    if let Some(dpi) = dpi.as_deref() {
        args.extend(["--dpi", dpi]);
    }
    let out = run(tesseract(), &args, pgm, deadline, 1 << 16).ok()?;
    let out = String::from_utf8_lossy(&out);
    let value = |key: &str| {
        out.lines()
            .find_map(|l| l.strip_prefix(key))
            .map(str::trim)
            .map(String::from)
    };
    let rotate: u16 = value("Rotate:")?.parse().ok()?;
    let confidence: f32 = value("Orientation confidence:")?.parse().ok()?;
    (matches!(rotate, 90 | 180 | 270) && confidence >= 1.0).then_some(rotate)
}

/// Tesseract's TSV: the word rows (level 5), with their boxes and confidences.
fn parse_tsv(tsv: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for row in tsv.lines().skip(1) {
        let columns: Vec<&str> = row.split('\t').collect();
        let [
            level,
            _page,
            block,
            paragraph,
            line,
            _word,
            left,
            top,
            width,
            height,
            conf,
            text,
        ] = columns.as_slice()
        else {
            continue;
        };
        if *level != "5" {
            continue;
        }
        // Table rules and box edges come back glued to words as bars.
        let text = text.trim().trim_matches(|c| c == '|' || c == '¦').trim();
        let number = |s: &str| s.trim().parse::<f32>().ok().filter(|v| v.is_finite());
        let (Some(left), Some(top), Some(width), Some(height), Some(confidence)) = (
            number(left),
            number(top),
            number(width),
            number(height),
            number(conf),
        ) else {
            continue;
        };
        if text.is_empty() || confidence < NOISE_WORD {
            continue;
        }
        let id = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
        words.push(Word {
            left,
            top,
            width,
            height,
            confidence,
            text: text.to_string(),
            line: (id(block), id(paragraph), id(line)),
        });
    }
    words
}

/// The words as runs on a page of `height` pixels, straightened by the page's own skew.
fn place(words: &[Word], height: u32, scale: f32, page: u32) -> Vec<Run> {
    let slope = skew(words);
    // The size a printed line is set in, from its words' median height (a word's box runs
    // from its capitals or ascenders to its descenders, about three quarters of an em; the
    // median, because a word glued to the line below is twice as tall).
    let mut heights: std::collections::HashMap<(u32, u32, u32), Vec<f32>> =
        std::collections::HashMap::new();
    for word in words {
        heights.entry(word.line).or_default().push(word.height);
    }
    let line_heights: std::collections::HashMap<(u32, u32, u32), f32> = heights
        .into_iter()
        .map(|(line, mut h)| {
            h.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            let median = h.get(h.len() / 2).copied().unwrap_or(0.0);
            (line, median)
        })
        .collect();
    // Words Tesseract put on one line, a space apart, make one run: the layout then splits a
    // line into cells only where the gap is a column's, as it does with a PDF's text runs.
    let mut runs: Vec<Run> = Vec::new();
    let mut previous: Option<&Word> = None;
    for word in words {
        let centre = word.left + word.width / 2.0;
        let bottom = word.top + word.height - slope * centre;
        let line_height = line_heights.get(&word.line).copied().unwrap_or(word.height);
        let spaced = previous.is_some_and(|p| {
            p.line == word.line
                && word.left >= p.left
                && word.left - (p.left + p.width) < WORD_SPACE * line_height
        });
        match runs.last_mut() {
            Some(run) if spaced => {
                run.text.push(' ');
                run.text.push_str(&word.text);
                run.end = (word.left + word.width) * scale;
            }
            _ => runs.push(Run {
                x: word.left * scale,
                y: (height as f32 - bottom) * scale,
                end: (word.left + word.width) * scale,
                size: (line_height / 0.75 * scale).max(1.0),
                text: word.text.clone(),
                page,
            }),
        }
        previous = Some(word);
    }
    runs
}

/// The page's skew as a slope (pixels down per pixel right), the median over its longer lines
/// of the slope of their words' bottoms.
fn skew(words: &[Word]) -> f32 {
    let mut lines: std::collections::BTreeMap<(u32, u32, u32), Vec<&Word>> =
        std::collections::BTreeMap::new();
    for word in words {
        lines.entry(word.line).or_default().push(word);
    }
    let mut slopes: Vec<f32> = lines
        .values()
        .filter(|line| line.len() >= 3)
        .filter_map(|line| {
            let points: Vec<(f32, f32)> = line
                .iter()
                .map(|w| (w.left + w.width / 2.0, w.top + w.height))
                .collect();
            let n = points.len() as f32;
            let mean_x = points.iter().map(|p| p.0).sum::<f32>() / n;
            let mean_y = points.iter().map(|p| p.1).sum::<f32>() / n;
            let spread: f32 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
            let span = points.iter().map(|p| p.0).fold(f32::MIN, f32::max)
                - points.iter().map(|p| p.0).fold(f32::MAX, f32::min);
            (span > 200.0 && spread > 0.0).then(|| {
                points
                    .iter()
                    .map(|p| (p.0 - mean_x) * (p.1 - mean_y))
                    .sum::<f32>()
                    / spread
            })
        })
        // More than about 6 degrees is not skew but a line misread.
        .filter(|s| s.abs() < 0.1)
        .collect();
    if slopes.len() < 3 {
        return 0.0;
    }
    slopes.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    slopes.get(slopes.len() / 2).copied().unwrap_or(0.0)
}

/// A grey image as binary PGM, the simplest format Tesseract reads from a pipe.
fn encode_pgm(image: &GrayImage) -> Vec<u8> {
    let mut out = format!("P5\n{} {}\n255\n", image.width(), image.height()).into_bytes();
    out.extend_from_slice(image.as_raw());
    out
}

/// `pdftoppm -gray`'s output.
fn decode_pgm(bytes: &[u8]) -> Option<GrayImage> {
    let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::Pnm).ok()?;
    Some(decoded.to_luma8())
}

/// Runs a program on `input`, returning its standard output (at most `max_out` bytes), killed
/// at `deadline`.
fn run(
    program: &'static str,
    args: &[&str],
    input: &[u8],
    deadline: Instant,
    max_out: usize,
) -> Result<Vec<u8>, OcrError> {
    use std::os::unix::process::CommandExt;
    let failed = |error: String| OcrError::Engine { program, error };
    let mut command = Command::new(program);
    command
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // SAFETY: prctl and setrlimit only set the child's own flags and limits; they allocate
    // nothing and take no lock.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            let limit = libc::rlimit {
                rlim_cur: CHILD_ADDRESS_SPACE,
                rlim_max: CHILD_ADDRESS_SPACE,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    let mut child = command.spawn().map_err(|e| failed(e.to_string()))?;
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let (output, status) = std::thread::scope(|scope| {
        scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                // A program that stops reading early (it refused the input) closes the pipe.
                let _ = stdin.write_all(input);
            }
        });
        let reader = scope.spawn(move || {
            let mut out = Vec::new();
            if let Some(stdout) = stdout {
                let limit = u64::try_from(max_out).unwrap_or(u64::MAX);
                let _ = stdout.take(limit.saturating_add(1)).read_to_end(&mut out);
            }
            out
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(failed("stopped at the document's deadline".into()));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => {
                    let _ = child.kill();
                    break Err(failed(e.to_string()));
                }
            }
        };
        // The reader ends when the child's pipe closes, killed or not.
        (reader.join().unwrap_or_default(), status)
    });
    let status = status?;
    if output.len() > max_out {
        return Err(failed("its output was over the limit".into()));
    }
    if !status.success() {
        return Err(failed(format!("it ended with {status}")));
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(left: f32, top: f32, text: &str, line: u32) -> Word {
        Word {
            left,
            top,
            width: 100.0,
            height: 30.0,
            confidence: 90.0,
            text: text.into(),
            line: (1, 1, line),
        }
    }

    #[test]
    fn tesseract_rows_become_words_without_table_bars() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   1\t1\t0\t0\t0\t0\t0\t0\t2480\t3508\t-1\t\n\
                   5\t1\t2\t1\t1\t1\t302\t101\t80\t30\t96.5\t|Invoice\n\
                   5\t1\t2\t1\t1\t2\t400\t101\t80\t30\t8.0\t~~\n\
                   5\t1\t2\t1\t1\t3\t500\t101\t80\t30\t91\tF-42|\n";
        let words = parse_tsv(tsv);
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Invoice", "F-42"]);
        assert_eq!(words[0].line, (2, 1, 1));
    }

    #[test]
    fn a_skewed_line_is_straightened() {
        // Two labels at the left, their values across the page 40 px lower: a 1.3 degree skew.
        let mut words = Vec::new();
        for (line, top) in [(1, 1000.0), (2, 1100.0), (3, 1200.0)] {
            for i in 0..5 {
                let left = 200.0 + 400.0 * i as f32;
                words.push(word(left, top + left * 0.023, "x", line));
            }
        }
        let slope = skew(&words);
        assert!((slope - 0.023).abs() < 0.002, "{slope}");
        let runs = place(&words, 3508, 72.0 / 300.0, 1);
        let first_line: Vec<f32> = runs.iter().take(5).map(|r| r.y).collect();
        let spread = first_line.iter().fold(f32::MIN, |a, b| a.max(*b))
            - first_line.iter().fold(f32::MAX, |a, b| a.min(*b));
        assert!(spread < 1.0, "{first_line:?}");
    }

    #[test]
    fn a_field_rests_on_a_doubtful_word_only_when_the_word_makes_it() {
        assert!(rests_on("amount", "1234.56", "1.234,56"));
        assert!(rests_on("amount", "1234.00", "1,234"));
        assert!(!rests_on("amount", "1234.56", "2,00"));
        assert!(rests_on("document_date", "2022-01-31", "31/01/2022"));
        assert!(rests_on("document_date", "2022-01-31", "2022"));
        assert!(!rests_on("document_date", "2022-01-31", "7,00"));
        assert!(rests_on(
            "invoice_number",
            "F20220023",
            "F2022O023"[..].replace('O', "0").as_str()
        ));
        assert!(!rests_on("invoice_number", "F20220023", "200"));
        assert!(rests_on("vendor", "Harbor Lane Media", "Lane"));
        assert!(!rests_on("vendor", "Harbor Lane Media", "La"));
        assert!(!rests_on("currency", "EUR", "EUR"));
    }

    #[test]
    fn pgm_round_trips() {
        let image = GrayImage::from_fn(3, 2, |x, y| image::Luma([(x * 10 + y) as u8]));
        assert_eq!(decode_pgm(&encode_pgm(&image)), Some(image));
    }
}
