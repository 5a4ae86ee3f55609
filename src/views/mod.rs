//! Views: pages and components. They read state and call state methods; they never call
//! the API client directly.

pub mod alerts;
pub mod app;
pub mod auth;
pub mod common;
pub mod folder;
pub mod scan;
pub mod spaces;
