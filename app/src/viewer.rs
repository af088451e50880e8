//! The signed-in user, as the whole interface sees it: one resource, fetched with the
//! page and refetched after any action that changes who is signed in.
use crate::api::account::current_viewer;
use crate::domain::Viewer;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[derive(Clone, Copy)]
pub struct ViewerState {
    pub viewer: Resource<Result<Option<Viewer>, AppError>>,
    /// Bumped to refetch `viewer` (and anything else keyed on it).
    pub version: RwSignal<u32>,
}

pub fn provide_viewer() {
    let version = RwSignal::new(0);
    let viewer = Resource::new(move || version.get(), |_| current_viewer());
    provide_context(ViewerState { viewer, version });
}

pub fn use_viewer() -> ViewerState {
    expect_context::<ViewerState>()
}

/// After `action` succeeds, refetch the viewer (sign-in, sign-out, profile changes).
pub fn refresh_on_success<S>(action: ServerAction<S>)
where
    S: ServerFn<Error = AppError> + Send + Sync + Clone + 'static,
    S::Output: Send + Sync + Clone + 'static,
{
    let state = use_viewer();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            state.version.update(|n| *n += 1);
        }
    });
}
