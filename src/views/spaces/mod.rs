mod org;
mod org_map;
mod page;
mod row;
mod skeleton;
mod snapshot;
mod summary;
mod thresholds;
mod toolbar;

pub use org_map::OrgMap;
pub use page::SpacesPage;
pub use row::{state_icon, state_msg, SpaceRow};
