//! The signal stores between the views and the API client: the session, the listings.
//! Their models and rules are `dashboard_core`'s; a store only holds them and calls the API.

pub mod calls;
pub mod folder;
pub mod history;
pub mod list;
pub mod review;
pub mod scan;
pub mod session;
