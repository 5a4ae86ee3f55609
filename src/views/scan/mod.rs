//! A space's scan on its page (admins): what it costs and the button to start it, its
//! progress, and its results as a treemap, the largest files, breakdowns and likely
//! duplicates. Every view takes its data as props; the section fetches it
//! (`crate::state::scan`).

mod about;
mod breakdown;
mod duplicates;
mod largest;
mod progress;
mod results;
mod section;
mod space_map;
mod start;

pub use breakdown::BreakdownTable;
pub use duplicates::DuplicateTable;
pub use largest::LargestFiles;
pub use section::ScanSection;
pub use space_map::SpaceMap;
pub use start::ScanStart;

use dashboard_core::scan::Kind;

/// The CSS class of a kind's colour.
pub fn kind_class(k: Kind) -> &'static str {
    match k {
        Kind::Documents => "kind-documents",
        Kind::Images => "kind-images",
        Kind::Video => "kind-video",
        Kind::Audio => "kind-audio",
        Kind::Archives => "kind-archives",
        Kind::Other => "kind-other",
    }
}
