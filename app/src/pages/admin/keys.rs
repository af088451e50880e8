//! `/admin/keys`: the certificate signing keys (public parts only) and rotation.
use crate::api::certificates::{RotateSigningKey, list_signing_keys};
use crate::components::{
    error_message::ErrorMessage,
    form::{FormAlert, Notice, form_errors, other_error},
};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::page_key;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

#[component]
pub fn AdminKeysPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let keys = Resource::new(page_key(move || query.read().get("done")), |_| {
        list_signing_keys()
    });
    let rotated = move || query.read().get("done").is_some_and(|d| d == "rotated");
    let action = ServerAction::<RotateSigningKey>::new();
    let errors = form_errors(action);
    view! {
        <Title text=t_string!(i18n, keys.title) />
        <h1>{t!(i18n, keys.title)}</h1>
        <p>{t!(i18n, keys.lead)}</p>
        <Show when=rotated>
            <Notice text=move || t_string!(i18n, keys.rotated) />
        </Show>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match keys.await {
                    Ok(keys) => view! {
                        <div class="table-scroll">
                            <table class="data-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, keys.col_kid)}</th>
                                        <th scope="col">{t!(i18n, keys.col_created)}</th>
                                        <th scope="col">{t!(i18n, keys.col_status)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {keys.into_iter().map(|key| view! {
                                        <tr>
                                            <td class="code">{key.kid}</td>
                                            <td>{key.created_on}</td>
                                            <td>{match key.retired_on {
                                                Some(date) => t_string!(i18n, keys.retired_on, date = date).to_string(),
                                                None => t_string!(i18n, keys.active).to_string(),
                                            }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <ActionForm action attr:class="form">
                            <FormAlert errors other=other_error(action) />
                            <p>{t!(i18n, keys.rotate_lead)}</p>
                            <button type="submit" class="button">{t!(i18n, keys.rotate)}</button>
                        </ActionForm>
                    }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/admin/keys" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
