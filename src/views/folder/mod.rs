//! The folder grid: `/spaces/{spaceId}`, one folder of a space as tiles or a table, paged
//! and windowed. One component per file; `labels` holds the words, `keys` the arrow keys.

mod badges;
mod breadcrumbs;
mod entries;
mod footer;
mod grid;
mod icon;
mod keys;
mod labels;
mod list;
mod list_row;
mod listing_error;
mod page;
mod scanned_size;
mod sort_header;
mod space_header;
mod space_history;
mod thumbnails;
mod tile;
mod toolbar;

pub use icon::FileIcon;
pub use list_row::ListRow;
pub use page::FolderPage;
pub use thumbnails::{load_deferred_thumbnails, watch_thumbnail_errors, Flinging};
pub use tile::Tile;
