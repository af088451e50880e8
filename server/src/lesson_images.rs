//! Images in lessons: uploaded by a course's educators (a multipart form, so it works
//! without JavaScript), checked by their bytes (never their name), stored in
//! PostgreSQL with the course, and served from our own origin.
use crate::router::{AppState, course_for_author, status_of};
use app::error::AppError;
use app::ssr::db::authoring;
use axum::{
    extract::{Multipart, Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use sha2::{Digest, Sha256};
use tower_sessions::Session;
use uuid::Uuid;

/// The largest image accepted. Lessons are read on slow phones: a photo for the web
/// fits in far less.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
/// The request may be a little larger than the image (the other fields, the framing),
/// so that an image just over the limit still gets its clear message.
pub const MAX_REQUEST_BYTES: usize = MAX_IMAGE_BYTES + 256 * 1024;

/// Why an upload was refused, as the lesson editor names it (`?image_error=…`).
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    NoFile,
    TooLarge,
    NotAnImage,
    AltMissing,
}

impl Refusal {
    fn code(&self) -> &'static str {
        match self {
            Refusal::NoFile => "no_file",
            Refusal::TooLarge => "too_large",
            Refusal::NotAnImage => "not_an_image",
            Refusal::AltMissing => "alt_missing",
        }
    }
}

/// The image types lessons may show, recognised from their first bytes.
pub(crate) fn image_type(bytes: &[u8]) -> Option<&'static str> {
    let kind = infer::get(bytes)?;
    let mime = kind.mime_type();
    ["image/png", "image/jpeg", "image/gif", "image/webp"]
        .into_iter()
        .find(|allowed| *allowed == mime)
}

/// `POST /teach/{slug}/lessons/{lesson}/images`: stores the image, then goes back to
/// the lesson editor with the Markdown to paste (`![alt](/media/{id})`).
pub async fn upload(
    State(state): State<AppState>,
    session: Session,
    Path((slug, lesson)): Path<(String, Uuid)>,
    mut form: Multipart,
) -> Response {
    let editor = format!("/teach/{slug}/lessons/{lesson}");
    let (viewer, course) = match course_for_author(&state, &session, &slug, &editor).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let refuse = |refusal: Refusal| {
        Redirect::to(&format!("{editor}?image_error={}#images", refusal.code())).into_response()
    };
    let (mut alt, mut bytes, mut too_large) = (String::new(), Vec::new(), false);
    while let Ok(Some(mut field)) = form.next_field().await {
        match field.name() {
            Some("alt") => alt = field.text().await.unwrap_or_default(),
            Some("file") => {
                // Read in chunks and stop at the limit, rather than buffer whatever comes.
                while let Ok(Some(chunk)) = field.chunk().await {
                    if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                        too_large = true;
                        break;
                    }
                    bytes.extend_from_slice(&chunk);
                }
            }
            _ => {}
        }
        if too_large {
            break;
        }
    }
    let alt = alt.trim();
    if too_large {
        return refuse(Refusal::TooLarge);
    }
    if bytes.is_empty() {
        return refuse(Refusal::NoFile);
    }
    let Some(content_type) = image_type(&bytes) else {
        return refuse(Refusal::NotAnImage);
    };
    if alt.is_empty() {
        return refuse(Refusal::AltMissing);
    }
    let sha = hex(&Sha256::digest(&bytes));
    match authoring::save_image(&state.pool, course, content_type, &bytes, &sha, viewer.id).await {
        Ok(id) => {
            let alt = app::domain::encode_query(alt);
            Redirect::to(&format!("{editor}?image={id}&alt={alt}#images")).into_response()
        }
        Err(err) => status_of(&AppError::from(err)).into_response(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `GET /media/{id}`: an image, with the type it was stored with, never sniffed, and
/// cached for good (an image's id names its bytes: a new picture gets a new id).
pub async fn serve(State(state): State<AppState>, Path(id): Path<Uuid>) -> Response {
    match authoring::image(&state.pool, id).await {
        Ok(Some((content_type, bytes))) => (
            [
                (header::CONTENT_TYPE, content_type),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_owned(),
                ),
                (
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'none'; sandbox".to_owned(),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(err) => status_of(&AppError::from(err)).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::image_type;

    #[test]
    fn recognises_images_by_their_bytes_only() {
        let png =
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
        assert_eq!(image_type(png), Some("image/png"));
        assert_eq!(
            image_type(b"\xff\xd8\xff\xe0\0\x10JFIF\0"),
            Some("image/jpeg")
        );
        assert_eq!(image_type(b"GIF89a\x01\0\x01\0"), Some("image/gif"));
        assert_eq!(
            image_type(b"<!doctype html><script>alert(1)</script>"),
            None
        );
        assert_eq!(image_type(b"%PDF-1.7"), None);
    }
}
