//! The grid's fling signal (see `state::fling`): true while the page is scrolled fast, false
//! again once it has settled. Provided by the grid as context; tiles read it.

use crate::state::fling::Fling;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// Whether the grid is being flung; `false` where no grid provides it.
#[derive(Clone, Copy)]
pub struct Flinging(pub Signal<bool>);

impl Flinging {
    /// The grid's, or never flinging.
    pub fn current() -> Signal<bool> {
        use_context::<Flinging>().map_or_else(|| Signal::from(false), |f| f.0)
    }
}

/// Follows the page's scrolling and provides [`Flinging`] to the components below.
pub fn provide_fling() {
    let state = Rc::new(RefCell::new(Fling::new()));
    let flinging = RwSignal::new(false);
    let timer = Rc::new(Cell::new(false));
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| {
        let y = window().scroll_y().unwrap_or(0.0);
        let now = js_sys::Date::now();
        if state.borrow_mut().scrolled(y, now) {
            if !flinging.get_untracked() {
                flinging.set(true);
            }
            if !timer.replace(true) {
                watch_settle(
                    state.clone(),
                    flinging,
                    timer.clone(),
                    crate::state::fling::SETTLE_MS,
                );
            }
        }
    });
    on_cleanup(move || on_scroll.remove());
    provide_context(Flinging(flinging.into()));
}

/// Looks again in `ms`: still flinging waits for the rest, otherwise the fling is over. One
/// timer at a time (`armed`), however many scroll events come.
fn watch_settle(
    state: Rc<RefCell<Fling>>,
    flinging: RwSignal<bool>,
    armed: Rc<Cell<bool>>,
    ms: f64,
) {
    set_timeout(
        move || {
            let left = state.borrow().settles_in(js_sys::Date::now());
            match left {
                Some(ms) => watch_settle(state, flinging, armed, ms),
                None => {
                    armed.set(false);
                    // The grid may be gone by now: a disposed signal is left alone.
                    flinging.try_set(false);
                }
            }
        },
        Duration::from_millis(ms.ceil().max(1.0) as u64),
    );
}
