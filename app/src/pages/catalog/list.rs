//! `/courses`: search, filters (language, topic, length) and pages of course cards. The
//! filter form is a plain GET form, so every result page has its own address.
use crate::api::catalog::{CatalogResults, search_courses};
use crate::components::{
    course_card::CourseCards,
    error_message::ErrorMessage,
    labels::{lang_name, length_name, topic_name},
};
use crate::domain::{CatalogFilter, Lang, Length, Topic};
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let get = |name: &str| query.get(name).filter(|v| !v.is_empty());
        CatalogFilter {
            q: get("q").unwrap_or_default(),
            language: get("language").and_then(|v| v.parse::<Lang>().ok()),
            topic: get("topic").and_then(|v| Topic::try_from(v).ok()),
            length: get("length").and_then(|v| Length::parse(&v)),
            page: get("page").and_then(|v| v.parse().ok()).unwrap_or(1),
        }
    });
    let results = Resource::new(page_key(move || (lang, filter.get())), |(lang, filter)| {
        search_courses(lang, filter)
    });
    view! {
        <Title text=t_string!(i18n, catalog.title) />
        // A string, not a closure: <Meta> is read when <head> is injected, outside this
        // request's reactive arena (see BrandedTitle in app.rs); a closure reading the
        // locale there panicked under load.
        <Meta name="description" content=t_string!(i18n, catalog.meta_description) />
        <h1>{t!(i18n, catalog.title)}</h1>
        <p class="lead">{t!(i18n, catalog.lead)}</p>
        // Rebuilt when the address changes (a link or "back" to another search).
        {move || view! { <FilterForm filter=filter.get() /> }}
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match results.await {
                    Ok(results) => view! { <Results results filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FilterForm(filter: CatalogFilter) -> impl IntoView {
    let i18n = use_i18n();
    let language = filter.language;
    let topic = filter.topic;
    let length = filter.length;
    view! {
        <form method="get" action="/courses" class="catalog-filter" role="search">
            <div class="field">
                <label for="catalog-q">{t!(i18n, catalog.search_label)}</label>
                <input id="catalog-q" type="search" name="q" value=filter.q />
            </div>
            <div class="field">
                <label for="catalog-language">{t!(i18n, catalog.language_filter)}</label>
                <select id="catalog-language" name="language">
                    <option value="" selected=language.is_none()>{t!(i18n, catalog.any_language)}</option>
                    {Lang::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=language == Some(l)>{move || lang_name(i18n, l)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="catalog-topic">{t!(i18n, catalog.topic_filter)}</label>
                <select id="catalog-topic" name="topic">
                    <option value="" selected=topic.is_none()>{t!(i18n, catalog.any_topic)}</option>
                    {Topic::ALL.into_iter().map(|tp| view! {
                        <option value=tp.code() selected=topic == Some(tp)>{move || topic_name(i18n, tp)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="catalog-length">{t!(i18n, catalog.length_filter)}</label>
                <select id="catalog-length" name="length">
                    <option value="" selected=length.is_none()>{t!(i18n, catalog.any_length)}</option>
                    {Length::ALL.into_iter().map(|l| view! {
                        <option value=l.code() selected=length == Some(l)>{move || length_name(i18n, l)}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{t!(i18n, catalog.apply)}</button>
        </form>
    }
}

#[component]
fn Results(results: CatalogResults, filter: CatalogFilter) -> impl IntoView {
    let i18n = use_i18n();
    let total = results.total;
    let (page, pages) = (results.page, results.pages);
    let filtered = filter.is_filtered();
    let body = if results.courses.is_empty() && filtered {
        view! {
            <p class="empty-state">{t!(i18n, catalog.no_results)}</p>
            <p><a href="/courses">{t!(i18n, catalog.clear)}</a></p>
        }
        .into_any()
    } else {
        view! { <CourseCards courses=results.courses heading_level=2 /> }.into_any()
    };
    view! {
        <p class="results-count" role="status">{t!(i18n, catalog.results, count = move || total)}</p>
        {body}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=move || t_string!(i18n, catalog.pagination)>
                {(page > 1).then(|| view! { <a href=filter.href(page - 1) rel="prev">{t!(i18n, catalog.previous)}</a> })}
                <span>{t!(i18n, catalog.page_of, page = move || page, pages = move || pages)}</span>
                {(page < pages).then(|| view! { <a href=filter.href(page + 1) rel="next">{t!(i18n, catalog.next)}</a> })}
            </nav>
        })}
    }
}
