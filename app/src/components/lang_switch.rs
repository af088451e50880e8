//! The language switch: a plain form posted to `/lang`, which sets the language cookie
//! and sends the reader back to the page they were on. Works the same without JavaScript.
use crate::domain::Lang;
use crate::i18n::*;
use crate::locale::use_lang;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    // The switch offers the other language; its name is written in that language.
    let other = match lang {
        Lang::En => Lang::Ko,
        Lang::Ko => Lang::En,
    }
    .code();
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
            <input type="hidden" name="lang" value=other />
            <button type="submit" lang=other>
                {t!(i18n, lang_switch.other_name)}
            </button>
        </form>
    }
}
