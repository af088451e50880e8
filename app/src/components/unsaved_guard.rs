//! Once hydrated, a warning before leaving a page whose editor form (`form--guarded`)
//! has changes not yet saved: the browser's own prompt when the tab is closed or
//! reloaded, and a confirmation before a link inside the app is followed. Sending the
//! form is not leaving it: a saved form moves on to the next page (the guard goes with
//! this one), a refused one stays here, still guarded. Without JavaScript there is no
//! warning, and nothing else changes.
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn UnsavedChangesGuard() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "hydrate")]
    {
        use leptos::ev;
        use wasm_bindgen::{JsCast, closure::Closure};

        let dirty = StoredValue::new(false);
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
        let leaving = window_event_listener(ev::beforeunload, move |e| {
            if dirty.try_get_value() == Some(true) {
                e.prevent_default();
            }
        });
        // In the capture phase, so it runs before the router follows the link.
        let message = t_string!(i18n, form.unsaved_confirm).to_owned();
        let on_link = Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |e: web_sys::MouseEvent| {
            if dirty.try_get_value() != Some(true) {
                return;
            }
            let on_link = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten())
                // A download or a new tab does not leave the page.
                .is_some_and(|a| !a.has_attribute("download") && !a.has_attribute("target"));
            if on_link && !window().confirm_with_message(&message).unwrap_or(true) {
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
            leaving.remove();
            let _ = document().remove_event_listener_with_callback_and_bool(
                "click",
                on_link.as_ref().unchecked_ref(),
                true,
            );
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = i18n;
}
