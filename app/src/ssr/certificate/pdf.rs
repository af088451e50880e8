//! The printable certificate: one A4 landscape page, English and Korean, the fonts
//! embedded (subsets of Nanum Square, SIL OFL: `app/assets/fonts/OFL.txt`), the
//! verification code printed and a QR code that opens the verification page.
use crate::domain::{CertificateCode, Lang};
use crate::ssr::messages::{CertificateText, certificate_text};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use std::sync::LazyLock;

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NanumSquareR.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/NanumSquareB.ttf");

/// A4 landscape, in PDF points.
const WIDTH: f32 = 841.89;
const HEIGHT: f32 = 595.28;
const INK: (u8, u8, u8) = (0x1f, 0x2a, 0x44);
const ACCENT: (u8, u8, u8) = (0x0b, 0x5c, 0x8a);

/// What a certificate says; both languages are printed whatever the reader's.
pub struct PrintedCertificate<'a> {
    pub learner_name: &'a str,
    pub course_title_en: &'a str,
    pub course_title_ko: &'a str,
    pub issuer_en: &'a str,
    pub issuer_ko: &'a str,
    pub version: i32,
    /// ISO date.
    pub completed_on: &'a str,
    pub code: &'a CertificateCode,
    pub verify_url: &'a str,
}

struct Typeface {
    font: Font,
    data: &'static [u8],
}

static FACES: LazyLock<Option<(Typeface, Typeface)>> = LazyLock::new(|| {
    let load = |data: &'static [u8]| Font::new(data.into(), 0).map(|font| Typeface { font, data });
    Some((load(REGULAR)?, load(BOLD)?))
});

impl Typeface {
    /// The advance width of `text` at `size` (no kerning: close enough to centre a line).
    fn width(&self, text: &str, size: f32) -> f32 {
        let Ok(font) = skrifa::FontRef::new(self.data) else {
            return 0.0;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(
            skrifa::instance::Size::new(size),
            skrifa::instance::LocationRef::default(),
        );
        text.chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|glyph| metrics.advance_width(glyph))
                    .unwrap_or(size * 0.5)
            })
            .sum()
    }
}

fn colour((r, g, b): (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        ..Fill::default()
    }
}

/// Draws `text` centred on the page at baseline `y`, shrunk to fit the width if long.
fn centred(surface: &mut Surface, face: &Typeface, size: f32, y: f32, text: &str) {
    let max = WIDTH - 160.0;
    let mut size = size;
    let mut width = face.width(text, size);
    if width > max {
        size *= max / width;
        width = face.width(text, size);
    }
    surface.draw_text(
        Point::from_xy((WIDTH - width) / 2.0, y),
        face.font.clone(),
        size,
        text,
        false,
        TextDirection::Auto,
    );
}

fn left(surface: &mut Surface, face: &Typeface, size: f32, x: f32, y: f32, text: &str) {
    surface.draw_text(
        Point::from_xy(x, y),
        face.font.clone(),
        size,
        text,
        false,
        TextDirection::Auto,
    );
}

fn frame(surface: &mut Surface) {
    for (inset, width) in [(24.0, 2.5), (32.0, 0.8)] {
        let mut path = PathBuilder::new();
        if let Some(rect) = Rect::from_xywh(inset, inset, WIDTH - 2.0 * inset, HEIGHT - 2.0 * inset)
        {
            path.push_rect(rect);
        }
        if let Some(path) = path.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                paint: rgb::Color::new(ACCENT.0, ACCENT.1, ACCENT.2).into(),
                width,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
        }
    }
    surface.set_stroke(None);
}

/// The QR code of `url`, `side` points wide, its top-left corner at (`x`, `y`).
fn qr(surface: &mut Surface, url: &str, x: f32, y: f32, side: f32) {
    let Ok(code) = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M) else {
        return;
    };
    let modules = code.width();
    // A quiet zone of four modules on each side, as readers expect.
    let cell = side / (modules as f32 + 8.0);
    let colors = code.to_colors();
    let mut path = PathBuilder::new();
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (col, row) = ((i % modules) as f32, (i / modules) as f32);
            if let Some(rect) =
                Rect::from_xywh(x + (col + 4.0) * cell, y + (row + 4.0) * cell, cell, cell)
            {
                path.push_rect(rect);
            }
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(Fill::default()));
        surface.draw_path(&path);
    }
}

/// The certificate as PDF bytes.
pub fn render(cert: &PrintedCertificate<'_>) -> Result<Vec<u8>, String> {
    let (regular, bold) = FACES.as_ref().ok_or("the certificate fonts did not load")?;
    let en: CertificateText = certificate_text(Lang::En, cert.version);
    let ko: CertificateText = certificate_text(Lang::Ko, cert.version);
    let code = cert.code.to_string();

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} · {}", en.heading, cert.course_title_en))
            .authors(vec![cert.issuer_en.to_owned()])
            .language("en".to_owned()),
    );
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or("bad page size")?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    frame(&mut surface);

    surface.set_fill(Some(colour(ACCENT)));
    centred(
        &mut surface,
        regular,
        13.0,
        78.0,
        &format!("{}  ·  {}", cert.issuer_en, cert.issuer_ko),
    );
    surface.set_fill(Some(colour(INK)));
    centred(&mut surface, bold, 34.0, 132.0, &en.heading);
    centred(&mut surface, bold, 24.0, 166.0, &ko.heading);

    surface.set_fill(Some(colour(INK)));
    centred(
        &mut surface,
        regular,
        13.0,
        208.0,
        &format!("{}  /  {}", en.certifies, ko.certifies),
    );
    surface.set_fill(Some(colour(ACCENT)));
    centred(&mut surface, bold, 30.0, 252.0, cert.learner_name);
    surface.set_fill(Some(colour(INK)));
    centred(
        &mut surface,
        regular,
        13.0,
        290.0,
        &format!("{}  /  {}", en.completed, ko.completed),
    );
    centred(&mut surface, bold, 21.0, 328.0, cert.course_title_en);
    centred(&mut surface, bold, 19.0, 358.0, cert.course_title_ko);
    centred(
        &mut surface,
        regular,
        12.0,
        392.0,
        &format!(
            "{} / {}  ·  {} / {}: {}",
            en.version, ko.version, en.date_label, ko.date_label, cert.completed_on
        ),
    );

    // Bottom left: the code and where to check it; bottom right: the QR code.
    let base = HEIGHT - 120.0;
    left(
        &mut surface,
        regular,
        11.0,
        70.0,
        base,
        &format!("{} / {}", en.code_label, ko.code_label),
    );
    left(&mut surface, bold, 22.0, 70.0, base + 28.0, &code);
    left(
        &mut surface,
        regular,
        10.0,
        70.0,
        base + 50.0,
        &format!("{} / {}", en.verify_at, ko.verify_at),
    );
    left(
        &mut surface,
        regular,
        10.0,
        70.0,
        base + 66.0,
        cert.verify_url,
    );
    qr(
        &mut surface,
        cert.verify_url,
        WIDTH - 70.0 - 110.0,
        HEIGHT - 70.0 - 110.0,
        110.0,
    );

    surface.finish();
    page.finish();
    document.finish().map_err(|err| format!("{err:?}"))
}
