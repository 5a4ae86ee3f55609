//! State between the views and the API client: paging, loading, the session.

pub mod entry;
pub mod fling;
pub mod folder;
pub mod folder_query;
pub mod listing;
pub mod paging;
pub mod review;
pub mod review_csv;
pub mod session;
pub mod spaces;
pub mod window;
