//! Moving a whole course between instances of the platform: `GET /teach/{slug}/export`
//! downloads it as one archive (see `app::domain::course_archive` for what it holds),
//! and `POST /teach/import` (a plain multipart form on `/teach`) makes a new course,
//! owned by the educator importing it, from such an archive.
//!
//! The archive is a `.tar.gz` of `course.json` and `images/{id}`. Reading one trusts
//! nothing: sizes are capped while reading (a small archive cannot unpack into a huge
//! one), the course goes through the editors' rules, every image is checked by its
//! bytes, and the import is one transaction, so a refused archive leaves nothing.
use crate::lesson_images::{MAX_IMAGE_BYTES, image_type};
use crate::router::{AppState, course_for_author, status_of, viewer_or_sign_in};
use app::domain::Permission;
use app::domain::course_archive::CourseArchive;
use app::error::AppError;
use app::ssr::db::course_archive::{self as db, ImageFile};
use axum::{
    extract::{Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use sha2::{Digest, Sha256};
use std::io::Read;
use tower_sessions::Session;
use uuid::Uuid;

/// The largest archive accepted, and the most it may unpack to.
pub const MAX_ARCHIVE_BYTES: usize = 64 * 1024 * 1024;
const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;
const MAX_COURSE_JSON_BYTES: u64 = 16 * 1024 * 1024;

static IMPORTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

/// The archive of a course and its images.
pub fn pack(archive: &CourseArchive, images: &[ImageFile]) -> std::io::Result<Vec<u8>> {
    let gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gzip);
    let mut add = |path: &str, bytes: &[u8]| {
        let mut head = tar::Header::new_gnu();
        head.set_size(bytes.len() as u64);
        head.set_mode(0o644);
        head.set_cksum();
        tar.append_data(&mut head, path, bytes)
    };
    add("course.json", &serde_json::to_vec_pretty(archive)?)?;
    for (id, _, bytes) in images {
        add(&format!("images/{id}"), bytes)?;
    }
    tar.into_inner()?.finish()
}

/// Why an uploaded archive was refused, for the log (the page says one thing).
#[derive(Debug, thiserror::Error)]
pub enum Unpack {
    #[error("not a readable .tar.gz: {0}")]
    Io(#[from] std::io::Error),
    #[error("course.json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("no course.json")]
    NoCourse,
    #[error("larger than allowed once unpacked")]
    TooLarge,
    #[error("{0}")]
    Course(#[from] app::domain::course_archive::ArchiveProblem),
    #[error("image {0}: missing, too large or not an image")]
    Image(Uuid),
    #[error("an unexpected file: {0}")]
    UnexpectedFile(String),
}

/// A checked archive and its images as `(archive id, content type, bytes, sha-256)`.
pub type Unpacked = (CourseArchive, Vec<(Uuid, &'static str, Vec<u8>, String)>);

/// Reads and checks an archive.
pub fn unpack(bytes: &[u8]) -> Result<Unpacked, Unpack> {
    // The cap is on the decompressed stream itself, so that nothing tar reads on its
    // own (long names, extension headers, skipped entries) can grow past it.
    let stream = flate2::read::GzDecoder::new(bytes).take(MAX_UNPACKED_BYTES + 1);
    let mut tar = tar::Archive::new(stream);
    let (mut course, mut files) = (None, Vec::<(Uuid, Vec<u8>)>::new());
    let mut total = 0u64;
    for entry in tar.entries()? {
        let entry = entry?;
        let path = entry.path()?.to_string_lossy().into_owned();
        match entry.header().entry_type() {
            kind if kind.is_file() => {}
            kind if kind.is_dir() => continue,
            _ => return Err(Unpack::UnexpectedFile(path)),
        }
        let limit = if path == "course.json" {
            MAX_COURSE_JSON_BYTES
        } else {
            MAX_IMAGE_BYTES as u64
        };
        let mut data = Vec::new();
        entry.take(limit + 1).read_to_end(&mut data)?;
        total += data.len() as u64;
        if data.len() as u64 > limit || total > MAX_UNPACKED_BYTES {
            return Err(Unpack::TooLarge);
        }
        match path.strip_prefix("images/").map(str::parse::<Uuid>) {
            _ if path == "course.json" => {
                course = Some(serde_json::from_slice::<CourseArchive>(&data)?)
            }
            Some(Ok(id)) => files.push((id, data)),
            _ => return Err(Unpack::UnexpectedFile(path)),
        }
    }
    let course = course.ok_or(Unpack::NoCourse)?;
    course.check()?;
    let images = course
        .images
        .iter()
        .map(|image| {
            let bytes = files
                .iter()
                .position(|(id, _)| *id == image.id)
                .map(|i| files.swap_remove(i).1)
                .ok_or(Unpack::Image(image.id))?;
            let kind = image_type(&bytes).ok_or(Unpack::Image(image.id))?;
            let sha = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            Ok((image.id, kind, bytes, sha))
        })
        .collect::<Result<Vec<_>, Unpack>>()?;
    Ok((course, images))
}

/// `GET /teach/{slug}/export`: the course as its editors see it now, as one file.
pub async fn export(
    State(state): State<AppState>,
    session: Session,
    Path(slug): Path<String>,
) -> Response {
    let editor = format!("/teach/{slug}");
    let (_, course) = match course_for_author(&state, &session, &slug, &editor).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let (archive, images) = match db::export(&state.pool, course).await {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => return status_of(&AppError::from(err)).into_response(),
    };
    // Compressing a course with its images is CPU work: off the async executor.
    let packed = tokio::task::spawn_blocking(move || pack(&archive, &images)).await;
    match packed {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/gzip".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{slug}.course.tar.gz\""),
                ),
                (header::CACHE_CONTROL, "private, no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(err)) => {
            tracing::error!(error = %err, "course export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "course export task failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// `POST /teach/import`: a new course from an archive, then its editor; or back to
/// `/teach` with the reason (`?import_error=…`), nothing created.
pub async fn import(
    State(state): State<AppState>,
    session: Session,
    mut form: Multipart,
) -> Response {
    let viewer =
        match viewer_or_sign_in(&state, &session, Permission::AuthorCourses, "/teach").await {
            Ok(viewer) => viewer,
            Err(response) => return response,
        };
    // One import at a time: each holds its archive and its images in memory
    // (the upload included, so the permit comes before reading it).
    let Ok(_permit) = IMPORTS.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let refuse =
        |code: &str| Redirect::to(&format!("/teach?import_error={code}#import")).into_response();
    let mut bytes = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) if !b.is_empty() => bytes = Some(b),
                Ok(_) => {}
                Err(_) => return refuse("too_large"),
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            // Past the body limit, or a broken upload.
            Err(_) => return refuse("too_large"),
        }
    }
    let Some(bytes) = bytes else {
        return refuse("no_file");
    };
    let unpacked = tokio::task::spawn_blocking(move || unpack(&bytes)).await;
    let (archive, images) = match unpacked {
        Ok(Ok(found)) => found,
        Ok(Err(reason)) => {
            tracing::info!(%reason, "course archive refused");
            return refuse("invalid");
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let images: Vec<(Uuid, &str, &[u8], String)> = images
        .iter()
        .map(|(id, kind, bytes, sha)| (*id, *kind, bytes.as_slice(), sha.clone()))
        .collect();
    match db::import(&state.pool, viewer.id, &archive, &images).await {
        Ok((_, slug)) => Redirect::to(&format!("/teach/{slug}?done=imported")).into_response(),
        // A constraint the checks did not foresee: refused whole, as for any bad archive.
        Err(sqlx::Error::Database(err)) => {
            tracing::info!(error = %err, "course archive refused by the database");
            refuse("invalid")
        }
        Err(err) => status_of(&AppError::from(err)).into_response(),
    }
}
