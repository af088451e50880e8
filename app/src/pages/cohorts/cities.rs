//! `/cities`: the public page of the network: partner cities, the courses they offer,
//! how many of their staff completed training (not shown below five), and the progress
//! toward 1,000 human rights cities by 2030.
use crate::api::cohorts::{CityNetwork, list_cities};
use crate::components::error_message::ErrorMessage;
use crate::i18n::*;
use crate::locale::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn CitiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let network = Resource::new(move || lang, list_cities);
    view! {
        <Title text=t_string!(i18n, cities.title) />
        <h1>{t!(i18n, cities.title)}</h1>
        <p>{t!(i18n, cities.lead)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match network.await {
                    Ok(network) => view! { <Network network /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Network(network: CityNetwork) -> impl IntoView {
    let i18n = use_i18n();
    let (count, goal) = (network.count, network.goal);
    view! {
        <p id="network-progress">{t!(i18n, cities.progress, count = move || count, goal = move || goal)}</p>
        <progress max=goal value=count aria-labelledby="network-progress"></progress>
        {if network.cities.is_empty() {
            view! { <p class="empty-state">{t!(i18n, cities.none)}</p> }.into_any()
        } else {
            view! {
                <ul class="course-list" role="list">
                    {network.cities.into_iter().map(|city| {
                        let place = [city.region.clone(), city.country.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
                        view! {
                            <li class="course-card">
                                <h2 class="course-card__title" lang=city.name.lang.code()>{city.name.text}</h2>
                                {(!place.is_empty()).then(|| view! { <p>{place}</p> })}
                                {city.declared_year.map(|year| view! { <p>{t!(i18n, cities.declared, year = move || year)}</p> })}
                                {if city.courses.is_empty() {
                                    view! { <p>{t!(i18n, cities.no_courses)}</p> }.into_any()
                                } else {
                                    view! {
                                        <p>{t!(i18n, cities.courses)}</p>
                                        <ul>{city.courses.into_iter().map(|c| view! { <li lang=c.lang.code()>{c.text}</li> }).collect_view()}</ul>
                                    }.into_any()
                                }}
                                <p>{match city.completed {
                                    Some(n) => t_string!(i18n, cities.completed, count = n).to_string(),
                                    None => t_string!(i18n, cities.completed_few).to_string(),
                                }}</p>
                                {city.website.map(|url| view! { <p><a href=url rel="external noopener">{t!(i18n, cities.website)}</a></p> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
