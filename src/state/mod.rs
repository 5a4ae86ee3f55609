//! State between the views and the API client: paging, loading, the session.

pub mod paging;
pub mod review;
pub mod review_csv;
pub mod session;
pub mod spaces;
