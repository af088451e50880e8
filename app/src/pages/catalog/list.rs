use crate::api::catalog::list_courses;
use crate::components::{course_card::CourseCards, error_message::ErrorMessage};
use crate::i18n::*;
use crate::locale::use_lang;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let courses = Resource::new(move || lang.get(), list_courses);
    view! {
        <Title text=move || t_string!(i18n, catalog.title) />
        <Meta name="description" content=move || t_string!(i18n, catalog.meta_description) />
        <h1>{t!(i18n, catalog.title)}</h1>
        <p class="lead">{t!(i18n, catalog.lead)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match courses.await {
                    Ok(courses) => view! { <CourseCards courses heading_level=2 /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
