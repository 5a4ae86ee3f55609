mod page;
mod row;

pub use page::SpacesPage;
pub use row::SpaceRow;
