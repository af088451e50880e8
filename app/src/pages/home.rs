//! `/`: what the platform is, and its newest courses (the catalogue has them all).
use crate::api::catalog::newest_courses;
use crate::components::{course_card::CourseCards, error_message::ErrorMessage};
use crate::i18n::*;
use crate::locale::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let courses = Resource::new(move || lang, newest_courses);
    view! {
        <Title text=t_string!(i18n, home.title) />
        // A string, not a closure: <Meta> is read when <head> is injected, outside this
        // request's reactive arena (see BrandedTitle in app.rs); a closure reading the
        // locale there panicked under load.
        <Meta name="description" content=t_string!(i18n, home.meta_description) />
        <section class="hero">
            <h1>{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.lead)}</p>
            <A href="/courses" attr:class="button">{t!(i18n, home.browse)}</A>
        </section>
        <section aria-labelledby="home-courses">
            <h2 id="home-courses">{t!(i18n, home.featured)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match courses.await {
                        Ok(courses) => view! { <CourseCards courses heading_level=3 /> }.into_any(),
                        Err(error) => view! { <ErrorMessage error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
