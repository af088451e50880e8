//! With JavaScript, a warning before leaving a page whose editor form (`form--guarded`)
//! has changes not yet saved: the browser's own prompt when the tab is closed or
//! reloaded, and a confirmation before a link inside the app is followed. Sending the
//! form is not leaving it: the post goes without a question, and a refused one comes
//! back with what was typed and a field marked invalid, which counts as unsaved again.
//! Without JavaScript there is no warning, and nothing else changes.
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn UnsavedChangesGuard() -> impl IntoView {
    let message = t_string!(use_i18n(), form.unsaved_confirm).to_owned();
    view! { <LeaveGuard message /> }
}

/// The island behind the guard. Islands carry no catalogue: the question to ask comes
/// from the server, in the reader's language.
#[island]
fn LeaveGuard(message: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use leptos::ev;
        use wasm_bindgen::{JsCast, closure::Closure};

        // A refused post came back: what is in the form is still not saved.
        let refused = document()
            .query_selector(".form--guarded [aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .is_some();
        let dirty = StoredValue::new(refused);
        // Set when this departure has already been allowed (the form is being sent, or
        // the reader said yes to leaving): the `beforeunload` that follows does not ask,
        // and clears it. `dirty` itself stays, so a page brought back by the Back
        // button, edits still in its fields, still guards them.
        let allowed = StoredValue::new(false);
        let in_guarded_form = |event: &web_sys::Event| {
            event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".form--guarded").ok().flatten())
                .is_some()
        };
        let typed = window_event_listener(ev::input, move |e| {
            if in_guarded_form(&e) {
                dirty.set_value(true);
            }
        });
        let sending = window_event_listener(ev::submit, move |e| {
            if in_guarded_form(&e) {
                allowed.set_value(true);
            }
        });
        let leaving = window_event_listener(ev::beforeunload, move |e| {
            let allowed = allowed.try_update_value(std::mem::take) == Some(true);
            if dirty.try_get_value() == Some(true) && !allowed {
                e.prevent_default();
            }
        });
        // In the capture phase, so it runs before the browser follows the link.
        let on_link = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
            // A new tab or window (modifier keys, another button) does not leave the page.
            let plain_click =
                e.button() == 0 && !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key());
            if dirty.try_get_value() != Some(true) || e.default_prevented() || !plain_click {
                return;
            }
            let leaves = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                // Nor does a download, a link into this page (the skip link, the error
                // summary's links to its fields) or a mail or phone link.
                .filter(|a| !a.has_attribute("download") && !a.has_attribute("target"))
                .and_then(|a| a.get_attribute("href"))
                .is_some_and(|href| !["#", "mailto:", "tel:"].iter().any(|p| href.starts_with(p)));
            if !leaves {
                return;
            }
            if window().confirm_with_message(&message).unwrap_or(true) {
                allowed.set_value(true);
            } else {
                e.prevent_default();
            }
        });
        let _ = document().add_event_listener_with_callback_and_bool(
            "click",
            on_link.as_ref().unchecked_ref(),
            true,
        );
        let on_link = send_wrapper::SendWrapper::new(on_link);
        on_cleanup(move || {
            typed.remove();
            sending.remove();
            leaving.remove();
            let _ = document().remove_event_listener_with_callback_and_bool(
                "click",
                on_link.as_ref().unchecked_ref(),
                true,
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = message;
}
