mod org;
mod page;
mod row;
mod skeleton;
mod snapshot;
mod summary;
mod thresholds;
mod toolbar;

pub use page::SpacesPage;
pub use row::{state_icon, state_msg, SpaceRow};
