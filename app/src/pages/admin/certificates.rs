//! `/admin/certificates?q=…&page=…`: find a certificate by code or printed name; each
//! leads to its verification page, where an admin revokes it.
use crate::api::certificates::{CertificatePage, list_certificates};
use crate::components::error_message::ErrorMessage;
use crate::components::pagination::page_of;
use crate::domain::encode_query;
use crate::error::AppError;
use crate::i18n::*;
use crate::locale::use_lang;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

#[component]
pub fn AdminCertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = use_lang();
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || page_of(&query.read());
    let found = Resource::new(
        page_key(move || (search(), page(), lang)),
        |(search, page, lang)| list_certificates(search, page, lang),
    );
    view! {
        <Title text=t_string!(i18n, admin_certificates.title) />
        <h1>{t!(i18n, admin_certificates.title)}</h1>
        <p><a href="/admin/keys">{t!(i18n, admin_certificates.keys_link)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(found) => view! { <CertificateTable found search=search() /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/admin/certificates" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CertificateTable(found: CertificatePage, search: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = found.total;
    let page_link = {
        let search = search.clone();
        move |page: i64| {
            format!(
                "/admin/certificates?q={}&page={page}",
                encode_query(&search)
            )
        }
    };
    let rows = found
        .certificates
        .into_iter()
        .map(|cert| {
            let compact = cert.code.replace('-', "");
            view! {
                <tr>
                    <td><a href=format!("/verify/{compact}") class="code">{cert.code}</a></td>
                    <td>{match cert.learner_name {
                        Some(name) => view! { {name} }.into_any(),
                        None => view! { <em>{t!(i18n, verify.learner_deleted)}</em> }.into_any(),
                    }}</td>
                    <td lang=cert.course_title.lang.code()>{cert.course_title.text}</td>
                    <td>{cert.issued_on}</td>
                    <td>{match cert.revoked_on {
                        Some(date) => t_string!(i18n, admin_certificates.revoked_on, date = date).to_string(),
                        None => t_string!(i18n, admin_certificates.valid).to_string(),
                    }}</td>
                </tr>
            }
        })
        .collect_view();
    let (page, pages) = (found.page, found.pages);
    view! {
        <form method="get" action="/admin/certificates" class="search-form" role="search">
            <label for="certificate-search">{t!(i18n, admin_certificates.search_label)}</label>
            <input id="certificate-search" type="search" name="q" value=search.clone() />
            <button type="submit" class="button">{t!(i18n, admin.search_submit)}</button>
        </form>
        <p>{t!(i18n, admin_certificates.count, count = move || total)}</p>
        {if total == 0 {
            view! { <p>{t!(i18n, admin_certificates.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, verify.code_label)}</th>
                                <th scope="col">{t!(i18n, verify.learner)}</th>
                                <th scope="col">{t!(i18n, verify.course)}</th>
                                <th scope="col">{t!(i18n, verify.issued_on)}</th>
                                <th scope="col">{t!(i18n, admin_certificates.status)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <crate::components::pagination::Pagination page pages link=page_link />
    }
}
