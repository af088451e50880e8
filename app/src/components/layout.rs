//! The frame of every page: skip link, header with navigation, account links and
//! language switch, the main landmark, and the footer.
use super::lang_switch::LangSwitch;
use crate::api::account::SignOut;
use crate::domain::{Permission, Viewer};
use crate::i18n::*;
use crate::viewer::use_viewer;
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
                        <li><A href="/cities">{t!(i18n, nav.cities)}</A></li>
                    </ul>
                </nav>
                <AccountMenu />
                <LangSwitch />
            </div>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{t!(i18n, footer.about)}" "<a href="/verify">{t!(i18n, footer.verify)}</a></p>
        </footer>
    }
}

/// "Sign in / Create account", or the signed-in user's links and a sign-out button.
#[component]
fn AccountMenu() -> impl IntoView {
    let i18n = use_i18n();
    match use_viewer().viewer {
        Some(viewer) => view! { <SignedIn viewer /> }.into_any(),
        None => view! {
            <ul class="account-menu">
                <li><A href="/sign-in">{t!(i18n, nav.sign_in)}</A></li>
                <li><A href="/register">{t!(i18n, nav.register)}</A></li>
            </ul>
        }
        .into_any(),
    }
}

#[component]
fn SignedIn(viewer: Viewer) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    let is_admin = viewer.may(Permission::ManageUsers);
    let may_certify = viewer.may(Permission::ManageCertificates);
    let runs_cities = is_admin || !viewer.admin_of.is_empty();
    let teaches = viewer.may(Permission::AuthorCourses);
    let name = viewer.display_name;
    view! {
        <ul class="account-menu">
            <li><A href="/me/learning">{t!(i18n, nav.mine)}</A></li>
            <li>
                <A href="/account">
                    <span class="visually-hidden">{move || t_string!(i18n, nav.signed_in_as, name = name.clone()).to_string()}" "</span>
                    {t!(i18n, nav.account)}
                </A>
            </li>
            {teaches.then(|| view! { <li><A href="/teach">{t!(i18n, nav.teach)}</A></li> })}
            {is_admin.then(|| view! { <li><A href="/admin/users">{t!(i18n, nav.admin)}</A></li> })}
            {may_certify.then(|| view! { <li><A href="/admin/certificates">{t!(i18n, nav.admin_certificates)}</A></li> })}
            {runs_cities.then(|| view! { <li><A href="/org">{t!(i18n, nav.organisations)}</A></li> })}
            <li>
                <ActionForm action=sign_out attr:class="inline-form">
                    <button type="submit" class="link-button">{t!(i18n, nav.sign_out)}</button>
                </ActionForm>
            </li>
        </ul>
    }
}
