//! State between the views and the API client: paging, loading, the session.

pub mod paging;
pub mod session;
pub mod spaces;
