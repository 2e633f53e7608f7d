//! OCR with the real engine: scanned PDFs and images dropped into a workspace are read by
//! Tesseract and filed with their fields; OCR off, or required and missing, does what SPEC §3
//! step 4 and §5 say; hostile scans end as outcomes within the limits.
//!
//! Scans are made here from real pages: `../shared/corpus/scans` (office scans of real
//! e-invoice pages, truth beside each) and the demo's own PDFs rendered by `pdftoppm`, turned,
//! re-encoded or bound into image-only PDFs with the `image` and `lopdf` crates.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Workspace, skip};

/// Tesseract and poppler are both here (`.ci/run` installs them).
fn engine() -> bool {
    if common::ocr_installed() {
        return true;
    }
    skip("tesseract and pdftoppm are not installed (Debian: tesseract-ocr, poppler-utils)");
    false
}

fn scans() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/scans")
}

fn truth(name: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(scans().join(name).with_extension("json")).expect("truth");
    serde_json::from_str(&text).expect("json")
}

/// A page of a PDF as a grey image, through poppler.
fn render(pdf: &Path, page: u32, dpi: u32) -> image::GrayImage {
    let out = Command::new("pdftoppm")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .args(["-r", &dpi.to_string(), "-gray"])
        .arg(pdf)
        .output()
        .expect("pdftoppm");
    assert!(out.status.success(), "pdftoppm failed on {}", pdf.display());
    image::load_from_memory_with_format(&out.stdout, image::ImageFormat::Pnm)
        .expect("pgm")
        .to_luma8()
}

fn encoded(image: &image::GrayImage, format: image::ImageFormat) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, format).expect("encode");
    bytes.into_inner()
}

/// A page image as a PDF holds it: its size, depth, filter and stream.
struct Picture {
    width: u32,
    height: u32,
    bits: i64,
    filter: &'static str,
    data: Vec<u8>,
}

/// An image-only PDF: each page one JPEG, as a scanner writes them.
fn image_pdf(pages: &[image::GrayImage]) -> Vec<u8> {
    pictures_pdf(
        pages
            .iter()
            .map(|page| Picture {
                width: page.width(),
                height: page.height(),
                bits: 8,
                filter: "DCTDecode",
                data: encoded(page, image::ImageFormat::Jpeg),
            })
            .collect(),
    )
}

/// A PDF of one page a picture, each drawn over its page at 200 dpi.
fn pictures_pdf(pictures: Vec<Picture>) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for picture in pictures {
        let (width, height) = (
            picture.width as f32 * 72.0 / 200.0,
            picture.height as f32 * 72.0 / 200.0,
        );
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image",
                "Width" => i64::from(picture.width), "Height" => i64::from(picture.height),
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => picture.bits,
                "Filter" => picture.filter,
            },
            picture.data,
        ));
        let content = format!("q {width} 0 0 {height} 0 0 cm /Im0 Do Q");
        let content = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), Object::Real(width), Object::Real(height)],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
            "Contents" => content,
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        tree,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    bytes
}

fn demo_pdf(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/demo/inbox")
        .join(rel)
}

/// The one row of documents.csv for a file of this name.
fn document(ws: &Workspace, name: &str) -> std::collections::HashMap<String, String> {
    ws.report("documents.csv")
        .into_iter()
        .find(|row| row["original_name"] == name)
        .unwrap_or_else(|| {
            panic!(
                "{name} is not in documents.csv; exceptions: {:?}",
                ws.report_or_empty("exceptions.csv")
            )
        })
}

fn inspect(ws: &Workspace, path: &Path) -> serde_json::Value {
    ws.json(&["inspect", "--json", path.to_str().expect("utf-8")])
}

fn configure(ws: &Workspace, ocr: &str) {
    let config = ws.join("claimdrop.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    let start = text.find("[ocr]").expect("an [ocr] section");
    let end = text[start + 1..]
        .find("\n[")
        .map_or(text.len(), |at| start + 1 + at);
    let text = format!("{}[ocr]\n{ocr}\n{}", &text[..start], &text[end..]);
    std::fs::write(&config, text).expect("write config");
}

#[test]
fn an_office_scan_is_read_by_ocr_and_filed_with_its_fields() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    ws.create_claim("CLM-100001");
    let name = "akretion__invoice_EN16931.pdf";
    let scan = std::fs::read(scans().join(name)).expect("scan");
    ws.drop_file(&format!("inbox/invoices/CLM-100001/{name}"), &scan);
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let row = document(&ws, name);
    let truth = truth(name);
    assert_eq!(row["fields_source"], "ocr");
    for field in ["document_date", "amount", "currency", "vendor"] {
        assert_eq!(
            common::field_norm(field, &row[field]),
            common::field_norm(field, truth[field].as_str().unwrap_or_default()),
            "{field}"
        );
    }
    // What inspect shows of it: the engine, the languages, the page read, its confidence.
    let seen = inspect(&ws, &ws.join(&row["archive_path"]));
    let ocr = &seen["metadata"]["ocr"];
    assert!(
        ocr["engine"]
            .as_str()
            .unwrap_or("")
            .starts_with("tesseract"),
        "{ocr}"
    );
    assert_eq!(ocr["pages_read"], serde_json::json!([1]));
    assert!(
        ocr["mean_confidence"].as_f64().unwrap_or(0.0) > 60.0,
        "{ocr}"
    );
    assert_eq!(seen["fields_source"], "ocr");
}

#[test]
fn photos_turned_sideways_and_upside_down_are_read_upright() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    ws.create_claim("CLM-100002");
    let name = "akretion__invoice_EN16931.pdf";
    let truth = truth(name);
    let page = render(&scans().join(name), 1, 200);
    let turned = [
        (
            "quarter.png",
            image::imageops::rotate90(&page),
            image::ImageFormat::Png,
        ),
        (
            "upside-down.jpg",
            image::imageops::rotate180(&page),
            image::ImageFormat::Jpeg,
        ),
    ];
    for (file, image, format) in &turned {
        ws.drop_file(
            &format!("inbox/invoices/CLM-100002/{file}"),
            &encoded(image, *format),
        );
    }
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    for (file, _, _) in &turned {
        let row = document(&ws, file);
        assert_eq!(row["fields_source"], "ocr", "{file}");
        // Upright, it reads as the page does; whatever it could not read is empty, not wrong.
        for field in ["document_date", "amount", "currency", "vendor"] {
            let expected = common::field_norm(field, truth[field].as_str().unwrap_or_default());
            let got = common::field_norm(field, &row[field]);
            assert!(
                got.is_empty() || got == expected,
                "{file}: {field} read {got}, not {expected}"
            );
        }
        let seen = inspect(&ws, &ws.join(&row["archive_path"]));
        let rotation = &seen["metadata"]["ocr"]["rotation"][0];
        assert!(
            rotation == 90 || rotation == 180 || rotation == 270,
            "{file}: {}",
            seen["metadata"]["ocr"]
        );
    }
    let sideways = document(&ws, "quarter.png");
    assert_eq!(
        common::field_norm("amount", &sideways["amount"]),
        common::field_norm("amount", truth["amount"].as_str().unwrap_or_default())
    );
}

#[test]
fn a_proof_screenshot_is_matched_by_the_claim_id_printed_in_it() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    ws.import(&common::sample_register());
    // The demo's signed CSR prints its claim id; as a picture, that is all that links it.
    let picture = render(&demo_pdf("csr/csr_signed.pdf"), 1, 150);
    ws.drop_file(
        "inbox/proof/screenshot.png",
        &encoded(&picture, image::ImageFormat::Png),
    );
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let row = document(&ws, "screenshot.png");
    assert_eq!(row["claim_id"], "CLM-530971");
    assert_eq!(row["matched_by"], "content");
}

#[test]
fn a_multi_page_scan_whose_claim_id_is_only_on_page_two_is_matched() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    ws.import(&common::sample_register());
    let pages = [
        render(&demo_pdf("invoices/Invoice_A-006361.pdf"), 1, 200),
        render(&demo_pdf("csr/csr_signed.pdf"), 1, 200),
    ];
    ws.drop_file("inbox/csr/scanned.pdf", &image_pdf(&pages));
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let row = document(&ws, "scanned.pdf");
    assert_eq!(row["claim_id"], "CLM-530971");
    assert_eq!(row["pages"], "2");
    let seen = inspect(&ws, &ws.join(&row["archive_path"]));
    assert_eq!(
        seen["metadata"]["ocr"]["pages_read"],
        serde_json::json!([1, 2])
    );
}

#[test]
fn with_ocr_off_a_scan_is_attached_and_fields_unread_says_it_has_no_text_layer() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    configure(&ws, "enabled = false");
    ws.create_claim("CLM-100003");
    let name = "akretion__invoice_EN16931.pdf";
    let scan = std::fs::read(scans().join(name)).expect("scan");
    ws.drop_file(&format!("inbox/invoices/CLM-100003/{name}"), &scan);
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let row = document(&ws, name);
    assert_eq!(row["fields_source"], "");
    assert_eq!(row["amount"], "");
    let claim = ws.claim_row("CLM-100003");
    assert!(
        claim["findings"].contains("fields_unread"),
        "{:?}",
        claim["findings"]
    );
    let findings = ws.json(&["claims", "show", "CLM-100003", "--json"]);
    assert!(
        findings.to_string().contains("no text layer"),
        "the finding does not say why: {findings}"
    );
}

/// A PATH without Tesseract (nor anything else): the engine is not installed.
fn without_engine(cmd: &mut assert_cmd::Command) {
    cmd.env("PATH", "/nonexistent");
}

#[test]
fn enabled_true_without_the_engine_refuses_to_start_and_auto_attaches_unread() {
    let ws = Workspace::new();
    ws.create_claim("CLM-100004");
    let name = "akretion__invoice_EN16931.pdf";
    let scan = std::fs::read(scans().join(name)).expect("scan");
    ws.drop_file(&format!("inbox/invoices/CLM-100004/{name}"), &scan);

    configure(&ws, "enabled = true");
    let (code, _, err) = ws.run_with(&["run"], without_engine);
    assert_ne!(code, 0, "run started without Tesseract");
    assert!(err.contains("tesseract-ocr"), "{err}");
    assert!(
        ws.join(&format!("inbox/invoices/CLM-100004/{name}"))
            .exists()
    );

    configure(&ws, "enabled = \"auto\"");
    let (code, _, err) = ws.run_with(&["run"], without_engine);
    assert_eq!(code, 0, "{err}");
    let row = document(&ws, name);
    assert_eq!(row["fields_source"], "");
    let findings = ws.json(&["claims", "show", "CLM-100004", "--json"]);
    assert!(findings.to_string().contains("no text layer"), "{findings}");
}

#[test]
fn a_fax_scan_in_ccitt_g4_is_read() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    ws.create_claim("CLM-100005");
    // One of the corpus's 1-bit scans, its page image a CCITT G4 stream.
    let name = "csharp__BASIC_Taxifahrt.pdf";
    let scan = std::fs::read(scans().join(name)).expect("scan");
    assert!(
        String::from_utf8_lossy(&scan).contains("CCITTFaxDecode"),
        "not a CCITT scan"
    );
    ws.drop_file(&format!("inbox/invoices/CLM-100005/{name}"), &scan);
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let row = document(&ws, name);
    assert_eq!(row["fields_source"], "ocr");
    assert_eq!(
        common::field_norm("amount", &row["amount"]),
        common::field_norm("amount", truth(name)["amount"].as_str().unwrap_or_default())
    );
}

/// A PNG whose header says 60,000 x 60,000 pixels.
fn pixel_bomb() -> Vec<u8> {
    let mut encoder_out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut encoder_out, 60_000, 60_000);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().expect("header");
        // A few rows only: the file is small, what it declares is not.
        let mut stream = writer.stream_writer().expect("stream");
        let row = vec![255u8; 60_001];
        for _ in 0..4 {
            let _ = std::io::Write::write_all(&mut stream, &row);
        }
        drop(stream);
    }
    encoder_out
}

/// A little-endian TIFF of `frames` one-pixel frames.
fn many_frames(frames: u32) -> Vec<u8> {
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    for frame in 0..frames {
        let here = out.len() as u32;
        let entries: [(u16, u16, u32); 8] = [
            (256, 3, 1),                     // width
            (257, 3, 1),                     // height
            (258, 3, 8),                     // bits per sample
            (259, 3, 1),                     // no compression
            (262, 3, 1),                     // black is zero
            (273, 4, here + 2 + 8 * 12 + 4), // the pixel, right after this frame's directory
            (278, 3, 1),                     // rows per strip
            (279, 4, 1),                     // strip bytes
        ];
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, value) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
            if kind == 3 {
                out.extend_from_slice(&(value as u16).to_le_bytes());
                out.extend_from_slice(&[0, 0]);
            } else {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
        let next = if frame + 1 < frames {
            here + 2 + 8 * 12 + 4 + 2
        } else {
            0
        };
        out.extend_from_slice(&next.to_le_bytes());
        out.extend_from_slice(&[200, 0]);
    }
    out
}

#[test]
fn hostile_scans_end_as_outcomes_within_the_limits_and_nothing_is_lost() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    configure(&ws, "max_pages = 2\ntimeout_secs = 60");
    ws.create_claim("CLM-100006");
    let blank = image::GrayImage::from_pixel(400, 560, image::Luma([255u8]));
    let mut random = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x04\0\0\0\x04\0\x08\0\0\0\0".to_vec();
    let mut state = 0x2545_f491_u32;
    random.extend((0..200_000).map(|_| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state as u8
    }));
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("bomb.png", pixel_bomb()),
        ("random.png", random),
        ("frames.tif", many_frames(1000)),
        ("thick.pdf", image_pdf(&vec![blank; 5000])),
    ];
    for (name, bytes) in &files {
        ws.drop_file(&format!("inbox/invoices/CLM-100006/{name}"), bytes);
    }
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let ends = common::ends(&ws);
    let end = |name: &str| {
        let dropped = format!("inbox/invoices/CLM-100006/{name}");
        assert!(!ws.join(&dropped).exists(), "{name} was left in the inbox");
        ends.get(&dropped)
            .map(|(outcome, _)| outcome.clone())
            .unwrap_or_else(|| panic!("{name} has no outcome: {ends:?}"))
    };
    assert_eq!(end("bomb.png"), "unreadable");
    assert_eq!(end("random.png"), "unreadable");
    assert_eq!(end("frames.tif"), "attached");
    assert_eq!(end("thick.pdf"), "attached");
    let bomb = ws
        .report("exceptions.csv")
        .into_iter()
        .find(|e| e["original_path"].ends_with("bomb.png"))
        .expect("bomb in exceptions.csv");
    assert!(bomb["reason"].contains("limit"), "{bomb:?}");
    // Kept in quarantine, not lost.
    assert!(ws.join(&bomb["quarantine_path"]).exists(), "{bomb:?}");
    let seen = inspect(&ws, &ws.join(&document(&ws, "thick.pdf")["archive_path"]));
    assert_eq!(seen["metadata"]["pages"], 5000);
    assert_eq!(
        seen["metadata"]["ocr"]["pages_read"],
        serde_json::json!([1, 2])
    );
}

/// An embedded JBIG2 stream (ITU T.88 annex D.3): a page of `side` x `side` pixels and one
/// immediate generic region over all of it, MMR-coded by `data`.
fn jbig2(side: u32, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut segment = |number: u32, kind: u8, body: &[u8]| {
        out.extend_from_slice(&number.to_be_bytes());
        out.push(kind);
        out.push(0); // no referred-to segments
        out.push(1); // page 1
        out.extend_from_slice(&(body.len() as u32).to_be_bytes());
        out.extend_from_slice(body);
    };
    let mut page = Vec::new();
    page.extend_from_slice(&side.to_be_bytes());
    page.extend_from_slice(&side.to_be_bytes());
    page.extend_from_slice(&[0; 8]); // resolution unknown
    page.extend_from_slice(&[0, 0, 0]); // flags, no striping
    segment(0, 48, &page);
    let mut region = Vec::new();
    region.extend_from_slice(&side.to_be_bytes());
    region.extend_from_slice(&side.to_be_bytes());
    region.extend_from_slice(&[0; 8]); // at 0, 0
    region.push(0); // combination: or
    region.push(1); // MMR
    region.extend_from_slice(data);
    segment(1, 38, &region);
    segment(2, 49, &[]);
    out
}

fn noise(len: usize) -> Vec<u8> {
    let mut state = 0x9e37_79b9_u32;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect()
}

#[test]
fn broken_jbig2_and_ccitt_page_streams_cost_their_page_not_the_document() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    configure(&ws, "timeout_secs = 120");
    ws.create_claim("CLM-100008");
    // A real office scan's two pages, behind a page whose image stream is hostile: a JBIG2
    // page declaring 60,000 x 60,000 pixels with noise for its data, or a JBIG2 or CCITT
    // stream of noise. Poppler renders it within the worker's limits, or that page fails alone.
    let name = "csharp__BASIC_Taxifahrt.pdf";
    let real: Vec<image::GrayImage> = (1..=2)
        .map(|page| render(&scans().join(name), page, 200))
        .collect();
    let picture = |width: u32, height: u32, filter: &'static str, data: Vec<u8>| Picture {
        width,
        height,
        bits: 1,
        filter,
        data,
    };
    let pdf = |hostile: Picture| {
        let mut pages = vec![hostile];
        pages.extend(real.iter().map(|page| Picture {
            width: page.width(),
            height: page.height(),
            bits: 8,
            filter: "DCTDecode",
            data: encoded(page, image::ImageFormat::Jpeg),
        }));
        pictures_pdf(pages)
    };
    let files = [
        (
            "jbig2-bomb.pdf",
            pdf(picture(
                60_000,
                60_000,
                "JBIG2Decode",
                jbig2(60_000, &noise(4096)),
            )),
        ),
        (
            "jbig2-noise.pdf",
            pdf(picture(1654, 2339, "JBIG2Decode", noise(50_000))),
        ),
        (
            "ccitt-noise.pdf",
            pdf(picture(1654, 2339, "CCITTFaxDecode", noise(50_000))),
        ),
    ];
    for (file, bytes) in &files {
        ws.drop_file(&format!("inbox/invoices/CLM-100008/{file}"), bytes);
    }
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let ends = common::ends(&ws);
    let expected = common::field_norm("amount", truth(name)["amount"].as_str().unwrap_or_default());
    for (file, _) in &files {
        let dropped = format!("inbox/invoices/CLM-100008/{file}");
        assert!(!ws.join(&dropped).exists(), "{file} was left in the inbox");
        assert_eq!(
            ends.get(&dropped).map(|(outcome, _)| outcome.as_str()),
            Some("attached"),
            "{file}: {ends:?}"
        );
        let row = document(&ws, file);
        assert!(ws.join(&row["archive_path"]).exists(), "{row:?}");
        // The real page is read whatever became of the hostile one.
        assert_eq!(row["fields_source"], "ocr", "{file}: {row:?}");
        let seen = inspect(&ws, &ws.join(&row["archive_path"]));
        let ocr = &seen["metadata"]["ocr"];
        assert_eq!(
            common::field_norm("amount", &row["amount"]),
            expected,
            "{file}: {row:?} {ocr}"
        );
        let read: Vec<u64> = ocr["pages_read"]
            .as_array()
            .map(|p| p.iter().filter_map(|n| n.as_u64()).collect())
            .unwrap_or_default();
        assert!(read.contains(&2) && read.contains(&3), "{file}: {ocr}");
        let failed = ocr["pages_failed"].as_array().map_or(0, |f| f.len());
        assert_eq!(
            read.len() + failed,
            3,
            "{file}: each page is read or said to have failed: {ocr}"
        );
    }

    // Alone, the bomb leaves nothing to read: attached, and the claim says OCR could not read
    // it (not that OCR is off).
    ws.create_claim("CLM-100009");
    let alone = pictures_pdf(vec![picture(
        60_000,
        60_000,
        "JBIG2Decode",
        jbig2(60_000, &noise(4096)),
    )]);
    ws.drop_file("inbox/invoices/CLM-100009/bomb-alone.pdf", &alone);
    let (code, _, err) = ws.run(&["run"]);
    assert_eq!(code, 0, "{err}");
    let row = document(&ws, "bomb-alone.pdf");
    assert_eq!(row["amount"], "");
    let seen = inspect(&ws, &ws.join(&row["archive_path"]));
    assert_eq!(seen["metadata"]["ocr"]["read"], false, "{seen}");
    let findings = ws
        .json(&["claims", "show", "CLM-100009", "--json"])
        .to_string();
    assert!(
        findings.contains("OCR could not read its pages"),
        "{findings}"
    );
}

#[test]
fn a_text_pdf_dropped_behind_scans_is_filed_while_they_are_read() {
    if !engine() {
        return;
    }
    let ws = Workspace::new();
    ws.create_claim("CLM-100007");
    let names: Vec<String> = std::fs::read_dir(scans())
        .expect("scans")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .take(6)
        .collect();
    let daemon = common::watch(&ws);
    for name in &names {
        let scan = std::fs::read(scans().join(name)).expect("scan");
        ws.drop_file(&format!("inbox/invoices/CLM-100007/{name}"), &scan);
    }
    std::thread::sleep(std::time::Duration::from_millis(500));
    let text = std::fs::read(demo_pdf("invoices/Invoice_A-006361.pdf")).expect("demo");
    ws.drop_file("inbox/invoices/CLM-100007/text.pdf", &text);
    let archived = |name: &str| {
        ws.files_under("archive")
            .iter()
            .any(|f| f.ends_with(&format!("/{name}")))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !archived("text.pdf") {
        assert!(
            std::time::Instant::now() < deadline,
            "the text PDF was not filed within 10 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let waiting = names
        .iter()
        .filter(|n| ws.join(&format!("inbox/invoices/CLM-100007/{n}")).exists())
        .count();
    assert!(
        waiting > 0,
        "every scan was read before the text PDF was filed"
    );
    // Then every scan is filed, each once.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(240);
    while names.iter().any(|n| !archived(n)) {
        assert!(
            std::time::Instant::now() < deadline,
            "scans not filed in 240 s: {}",
            std::fs::read_to_string(ws.join("watch.log")).unwrap_or_default()
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    daemon.stop();
    let (code, out, err) = ws.run(&["history", "CLM-100007", "--json"]);
    assert_eq!(code, 0, "{err}");
    let history: serde_json::Value = serde_json::from_str(&out).expect("json");
    let attached = history
        .as_array()
        .map(|h| {
            h.iter()
                .filter(|e| e["action"] == "document_attached")
                .count()
        })
        .unwrap_or(0);
    assert_eq!(attached, names.len() + 1, "{history}");
}
