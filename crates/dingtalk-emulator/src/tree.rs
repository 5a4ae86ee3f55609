//! The folder tree of one space: generated from the seed and the space's position, so it is
//! the same on every run and can be built lazily, in any order.

use crate::data::{dentry_id, iso, World, NOW_MS};
use crate::names::{self, Kind};
use crate::paging::dentry_key;
use crate::rng::{hash64, Rng};
use dingtalk_wire::{
    AppProperties, AppProperty, Dentry, DentryProperties, DentryStatus, DentryType, OrderBy,
    PartitionType, Space, StorageDriver, Visibility,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, PoisonError};

mod first_space;

/// Caps memory (about 1 KB per entry); also keeps the nine-digit dentry counters unique.
pub const MAX_BIG_FOLDER: usize = 1_000_000;
/// Counters of the fixed folders at the root of the first space.
pub const BIG_FOLDER: u64 = 1;
pub const RESTRICTED: u64 = 2;
pub const ADMIN_ONLY: u64 = 3;

/// Who may list a folder's children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Everyone,
    AdminOnly,
    Nobody,
}

pub struct Node {
    pub dentry: Dentry,
    pub access: Access,
    /// The times as the client reads them back (rounded like the ISO text).
    pub created_ms: i64,
    pub modified_ms: i64,
}

pub struct Tree {
    pub nodes: Vec<Node>,
    by_id: HashMap<String, usize>,
    children: HashMap<String, Vec<usize>>,
    sorted: Mutex<SortCache>,
}

/// Sorted children per (parent, sort key); DESC reads them backwards.
type SortCache = HashMap<(String, OrderBy), Arc<[usize]>>;

impl Tree {
    fn new(nodes: Vec<Node>) -> Self {
        let mut by_id = HashMap::with_capacity(nodes.len());
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, n) in nodes.iter().enumerate() {
            by_id.insert(n.dentry.id.clone(), i);
            children
                .entry(n.dentry.parent_id.clone())
                .or_default()
                .push(i);
        }
        Self {
            nodes,
            by_id,
            children,
            sorted: Mutex::default(),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Node> {
        self.by_id.get(id).map(|&i| &self.nodes[i])
    }

    pub fn children(&self, parent_id: &str) -> &[usize] {
        self.children.get(parent_id).map_or(&[], Vec::as_slice)
    }

    /// Children in ascending (key, id) order, cached: paging a 10,000-entry folder must not
    /// sort it again for every page.
    pub fn sorted_children(&self, parent_id: &str, by: OrderBy) -> Arc<[usize]> {
        let mut cache = self.sorted.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (parent_id.to_owned(), by);
        if let Some(s) = cache.get(&key) {
            return s.clone();
        }
        let mut v = self.children(parent_id).to_vec();
        v.sort_by(|&a, &b| {
            let (a, b) = (&self.nodes[a], &self.nodes[b]);
            (dentry_key(a, by), &a.dentry.id).cmp(&(dentry_key(b, by), &b.dentry.id))
        });
        let v: Arc<[usize]> = v.into();
        cache.insert(key, v.clone());
        v
    }

    /// Every entry an operator may see (an admin, or not: what is under a folder they may
    /// not list is left out), in ascending (modified time, id) order: `listAll`'s stream.
    /// Cached like the folders' orders: a scan asks for it once a page, 2,000 times in a
    /// space of 100,000 entries.
    pub fn all_by_modified(&self, admin: bool) -> Arc<[usize]> {
        let mut cache = self.sorted.lock().unwrap_or_else(PoisonError::into_inner);
        // Not a dentry id (those are digits): the whole space's stream, per kind of operator.
        let key = (
            if admin { "*all admin" } else { "*all" }.to_owned(),
            OrderBy::ModifiedTime,
        );
        if let Some(s) = cache.get(&key) {
            return s.clone();
        }
        let may_list = |access: Access| match access {
            Access::Everyone => true,
            Access::AdminOnly => admin,
            Access::Nobody => false,
        };
        let visible = |node: &Node| {
            let mut parent = node.dentry.parent_id.as_str();
            for _ in 0..64 {
                match self.get(parent) {
                    Some(p) if !may_list(p.access) => return false,
                    Some(p) => parent = p.dentry.parent_id.as_str(),
                    None => return true,
                }
            }
            true
        };
        let mut v: Vec<usize> = (0..self.nodes.len())
            .filter(|&i| visible(&self.nodes[i]))
            .collect();
        v.sort_by(|&a, &b| {
            let (a, b) = (&self.nodes[a], &self.nodes[b]);
            (a.modified_ms, &a.dentry.id).cmp(&(b.modified_ms, &b.dentry.id))
        });
        let v: Arc<[usize]> = v.into();
        cache.insert(key, v.clone());
        v
    }
}

/// Where new entries go.
struct Parent {
    id: String,
    path: String,
    access: Access,
    created_ms: i64,
}

struct Gen<'w> {
    rng: Rng,
    space_index: usize,
    space_id: String,
    people: &'w [String],
    counter: u64,
    nodes: Vec<Node>,
}

pub fn generate(world: &World, index: usize, space: &Space) -> Tree {
    let mut g = Gen {
        rng: Rng::new(hash64(&[
            b"tree",
            &world.seed.to_le_bytes(),
            &index.to_le_bytes(),
        ])),
        space_index: index,
        space_id: space.space_id.clone(),
        people: &world.people,
        // The first space's fixed folders take the first counters.
        counter: if index == 0 { ADMIN_ONLY } else { 0 },
        nodes: Vec::new(),
    };
    let root = Parent {
        id: dingtalk_wire::ROOT_DENTRY_ID.into(),
        path: String::new(),
        access: Access::Everyone,
        created_ms: space
            .create_time
            .as_ref()
            .and_then(|t| t.epoch_ms())
            .unwrap_or(1_451_606_400_000),
    };
    if index == 0 {
        g.first_space(&root, world.big_folder_entries);
    } else if space.used_quota.unwrap_or(0) > 0 {
        let mut taken = HashSet::new();
        if g.rng.chance(0.1) {
            let name = *g.rng.pick(&[
                "董事会纪要（仅限董事）",
                "薪酬数据（保密）",
                "并购项目（保密）",
            ]);
            let id = g.next_id();
            let f = g.folder(&root, &mut taken, name, id, Access::Nobody);
            g.fill(&f, &mut HashSet::new(), 2, 2);
        }
        let max_depth = g.rng.range(2, 4) as u32;
        g.fill(&root, &mut taken, 1, max_depth);
    }
    Tree::new(g.nodes)
}

/// Adds " (2)", " (3)"... before the extension until the name is free in its folder.
fn unique(taken: &mut HashSet<String>, name: String) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => name.split_at(i),
        _ => (name.as_str(), ""),
    };
    let mut k = 2;
    loop {
        let candidate = format!("{stem} ({k}){ext}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        k += 1;
    }
}

impl Gen<'_> {
    fn next_id(&mut self) -> String {
        self.counter += 1;
        dentry_id(self.space_index, self.counter)
    }

    /// Adds one entry with plausible metadata; `times` fixes (created, modified).
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        parent: &Parent,
        id: String,
        name: String,
        kind: DentryType,
        ext: Option<&str>,
        size: Option<i64>,
        times: Option<(i64, i64)>,
    ) -> usize {
        let r = &mut self.rng;
        let (created, modified) = times.unwrap_or_else(|| {
            let c = r.range(parent.created_ms, NOW_MS - 86_400_000);
            (c, r.range(c, NOW_MS))
        });
        // One format per entry, so rounding never puts the modification before the creation.
        let with_seconds = r.chance(0.6);
        let (created, modified) = (iso(created, with_seconds), iso(modified, with_seconds));
        let creator = r.pick(self.people).clone();
        let modifier = if r.chance(0.6) {
            creator.clone()
        } else {
            r.pick(self.people).clone()
        };
        let category = match (&kind, ext.and_then(names::kind_of)) {
            (DentryType::File, Some(k)) => Some(k.category.to_owned()),
            (DentryType::File, None) => Some("other".to_owned()),
            _ => None,
        };
        let driver = if ext.is_some_and(names::is_alidoc) {
            StorageDriver::AliDoc
        } else if r.chance(0.01) {
            StorageDriver::UnknownDriver
        } else {
            StorageDriver::DingTalk
        };
        let partition = if r.chance(0.9) {
            PartitionType::PublicOss
        } else {
            PartitionType::MiniOss
        };
        let node = Node {
            access: parent.access,
            created_ms: created.epoch_ms().unwrap_or(0),
            modified_ms: modified.epoch_ms().unwrap_or(0),
            dentry: Dentry {
                id,
                space_id: self.space_id.clone(),
                parent_id: parent.id.clone(),
                path: Some(format!("{}/{}", parent.path, name)),
                name,
                kind: Some(kind),
                size,
                version: Some(if r.chance(0.7) { 1 } else { r.range(2, 40) }),
                status: Some(DentryStatus::Normal),
                extension: ext.map(str::to_owned),
                creator_id: Some(creator),
                modifier_id: Some(modifier),
                create_time: Some(created),
                modified_time: Some(modified),
                properties: Some(DentryProperties { read_only: false }),
                app_properties: AppProperties::default(),
                uuid: Some(r.hex(32)),
                partition_type: Some(partition),
                storage_driver: Some(driver),
                thumbnail: None,
                category,
            },
        };
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// Adds a folder and returns it as the parent of its future children.
    fn folder(
        &mut self,
        parent: &Parent,
        taken: &mut HashSet<String>,
        name: &str,
        id: String,
        access: Access,
    ) -> Parent {
        let name = unique(taken, name.to_owned());
        // Folders carry no size, or 0, depending on the API path that produced them.
        let size = self.rng.chance(0.3).then_some(0);
        let i = self.push(parent, id, name, DentryType::Folder, None, size, None);
        self.nodes[i].access = access;
        let d = &self.nodes[i].dentry;
        Parent {
            id: d.id.clone(),
            path: d.path.clone().unwrap_or_default(),
            access,
            created_ms: self.nodes[i].created_ms,
        }
    }

    fn file(
        &mut self,
        parent: &Parent,
        taken: &mut HashSet<String>,
        stem: &str,
        kind: &Kind,
    ) -> usize {
        let name = unique(taken, format!("{stem}.{}", kind.ext));
        let size = self.rng.log_range(kind.min_size, kind.max_size);
        let id = self.next_id();
        let ext = Some(kind.ext);
        self.push(parent, id, name, DentryType::File, ext, Some(size), None)
    }

    /// Fills a folder with 3-60 entries, and subfolders down to `max_depth` levels.
    fn fill(&mut self, parent: &Parent, taken: &mut HashSet<String>, depth: u32, max_depth: u32) {
        let n = 3 + (self.rng.unit().powi(2) * 58.0) as i64;
        let folders = if depth < max_depth {
            self.rng.range(1, (n / 3).clamp(1, 4))
        } else {
            0
        };
        for _ in 0..folders {
            let name = *self.rng.pick(names::FOLDERS);
            let id = self.next_id();
            let f = self.folder(parent, taken, name, id, parent.access);
            self.decorate(self.nodes.len() - 1);
            self.fill(&f, &mut HashSet::new(), depth + 1, max_depth);
        }
        for _ in folders..n {
            let i = self.random_file(parent, taken);
            self.decorate(i);
        }
    }

    fn random_file(&mut self, parent: &Parent, taken: &mut HashSet<String>) -> usize {
        const COMMON: &[&str] = &[
            "docx", "xlsx", "pptx", "pdf", "jpg", "png", "txt", "mp4", "zip",
        ];
        let roll = self.rng.below(100);
        if roll == 0 {
            let name = unique(
                taken,
                (*self.rng.pick(&["README", "Makefile", "LICENSE", "说明"])).to_owned(),
            );
            let (id, size) = (self.next_id(), self.rng.log_range(10, 20_000));
            return self.push(parent, id, name, DentryType::File, None, Some(size), None);
        }
        if roll == 1 {
            let name = unique(
                taken,
                format!("快捷方式 - {}", self.rng.pick(names::SPACES)),
            );
            let id = self.next_id();
            let kind = DentryType::Unknown("SHORTCUT".into());
            return self.push(parent, id, name, kind, None, None, None);
        }
        let kind = match roll {
            2..=60 => names::kind_of(self.rng.pick::<&str>(COMMON)),
            _ => Some(self.rng.pick(names::KINDS)),
        };
        let kind = kind.unwrap_or(&names::KINDS[0]);
        let stem = *self.rng.pick(names::FILE_STEMS);
        let stem = match self.rng.below(10) {
            0..=1 => format!(
                "{stem}_2024{:02}{:02}",
                self.rng.range(1, 12),
                self.rng.range(1, 28)
            ),
            2 => format!("{stem} (1)"),
            _ => stem.to_owned(),
        };
        self.file(parent, taken, &stem, kind)
    }

    /// Occasional deleted/expired entries, read-only flags and app properties.
    fn decorate(&mut self, i: usize) {
        let roll = self.rng.below(1000);
        let read_only = self.rng.chance(0.08);
        let app_props = self.rng.chance(0.1).then(|| self.app_properties());
        let d = &mut self.nodes[i].dentry;
        if roll < 30 {
            d.status = Some(DentryStatus::Deleted);
        } else if roll < 50 {
            d.status = Some(DentryStatus::Expired);
        }
        d.properties = Some(DentryProperties { read_only });
        if let Some(p) = app_props {
            d.app_properties = p;
        }
    }

    fn app_properties(&mut self) -> AppProperties {
        let source = *self.rng.pick(&["mobile", "pc", "web", "审批附件"]);
        let mut props = vec![AppProperty {
            name: "source".into(),
            value: source.into(),
            visibility: Some(Visibility::Public),
        }];
        if self.rng.chance(0.5) {
            props.push(AppProperty {
                name: "reviewState".into(),
                value: (*self.rng.pick(&["pending", "approved", "已归档"])).into(),
                visibility: Some(Visibility::Private),
            });
        }
        AppProperties(BTreeMap::from([("1507638".to_owned(), props)]))
    }
}
