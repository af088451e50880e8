//! The HTML shell, the `<App/>` root and the route table: read this file to see every page.
use crate::components::layout::Layout;
use crate::i18n::*;
use crate::locale::request_languages;
use crate::pages::{
    account, admin, catalog, certificates, cohorts, home::HomePage, learning, not_found::NotFound,
    quiz, teach,
};
use crate::viewer::provide_viewer;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScript options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Hydrates the page's islands (the few `#[island]` components: the quiz's autosave and
/// timer, the editors' unsaved-changes guard); everything else is plain HTML from the
/// server, whose links and forms work as they are. A page without an island loads no
/// wasm at all. Unlike Leptos' `<HydrationScripts>`, no `<link rel="preload">` hints
/// either: a browser without JavaScript would download the bundle for nothing.
/// `body[data-hydrated]` marks the page as fully interactive (for the browser tests).
/// (No file hashing: `hash-files` is off in Cargo.toml, so the names are fixed.)
#[component]
fn HydrationScript(options: LeptosOptions) -> impl IntoView {
    // Outside islands the server writes no hydration markers (as `<HydrationScripts
    // islands=true>` would tell it); each island turns them on for itself.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let pkg = format!("/{}/{}", options.site_pkg_dir, options.output_name);
    // cargo-leptos names the wasm like the JS when it sets LEPTOS_OUTPUT_NAME at build
    // time; a plain wasm-bindgen build adds `_bg`.
    let wasm = match option_env!("LEPTOS_OUTPUT_NAME") {
        Some(_) => format!("{pkg}.wasm"),
        None => format!("{pkg}_bg.wasm"),
    };
    // A module script runs once the document is parsed, so every island is there. Our
    // islands hold no islands, so a flat walk in document order is enough.
    let script = format!(
        "const islands = document.querySelectorAll('leptos-island');\
         const done = () => document.body.setAttribute('data-hydrated', 'true');\
         if (islands.length === 0) done();\
         else import({js:?}).then(m => m.default({{ module_or_path: {wasm:?} }}).then(() => {{\
           m.hydrate();\
           for (const island of islands) {{\
             const hydrate = m[island.dataset.component];\
             if (hydrate) hydrate(island); else console.error('no island', island.dataset.component);\
           }}\
           done();\
         }})).catch(error => console.error('hydrating the islands failed', error));",
        js = format!("{pkg}.js"),
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

/// Only our own files run, plus the inline hydration scripts Leptos marks with this
/// response's nonce; nothing is loaded from elsewhere, and no page can be framed.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use axum::http::{HeaderName, HeaderValue};
    let nonce = leptos::nonce::use_nonce()
        .map(|n| format!(" 'nonce-{n}'"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&policy),
    ) {
        response.insert_header(HeaderName::from_static("content-security-policy"), value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_viewer();

    // Pages load their data before the first byte is sent (`SsrMode::Async`): the HTML is
    // complete without JavaScript, which out-of-order streaming would not guarantee.
    view! {
        <I18nContextProvider enable_cookie=false ssr_lang_header_getter=request_languages()>
            <Stylesheet id="leptos" href="/pkg/ihrec-learn.css" />
            <BrandedTitle />
            <Router>
                <Layout>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                        <Route path=path!("/courses") view=catalog::CatalogPage ssr=SsrMode::Async />
                        <Route path=path!("/courses/:slug") view=catalog::CoursePage ssr=SsrMode::Async />
                        <Route path=path!("/courses/:slug/lessons/:lesson") view=learning::LessonPage ssr=SsrMode::Async />
                        <Route path=path!("/courses/:slug/quizzes/:module") view=quiz::QuizPage ssr=SsrMode::Async />
                        <Route path=path!("/attempts/:attempt") view=quiz::AttemptPage ssr=SsrMode::Async />
                        <Route path=path!("/register") view=account::RegisterPage ssr=SsrMode::Async />
                        <Route path=path!("/sign-in") view=account::SignInPage ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view=account::ForgotPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view=account::ResetPasswordPage ssr=SsrMode::Async />
                        <Route path=path!("/me/learning") view=learning::MyLearningPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=account::AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/account-deleted") view=account::AccountDeletedPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/users") view=admin::AdminUsersPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/certificates") view=admin::AdminCertificatesPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/keys") view=admin::AdminKeysPage ssr=SsrMode::Async />
                        <Route path=path!("/verify") view=certificates::VerifyPage ssr=SsrMode::Async />
                        <Route path=path!("/org") view=cohorts::OrganisationsPage ssr=SsrMode::Async />
                        <Route path=path!("/org/:slug") view=cohorts::OrganisationPage ssr=SsrMode::Async />
                        <Route path=path!("/org/:slug/cohorts/:cohort") view=cohorts::CohortPage ssr=SsrMode::Async />
                        <Route path=path!("/org/:slug/cohorts/:cohort/imports/:import") view=cohorts::ImportPage ssr=SsrMode::Async />
                        <Route path=path!("/join/:code") view=cohorts::JoinPage ssr=SsrMode::Async />
                        <Route path=path!("/invitations/:token") view=cohorts::InvitationPage ssr=SsrMode::Async />
                        <Route path=path!("/cities") view=cohorts::CitiesPage ssr=SsrMode::Async />
                        <Route path=path!("/verify/:code") view=certificates::VerifyPage ssr=SsrMode::Async />
                        <Route path=path!("/teach") view=teach::TeachPage ssr=SsrMode::Async />
                        <Route path=path!("/teach/:slug") view=teach::CourseEditorPage ssr=SsrMode::Async />
                        <Route path=path!("/teach/:slug/lessons/:lesson") view=teach::LessonEditorPage ssr=SsrMode::Async />
                        <Route path=path!("/teach/:slug/quizzes/:module") view=teach::QuizEditorPage ssr=SsrMode::Async />
                        <Route path=path!("/teach/:slug/quizzes/:module/preview") view=teach::QuizPreviewPage ssr=SsrMode::Async />
                        <Route path=path!("/teach/:slug/quizzes/:module/questions/:question") view=teach::QuestionEditorPage ssr=SsrMode::Async />
                        <Route path=path!("/teach/:slug/quizzes/:module/imports/:import") view=teach::QuestionImportPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// Every page title ends with the platform's name, in the reader's language.
#[component]
fn BrandedTitle() -> impl IntoView {
    // Read the locale now, while this request's reactive arena is current: leptos_axum
    // calls the formatter when it injects <head>, possibly on a thread whose current
    // arena belongs to another request, where reading a signal panics ("disposed").
    let brand = t_string!(use_i18n(), brand);
    let formatter = move |text: String| {
        if text.is_empty() {
            brand.to_owned()
        } else {
            format!("{text} · {brand}")
        }
    };
    view! { <Title formatter /> }
}
