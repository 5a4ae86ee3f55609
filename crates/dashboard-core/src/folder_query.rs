//! The folder page's URL, `/spaces/{spaceId}?folder=..&path=..&sort=..&order=..&view=..`:
//! the one place it is read and written, so links, the back button and deep links agree.
//! `path` holds the ancestors of `folder` below the root, so breadcrumbs survive a reload.
//! Anything unreadable falls back to the defaults instead of failing the page.

use crate::listing::ListKey;
use dingtalk_wire::query::{encode, Params, QueryBuilder};
use dingtalk_wire::{is_valid_id, Order, OrderBy};

/// The id DingTalk gives a space's root folder.
pub const ROOT: &str = dingtalk_wire::ROOT_DENTRY_ID;
/// Deeper ancestries than this are dropped from the URL (breadcrumbs then start at the root).
const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ViewMode {
    #[default]
    Grid,
    List,
}

impl ViewMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Grid => "grid",
            Self::List => "list",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "grid" => Some(Self::Grid),
            "list" => Some(Self::List),
            _ => None,
        }
    }
}

/// The page of space `space_id` (its root folder in the default view): the one place a link
/// to a space is made.
pub fn space_href(space_id: &str) -> String {
    format!("/spaces/{}", encode(space_id))
}

/// What a folder listing lists: changing any of it means starting again from the first page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FolderKey {
    pub space_id: String,
    pub folder: String,
    pub sort: OrderBy,
    pub order: Order,
    /// Ask for thumbnails (grid view only: they slow the call).
    pub thumbnails: bool,
}

impl ListKey for FolderKey {
    /// The same folder in the same order serves, with thumbnails if they are wanted: a grid
    /// listing serves the list view; a list listing has no thumbnails for the grid.
    fn serves(&self, wanted: &Self) -> bool {
        self.space_id == wanted.space_id
            && self.folder == wanted.folder
            && self.sort == wanted.sort
            && self.order == wanted.order
            && (self.thumbnails || !wanted.thumbnails)
    }
}

/// What the folder page shows, as held in its URL query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FolderQuery {
    /// The folder listed; [`ROOT`] is the space's root.
    pub folder: String,
    /// Ancestors of `folder` below the root, outermost first.
    pub path: Vec<String>,
    pub sort: OrderBy,
    pub order: Order,
    pub view: ViewMode,
}

impl Default for FolderQuery {
    fn default() -> Self {
        Self {
            folder: ROOT.to_owned(),
            path: Vec::new(),
            sort: OrderBy::ModifiedTime,
            order: Order::Desc,
            view: ViewMode::Grid,
        }
    }
}

impl FolderQuery {
    /// Reads the query through `get` (e.g. the router's query map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Self {
        let d = Self::default();
        let folder = get("folder").filter(|f| is_valid_id(f)).unwrap_or(d.folder);
        let path = match get("path") {
            Some(p) if folder != ROOT && !p.is_empty() => {
                let ids: Vec<String> = p.split(',').map(str::to_owned).collect();
                let mut seen = std::collections::HashSet::new();
                let sound = ids.len() <= MAX_DEPTH
                    && ids.iter().all(|id| {
                        is_valid_id(id) && id != ROOT && *id != folder && seen.insert(id.clone())
                    });
                if sound {
                    ids
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        };
        Self {
            folder,
            path,
            sort: get("sort")
                .and_then(|s| OrderBy::parse(&s))
                .unwrap_or(d.sort),
            order: get("order")
                .and_then(|s| Order::parse(&s))
                .unwrap_or(d.order),
            view: get("view")
                .and_then(|s| ViewMode::parse(&s))
                .unwrap_or(d.view),
        }
    }

    /// Parses a query string (with or without the `?`).
    pub fn parse(query: &str) -> Self {
        let p = Params::parse(query);
        Self::from_lookup(|k| p.get(k).map(str::to_owned))
    }

    pub fn to_query(&self) -> String {
        let mut q = QueryBuilder::default();
        q.push("folder", &self.folder);
        if !self.path.is_empty() {
            q.push("path", &self.path.join(","));
        }
        q.push("sort", self.sort.as_str());
        q.push("order", self.order.as_str());
        q.push("view", self.view.as_str());
        q.finish()
    }

    /// The listing this query shows in `space_id`.
    pub fn key(&self, space_id: &str) -> FolderKey {
        FolderKey {
            space_id: space_id.to_owned(),
            folder: self.folder.clone(),
            sort: self.sort,
            order: self.order,
            thumbnails: self.view == ViewMode::Grid,
        }
    }

    /// The page's address for this query in `space_id`.
    pub fn href(&self, space_id: &str) -> String {
        format!("{}?{}", space_href(space_id), self.to_query())
    }

    pub fn is_root(&self) -> bool {
        self.folder == ROOT
    }

    /// The folders from the root down to the current one, root excluded.
    pub fn trail(&self) -> Vec<String> {
        let mut t = self.path.clone();
        if !self.is_root() {
            t.push(self.folder.clone());
        }
        t
    }

    /// The same view of the subfolder `id`.
    pub fn child(&self, id: &str) -> Self {
        let mut path = self.trail();
        if path.len() > MAX_DEPTH || path.iter().any(|p| p == id) {
            path.clear();
        }
        Self {
            folder: id.to_owned(),
            path,
            ..self.clone()
        }
    }

    /// The same view of the parent folder; `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        if self.is_root() {
            return None;
        }
        let mut path = self.path.clone();
        let folder = path.pop().unwrap_or_else(|| ROOT.to_owned());
        Some(Self {
            folder,
            path,
            ..self.clone()
        })
    }

    /// Names for the folders of [`Self::trail`], read from the `path` of an entry listed in
    /// the current folder ("/A/B/entry" names the trail's folders A and B). The trail comes
    /// from the URL, which may be stale, cut below the root or edited: only a path with as
    /// many folders as the trail names them all; any other names the current folder alone
    /// (the path's last folder is always the entry's parent). Pairs of (folder id, name).
    pub fn names_from_path(&self, entry_path: &str) -> Vec<(String, String)> {
        let mut folders: Vec<&str> = entry_path
            .split('/')
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        // The last segment is the entry itself.
        if folders.pop().is_none() || folders.iter().any(|s| *s == ".." || s.trim().is_empty()) {
            return Vec::new();
        }
        let trail = self.trail();
        let take = if folders.len() == trail.len() {
            trail.len()
        } else {
            1
        };
        trail
            .into_iter()
            .rev()
            .zip(folders.into_iter().rev())
            .take(take)
            .map(|(id, name)| (id, name.to_owned()))
            .collect()
    }

    /// The ancestor at `depth` in [`Self::trail`] (0 is the root, 1 the first folder below it).
    pub fn ancestor(&self, depth: usize) -> Self {
        let trail = self.trail();
        match depth.checked_sub(1).and_then(|i| trail.get(i)) {
            None => Self {
                folder: ROOT.to_owned(),
                path: Vec::new(),
                ..self.clone()
            },
            Some(id) => Self {
                folder: id.clone(),
                path: trail[..depth - 1].to_vec(),
                ..self.clone()
            },
        }
    }

    pub fn with_sort(&self, sort: OrderBy, order: Order) -> Self {
        Self {
            sort,
            order,
            ..self.clone()
        }
    }

    pub fn with_view(&self, view: ViewMode) -> Self {
        Self {
            view,
            ..self.clone()
        }
    }
}

/// The natural first direction of a sort: A to Z for names, biggest and newest first else.
pub fn default_order(by: OrderBy) -> Order {
    match by {
        OrderBy::Name => Order::Asc,
        _ => Order::Desc,
    }
}

/// Clicking a column header: the same column flips its direction, another column starts
/// in its natural direction.
pub fn next_sort(current: (OrderBy, Order), clicked: OrderBy) -> (OrderBy, Order) {
    match current {
        (by, Order::Asc) if by == clicked => (by, Order::Desc),
        (by, Order::Desc) if by == clicked => (by, Order::Asc),
        _ => (clicked, default_order(clicked)),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_from_an_entry_path_align_with_the_trail_from_its_end() {
        let q = FolderQuery::default().child("a").child("b").child("c");
        let names = q.names_from_path("/A/B/C/file.txt");
        assert_eq!(
            names,
            vec![
                ("c".to_owned(), "C".to_owned()),
                ("b".to_owned(), "B".to_owned()),
                ("a".to_owned(), "A".to_owned()),
            ]
        );
        // A trail that does not match the path (cut below the root, stale or edited) names
        // the current folder only.
        let cut = FolderQuery {
            path: vec!["b".to_owned()],
            ..q.clone()
        };
        assert_eq!(
            cut.names_from_path("/A/B/C/file.txt"),
            vec![("c".to_owned(), "C".to_owned())]
        );
        assert_eq!(
            q.names_from_path("/B/C/x"),
            vec![("c".to_owned(), "C".to_owned())]
        );
        // Relative forms, doubled and trailing slashes.
        assert_eq!(q.names_from_path("./A//B/C/x/").len(), 3);
        assert_eq!(q.names_from_path("./C//x/")[0].1, "C");
        // Blank or parent segments make the path unusable.
        assert!(q.names_from_path("/A/ /C/x").is_empty());
        assert!(q.names_from_path("/A/../C/x").is_empty());
        // Nothing to learn from a root entry, an empty path or the root itself.
        assert!(q.names_from_path("./x").is_empty());
        assert!(q.names_from_path("").is_empty());
        assert!(q.names_from_path("///").is_empty());
        assert!(FolderQuery::default().names_from_path("/A/x").is_empty());
    }

    use super::*;

    #[test]
    fn defaults_for_an_empty_or_broken_query() {
        assert_eq!(FolderQuery::parse(""), FolderQuery::default());
        assert_eq!(
            FolderQuery::parse("?folder=a%2Fb&sort=SIZES&order=UP&view=table&path=1,2"),
            FolderQuery::default()
        );
        let d = FolderQuery::default();
        assert_eq!(
            (d.folder.as_str(), d.sort, d.order, d.view),
            ("0", OrderBy::ModifiedTime, Order::Desc, ViewMode::Grid)
        );
    }

    #[test]
    fn round_trip() {
        let q = FolderQuery {
            folder: "1000000001".into(),
            path: vec!["12".into(), "34".into()],
            sort: OrderBy::Size,
            order: Order::Asc,
            view: ViewMode::List,
        };
        let s = q.to_query();
        assert_eq!(
            s,
            "folder=1000000001&path=12%2C34&sort=SIZE&order=ASC&view=list"
        );
        assert_eq!(FolderQuery::parse(&s), q);
        assert_eq!(FolderQuery::parse(&format!("?{s}")), q);
        // A hand-written comma works too.
        assert_eq!(
            FolderQuery::parse("folder=1000000001&path=12,34&sort=SIZE&order=ASC&view=list"),
            q
        );
        for sort in OrderBy::ALL {
            for order in [Order::Asc, Order::Desc] {
                for view in [ViewMode::Grid, ViewMode::List] {
                    let q = FolderQuery::default()
                        .with_sort(sort, order)
                        .with_view(view);
                    assert_eq!(FolderQuery::parse(&q.to_query()), q);
                }
            }
        }
        assert_eq!(q.href("28000000001"), format!("/spaces/28000000001?{s}"));
        assert_eq!(
            FolderQuery::default().href("a/b"),
            "/spaces/a%2Fb?folder=0&sort=MODIFIED_TIME&order=DESC&view=grid"
        );
    }

    #[test]
    fn unsound_paths_are_dropped_not_trusted() {
        for path in ["1,,2", "1,0", "1,5", "1,1", "1,a b", "x;y"] {
            let q = FolderQuery::parse(&format!("folder=5&path={path}"));
            assert_eq!(q.folder, "5");
            assert!(q.path.is_empty(), "{path}");
        }
        let deep: Vec<String> = (0..100).map(|i| i.to_string()).collect();
        let q = FolderQuery::parse(&format!("folder=x&path={}", deep.join(",")));
        assert!(q.path.is_empty());
        // The root has no ancestors.
        assert!(FolderQuery::parse("folder=0&path=1,2").path.is_empty());
    }

    #[test]
    fn moving_around_the_tree() {
        let root = FolderQuery::default().with_sort(OrderBy::Size, Order::Asc);
        assert_eq!(root.parent(), None);
        let a = root.child("a");
        assert_eq!((a.folder.as_str(), a.path.len()), ("a", 0));
        assert_eq!(a.sort, OrderBy::Size, "the sort is kept");
        let b = a.child("b");
        let c = b.child("c");
        assert_eq!(c.path, vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!(c.trail(), vec!["a", "b", "c"]);
        assert_eq!(c.parent(), Some(b.clone()));
        assert_eq!(b.parent(), Some(a.clone()));
        assert_eq!(a.parent(), Some(root.clone()));
        assert_eq!(c.ancestor(0), root);
        assert_eq!(c.ancestor(1), a);
        assert_eq!(c.ancestor(2), b);
        assert_eq!(c.ancestor(3), c);
        assert_eq!(c.ancestor(9), root);
        // A folder that is its own ancestor (a cycle) restarts the trail.
        assert!(c.child("a").path.is_empty());
    }

    #[test]
    fn header_clicks() {
        use Order::*;
        use OrderBy::*;
        assert_eq!(
            next_sort((ModifiedTime, Desc), ModifiedTime),
            (ModifiedTime, Asc)
        );
        assert_eq!(
            next_sort((ModifiedTime, Asc), ModifiedTime),
            (ModifiedTime, Desc)
        );
        assert_eq!(next_sort((ModifiedTime, Desc), Name), (Name, Asc));
        assert_eq!(next_sort((Name, Asc), Size), (Size, Desc));
        assert_eq!(next_sort((Name, Desc), CreateTime), (CreateTime, Desc));
    }

    #[test]
    fn a_grid_listing_serves_the_list_not_the_other_way() {
        let grid = FolderQuery::default();
        let list = grid.clone().with_view(ViewMode::List);
        let (g, l) = (grid.key("s"), list.key("s"));
        assert!(g.thumbnails && !l.thumbnails);
        assert!(g.serves(&l) && g.serves(&g));
        assert!(!l.serves(&g), "a list listing has no thumbnails");
        assert!(!g.serves(&grid.key("t")));
        let by_name = grid.with_sort(OrderBy::Name, Order::Desc);
        assert!(!g.serves(&by_name.key("s")));
        let other = FolderQuery::parse("folder=7");
        assert!(!g.serves(&other.key("s")));
    }
}
