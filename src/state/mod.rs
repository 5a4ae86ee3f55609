//! The signal stores between the views and the API client: the session, the listings.
//! Their models and rules are `dashboard_core`'s; a store only holds them and calls the API.

pub mod alerts;
pub mod calls;
pub mod folder;
pub mod history;
pub mod list;
pub mod review;
pub mod scan;
pub mod session;

use crate::api::ApiError;

/// An answer on its way, here, or failed.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded<T> {
    Waiting,
    Got(T),
    Failed(ApiError),
}

impl<T> Loaded<T> {
    pub(crate) fn of(r: Result<T, ApiError>) -> Self {
        match r {
            Ok(v) => Self::Got(v),
            Err(e) => Self::Failed(e),
        }
    }
}
