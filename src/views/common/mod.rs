mod error_panel;
mod history_chart;
mod quota_bar;
mod sparkline;
mod top_bar;
mod window;

pub use error_panel::ErrorPanel;
pub use history_chart::HistoryChart;
pub use quota_bar::QuotaBar;
pub use sparkline::Sparkline;
pub use top_bar::TopBar;
pub use window::{use_window, Layout, Windowed};
