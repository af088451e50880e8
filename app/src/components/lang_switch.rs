//! The language switch: a plain form posted to `/lang`, which sets the language cookie
//! and sends the reader back to the page they were on. Works the same without JavaScript.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        match search.trim_start_matches('?') {
            "" => path,
            query => format!("{path}?{query}"),
        }
    };
    view! {
        <form class="lang-switch" method="post" action="/lang" aria-label=move || t_string!(i18n, lang_switch.label)>
            <input type="hidden" name="next" value=here />
            <input type="hidden" name="lang" value=move || t_string!(i18n, lang_switch.other_code) />
            <button
                type="submit"
                lang=move || t_string!(i18n, lang_switch.other_code)
                title=move || t_string!(i18n, lang_switch.hint)
            >
                {t!(i18n, lang_switch.other_name)}
            </button>
        </form>
    }
}
