//! "Previous · page N of M · Next" under a paged list: plain links, so paging works
//! without JavaScript.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;

/// The page the address asks for (`?page=N`, 1-based); 1 when absent or not a number.
pub fn page_of(query: &ParamsMap) -> i64 {
    query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1)
}

/// `link(n)` is the address of page `n` (1-based).
#[component]
pub fn Pagination(page: i64, pages: i64, link: impl Fn(i64) -> String + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="pagination" aria-label=move || t_string!(i18n, admin.pagination)>
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{t!(i18n, admin.previous)}</a> })}
            <span>{t!(i18n, admin.page_of, page = move || page, pages = move || pages.max(1))}</span>
            {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">{t!(i18n, admin.next)}</a> })}
        </nav>
    }
}
