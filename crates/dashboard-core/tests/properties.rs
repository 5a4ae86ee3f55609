//! Property tests of the dashboard's pure logic (a short run in `cargo xtask test`, a long one
//! in `cargo xtask soak`): the CSV writer and the paging state machine.

use dashboard_core::csv;
use dashboard_core::listing::{Item, Listing, Page, Phase};
use dashboard_core::ApiError;
use proptest::prelude::*;

/// A strict RFC 4180 reader: the cells of one record.
fn read_record(s: &str) -> Option<Vec<String>> {
    let mut cells = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        let mut cell = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next()? {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    '"' => break,
                    c => cell.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c == ',' {
                    break;
                }
                if c == '"' || c == '\n' || c == '\r' {
                    return None;
                }
                cell.push(c);
                chars.next();
            }
        }
        cells.push(cell);
        match chars.next() {
            None => return Some(cells),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}

proptest! {
    #[test]
    fn csv_cells_read_back_and_never_start_a_formula(values in prop::collection::vec(".*", 1..8)) {
        let line: Vec<String> = values.iter().map(|v| csv::cell(v)).collect();
        let record = line.join(",");
        let cells = read_record(&record).expect("valid RFC 4180");
        prop_assert_eq!(cells.len(), values.len());
        for (cell, value) in cells.iter().zip(&values) {
            let dangerous = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
            if dangerous {
                prop_assert_eq!(cell, &format!("'{value}"));
            } else {
                prop_assert_eq!(cell, value);
            }
            prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']));
        }
    }

    /// Pages of ids with tokens drawn from a small set (so repeats happen): every id is kept
    /// exactly once, the paging ends, and it ends with an error exactly when a token repeats.
    #[test]
    fn paging_keeps_each_item_once_and_always_ends(pages in prop::collection::vec(
        (prop::collection::vec(0u8..40, 0..10), prop::option::of(0u8..12)), 1..30)) {
        let mut listing = Listing::<(), Id>::new();
        listing.reset(());
        let mut tokens_seen = std::collections::HashSet::new();
        let mut steps = 0;
        for (items, token) in pages {
            let Some(request) = listing.next_request() else {
                break;
            };
            steps += 1;
            let items: Vec<Id> = items.iter().map(|i| Id(format!("id{i}"))).collect();
            let token = token.map(|t| if t == 0 { String::new() } else { format!("t{t}") });
            let page = Page { items, next: token.clone() };
            prop_assert!(listing.accept(request.run, Ok(page)).is_some());
            match token.as_deref().filter(|t| !t.is_empty()) {
                None => prop_assert_eq!(listing.phase(), &Phase::Done),
                Some(t) if !tokens_seen.insert(t.to_owned()) => {
                    prop_assert_eq!(listing.phase(), &Phase::Failed(ApiError::RepeatedPage));
                }
                Some(t) => {
                    prop_assert_eq!(listing.phase(), &Phase::More);
                    let next = listing.next_request().expect("more pages");
                    prop_assert_eq!(next.token.as_deref(), Some(t));
                    listing.interrupt();
                }
            }
        }
        let unique: std::collections::HashSet<_> = listing.items().iter().collect();
        prop_assert_eq!(unique.len(), listing.len());
        prop_assert!(steps <= 13, "a loop cannot outlast the distinct tokens");
        prop_assert_eq!(listing.pages(), steps);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Id(String);

impl Item for Id {
    fn id(&self) -> &str {
        &self.0
    }
}
