mod error_panel;
mod quota_bar;
mod top_bar;
mod viewport;

pub use error_panel::ErrorPanel;
pub use quota_bar::QuotaBar;
pub use top_bar::TopBar;
pub use viewport::use_viewport;
