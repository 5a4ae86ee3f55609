mod data_table;
mod error_panel;
mod history_chart;
mod lazy_details;
mod quota_bar;
mod sparkline;
mod top_bar;
mod treemap;
mod window;

pub use data_table::{data_table, map_table, Td};
pub use error_panel::ErrorPanel;
pub use history_chart::HistoryChart;
pub use lazy_details::LazyDetails;
pub use quota_bar::QuotaBar;
pub use sparkline::Sparkline;
pub use top_bar::TopBar;
pub use treemap::{CellAction, MapCell, Treemap};
pub use window::{use_window, Layout, Windowed};
