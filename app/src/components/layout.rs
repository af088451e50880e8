//! The frame of every page: skip link, header with navigation and language switch,
//! the main landmark, and the footer.
use super::lang_switch::LangSwitch;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__name">{t!(i18n, brand)}</span>
                    <span class="brand__owner">{t!(i18n, brand_owner)}</span>
                </a>
                <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label)>
                    <ul>
                        <li><A href="/" exact=true>{t!(i18n, nav.home)}</A></li>
                        <li><A href="/courses">{t!(i18n, nav.courses)}</A></li>
                    </ul>
                </nav>
                <LangSwitch />
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{t!(i18n, footer.about)}</p>
        </footer>
    }
}
