//! The org's spaces (generated up front: cheap even for thousands) and their folder trees
//! (generated on first access and cached: a tree costs far more than a space).

use crate::names;
use crate::rng::{hash64, Rng};
use crate::tree::{self, Tree};
use dingtalk_wire::{IsoTime, PermissionMode, Space, SpaceType};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// "Now" of the demo data (2025-06-01T00:00:00Z): fixed so a seed always gives the same data.
pub const NOW_MS: i64 = 1_748_736_000_000;
const GIB: i64 = 1 << 30;
const TIB: i64 = 1 << 40;

/// Ids are fixed-width decimals, so string order (the listing order) is index order and
/// the designated first space keeps its id whatever the seed.
pub fn space_id(index: usize) -> String {
    (28_000_000_001u64 + index as u64 * 37).to_string()
}

/// Unique across spaces: the space number, then a nine-digit counter.
pub fn dentry_id(space_index: usize, counter: u64) -> String {
    format!("{}{:09}", space_index + 1, counter)
}

/// A time as DingTalk writes it, with or without seconds (both appear in the wild).
pub fn iso(ms: i64, with_seconds: bool) -> IsoTime {
    if with_seconds {
        return IsoTime::from_epoch_ms(ms - ms.rem_euclid(1000));
    }
    let t = IsoTime::from_epoch_ms(ms - ms.rem_euclid(60_000));
    let raw = t.raw();
    match raw.strip_suffix(":00Z") {
        Some(minutes) => IsoTime::parse(&format!("{minutes}Z")),
        None => t,
    }
}

pub struct World {
    pub seed: u64,
    /// Ordered by `spaceId`.
    pub spaces: Vec<Space>,
    index: HashMap<String, usize>,
    trees: Vec<OnceLock<Arc<Tree>>>,
    /// unionIds of the people who create and modify files.
    pub people: Vec<String>,
    pub big_folder_entries: usize,
}

impl World {
    pub fn new(seed: u64, spaces: usize, big_folder_entries: usize) -> Self {
        let spaces = generate_spaces(seed, spaces);
        let index = spaces
            .iter()
            .enumerate()
            .map(|(i, s)| (s.space_id.clone(), i))
            .collect();
        let mut rng = Rng::new(hash64(&[b"people", &seed.to_le_bytes()]));
        let mut people: Vec<String> = names::PEOPLE.iter().map(|_| rng.alnum(27)).collect();
        people.extend([
            crate::DEMO_ADMIN_UNION_ID.to_owned(),
            crate::DEMO_MEMBER_UNION_ID.to_owned(),
        ]);
        Self {
            seed,
            trees: (0..spaces.len()).map(|_| OnceLock::new()).collect(),
            spaces,
            index,
            people,
            big_folder_entries: big_folder_entries.min(tree::MAX_BIG_FOLDER),
        }
    }

    pub fn space_index(&self, space_id: &str) -> Option<usize> {
        self.index.get(space_id).copied()
    }

    /// The folder tree of a space, generated on first use.
    pub fn tree(&self, index: usize) -> Option<Arc<Tree>> {
        let space = self.spaces.get(index)?;
        let cell = self.trees.get(index)?;
        Some(
            cell.get_or_init(|| Arc::new(tree::generate(self, index, space)))
                .clone(),
        )
    }
}

/// Quota situations the dashboard must render; each appears at least once when there
/// are enough spaces.
#[derive(Clone, Copy)]
enum Case {
    Unlimited,
    Empty,
    Full,
    Over,
    /// Used share in per mille, exact to the byte.
    PerMille(i64),
    Zero,
    Huge,
}

const CASES: &[Case] = &[
    Case::Unlimited,
    Case::Unlimited,
    Case::Empty,
    Case::Empty,
    Case::Full,
    Case::Over,
    Case::Over,
    Case::PerMille(799),
    Case::PerMille(800),
    Case::PerMille(805),
    Case::PerMille(949),
    Case::PerMille(950),
    Case::PerMille(955),
    Case::PerMille(999),
    Case::Zero,
    Case::Huge,
    Case::Huge,
];

const QUOTAS: &[i64] = &[
    GIB,
    2 * GIB,
    5 * GIB,
    10 * GIB,
    20 * GIB,
    50 * GIB,
    100 * GIB,
    200 * GIB,
    500 * GIB,
    TIB,
    2 * TIB,
    5 * TIB,
    10 * TIB,
];

fn generate_spaces(seed: u64, count: usize) -> Vec<Space> {
    let mut rng = Rng::new(hash64(&[b"spaces", &seed.to_le_bytes()]));
    // Scatter the special cases over the first screenful rather than bunching them up.
    let window = count.min(120);
    let mut slots: Vec<usize> = (1..window).collect();
    for i in 0..slots.len() {
        let j = i + rng.below((slots.len() - i) as u64) as usize;
        slots.swap(i, j);
    }
    let mut cases: Vec<Option<Case>> = vec![None; count];
    for (slot, case) in slots.iter().zip(CASES) {
        cases[*slot] = Some(*case);
    }

    (0..count)
        .map(|i| {
            let name = match names::SPACES.get(i) {
                Some(n) => (*n).to_owned(),
                None => format!("{}-{:04}", rng.pick(names::SPACE_PREFIXES), i),
            };
            let (quota, used) = if i == 0 {
                (10 * TIB, 3 * TIB + rng.range(0, TIB))
            } else {
                quota_for(&mut rng, cases[i])
            };
            let created = rng.range(1_451_606_400_000, 1_735_603_200_000); // 2016 .. 2024
            let modified = rng.range(created, NOW_MS);
            Space {
                space_id: space_id(i),
                space_name: name,
                space_type: Some(SpaceType::Org),
                quota: Some(quota),
                used_quota: Some(used),
                permission_mode: Some(if rng.chance(0.15) {
                    PermissionMode::Custom
                } else {
                    PermissionMode::Acl
                }),
                create_time: Some(iso(created, rng.chance(0.5))),
                modify_time: Some(iso(modified, rng.chance(0.5))),
            }
        })
        .collect()
}

fn quota_for(rng: &mut Rng, case: Option<Case>) -> (i64, i64) {
    let quota = *rng.pick(QUOTAS);
    match case {
        Some(Case::Unlimited) => (-1, rng.log_range(GIB, 3 * TIB)),
        Some(Case::Empty) => (quota, 0),
        Some(Case::Full) => (quota, quota),
        Some(Case::Over) => (quota, quota + quota / 1000 * rng.range(1, 200)),
        Some(Case::PerMille(pm)) => {
            // A multiple of 1000 bytes, so the share is exact (80.0% is not 79.9999%).
            let quota = 500 * GIB * rng.range(1, 4);
            (quota, quota / 1000 * pm)
        }
        Some(Case::Zero) => (0, 0),
        Some(Case::Huge) => {
            let quota = TIB * rng.range(1, 16) + rng.range(1, GIB);
            (quota, (quota as f64 * rng.unit() * 0.9) as i64)
        }
        None if rng.chance(0.04) => (-1, rng.log_range(GIB, TIB)),
        None => {
            let share = match rng.below(10) {
                0 => rng.unit() * 0.05,
                1..=2 => 0.7 + rng.unit() * 0.27,
                _ => rng.unit() * 0.7,
            };
            // Ordinary spaces stay within quota; over-quota is a case of its own.
            let used = ((quota as f64 * share) as i64 + rng.range(0, 4095)).min(quota);
            (quota, used)
        }
    }
}
