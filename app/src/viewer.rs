//! The signed-in user, as the whole interface sees it: one resource, fetched with the
//! page. Every page is a document load (islands mode), so an action that changes who is
//! signed in ends in a redirect and the next page fetches it afresh.
use crate::api::account::current_viewer;
use crate::domain::Viewer;
use crate::error::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ViewerState {
    pub viewer: Resource<Result<Option<Viewer>, AppError>>,
}

pub fn provide_viewer() {
    let viewer = Resource::new(|| (), |_| current_viewer());
    provide_context(ViewerState { viewer });
}

pub fn use_viewer() -> ViewerState {
    expect_context::<ViewerState>()
}
