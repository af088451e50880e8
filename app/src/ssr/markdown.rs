//! Lesson bodies: Markdown rendered with pulldown-cmark, then sanitised with ammonia
//! (scripts, event handlers, `javascript:` links, iframes and styles are removed), on
//! the server only. A published lesson never changes, so each rendering is cached by
//! lesson, language and a hash of its source.
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, LazyLock, Mutex};
use uuid::Uuid;

/// Enough for every lesson of a large catalogue in both languages; past it, start over.
const CACHE_LIMIT: usize = 4096;

type Key = (Uuid, &'static str, u64);
static CACHE: LazyLock<Mutex<HashMap<Key, Arc<str>>>> = LazyLock::new(Default::default);

/// Safe HTML for a lesson body, from the cache when possible.
pub fn lesson_html(lesson: Uuid, lang: crate::domain::Lang, markdown: &str) -> Arc<str> {
    let mut hasher = DefaultHasher::new();
    markdown.hash(&mut hasher);
    let key = (lesson, lang.code(), hasher.finish());
    if let Some(html) = CACHE.lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return html;
    }
    let html: Arc<str> = render(markdown).into();
    if let Ok(mut cache) = CACHE.lock() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, html.clone());
    }
    html
}

/// Markdown to sanitised HTML. Links get `rel="noopener noreferrer"`.
pub fn render(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

/// Whether the Markdown has an image without alternative text (`![](…)`): refused
/// when a lesson is saved, because a screen reader would say nothing of it.
pub fn has_image_without_alt(markdown: &str) -> bool {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut alt: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Image { .. }) => alt = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(alt) = alt.as_mut() {
                    alt.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) if alt.take().is_some_and(|a| a.trim().is_empty()) => {
                return true;
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::{has_image_without_alt, render};

    #[test]
    fn finds_images_without_alt_text() {
        assert!(has_image_without_alt("Text ![](/media/a.png) more"));
        assert!(has_image_without_alt("![  ](/media/a.png)"));
        assert!(!has_image_without_alt("![A map of Gwangju](/media/a.png)"));
        assert!(!has_image_without_alt("No images, [a link](/x)."));
    }

    #[test]
    fn renders_markdown() {
        let html = render("# Rights\n\nThe *right* to the [city](https://example.org).");
        assert!(html.contains("<h1>Rights</h1>"), "{html}");
        assert!(html.contains("<em>right</em>"));
        assert!(
            html.contains(r#"<a href="https://example.org" rel="noopener noreferrer">city</a>"#),
            "{html}"
        );
    }

    #[test]
    fn nothing_active_survives() {
        let html = render(concat!(
            "<script>alert(1)</script>\n\n",
            "[click](javascript:alert(2))\n\n",
            "<img src=x onerror=\"alert(3)\">\n\n",
            "<iframe src=\"https://evil.example\"></iframe>\n\n",
            "<a href=\"JaVaScRiPt:alert(4)\">x</a> <p onclick=\"alert(5)\" style=\"color:red\">y</p>\n",
        ));
        let lower = html.to_lowercase();
        for active in [
            "<script",
            "javascript:",
            "onerror",
            "onclick",
            "<iframe",
            "style=",
        ] {
            assert!(!lower.contains(active), "{active} survived in {html}");
        }
        assert!(html.contains("click"), "the link text stays: {html}");
    }
}
