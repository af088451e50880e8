//! `/admin/users?q=…&page=…`: find users and change their roles.
use crate::api::admin::{SetUserRole, UserPage, list_users};
use crate::components::pagination::page_of;
use crate::components::{
    error_message::ErrorMessage,
    form::{FormAlert, Notice, form_errors, other_error},
    labels::role_name,
};
use crate::domain::{Role, encode_query};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::page_key;
use crate::viewer::use_viewer;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{components::Redirect, hooks::use_query_map};

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let search = move || query.read().get("q").unwrap_or_default();
    let page = move || page_of(&query.read());
    let users = Resource::new(
        page_key(move || (search(), page(), query.read().get("done"))),
        |(search, page, _)| list_users(search, page),
    );
    let role_saved = move || query.read().get("done").is_some_and(|d| d == "role");
    view! {
        <Title text=t_string!(i18n, admin.users_title) />
        <h1>{t!(i18n, admin.users_title)}</h1>
        <Show when=role_saved>
            <Notice text=move || t_string!(i18n, admin.role_saved) />
        </Show>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(found) => view! { <UserTable found search=search() /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/sign-in?next=/admin/users" /> }.into_any(),
                    Err(error) => view! { <ErrorMessage error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserTable(found: UserPage, search: String) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_viewer().viewer.map(|v| v.id);
    let action = ServerAction::<SetUserRole>::new();
    let errors = form_errors(action);
    let total = found.total;
    let page_link = {
        let search = search.clone();
        move |page: i64| format!("/admin/users?q={}&page={page}", encode_query(&search))
    };
    let back = format!(
        "/admin/users?q={}&page={}",
        encode_query(&search),
        found.page
    );
    let rows = found
        .users
        .into_iter()
        .map(|user| {
            let select_id = format!("role-{}", user.id);
            let name = user.display_name.clone();
            let is_me = Some(user.id) == me;
            let back = back.clone();
            view! {
                <tr>
                    <td>{user.display_name.clone()}{is_me.then(|| view! { " " {t!(i18n, admin.yourself)} })}</td>
                    <td>{user.email}</td>
                    <td>
                        {if is_me {
                            view! { {move || role_name(i18n, user.role)} }.into_any()
                        } else {
                            view! {
                                <ActionForm action attr:class="inline-form">
                                    <input type="hidden" name="user_id" value=user.id.to_string() />
                                    <input type="hidden" name="back" value=back />
                                    <label for=select_id.clone() class="visually-hidden">
                                        {move || t_string!(i18n, admin.role_for, name = name.clone()).to_string()}
                                    </label>
                                    <select id=select_id name="role">
                                        {Role::ALL.into_iter().map(|role| view! {
                                            <option value=role.code() selected=role == user.role>{move || role_name(i18n, role)}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="submit" class="button button--small">{t!(i18n, admin.change_role)}</button>
                                </ActionForm>
                            }.into_any()
                        }}
                    </td>
                    <td>{user.created_on}</td>
                </tr>
            }
        })
        .collect_view();
    let (page, pages) = (found.page, found.pages);
    view! {
        <form method="get" action="/admin/users" class="search-form" role="search">
            <label for="user-search">{t!(i18n, admin.search_label)}</label>
            <input id="user-search" type="search" name="q" value=search.clone() />
            <button type="submit" class="button">{t!(i18n, admin.search_submit)}</button>
        </form>
        <FormAlert errors other=other_error(action) />
        <p>{t!(i18n, admin.count, count = move || total)}</p>
        {if total == 0 {
            view! { <p>{t!(i18n, admin.none)}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, admin.col_name)}</th>
                                <th scope="col">{t!(i18n, admin.col_email)}</th>
                                <th scope="col">{t!(i18n, admin.col_role)}</th>
                                <th scope="col">{t!(i18n, admin.col_created)}</th>
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
