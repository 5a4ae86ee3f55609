//! Whether the page is being flung: scrolled so fast that the tiles passing by are gone before
//! anyone could look at them. While it is, the grid does not fetch their thumbnails (each one a
//! request, a decode and a raster the browser would do for nothing, and mobile data spent);
//! the tiles still on screen once the scrolling slows or stops fetch theirs then. This is what
//! photo grids do on phones. Reading-speed scrolling, a key press or a wheel notch (even
//! scrolled smoothly by the browser) and a jump to the end all load thumbnails at once: only a
//! fast scroll over more than a screen counts.

/// Faster than this, in CSS pixels per millisecond (2,000 px/s: two screens a second on a
/// laptop, four on a phone), between two scroll events close together, starts a fling.
pub const FLING_PX_PER_MS: f64 = 2.0;
/// Once flinging, faster than this keeps it going (500 px/s, still well above reading
/// speed): a busy page whose frames come late, so that each scroll event covers more time,
/// must not fall out of the fling and start fetching every thumbnail it passes.
pub const KEEP_PX_PER_MS: f64 = 0.5;
/// Two scroll events further apart than this are not one movement (a key press after a
/// pause, a jump): the speed between them says nothing.
pub const SAME_MOVE_MS: f64 = 300.0;
/// A movement starts a fling only once it has covered this much (more than a screen): a key
/// press or a wheel notch that the browser scrolls smoothly, several fast frames of up to a
/// screen in all, loads its thumbnails at once. (Every frame of a fling before this point
/// fetches thumbnails nobody will see.)
pub const FLING_MIN_PX: f64 = 1_000.0;
/// The fling ends after this long without a fast scroll event (longer when scroll events
/// come further apart than this: see `settle_after`).
pub const SETTLE_MS: f64 = 200.0;

/// Scroll events in, "flinging or not" out. Times are milliseconds of a monotonic clock
/// (`performance.now()`); positions are the page's scroll offset in CSS pixels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fling {
    last: Option<(f64, f64)>,
    /// Where the current movement started (scroll events no further apart than
    /// [`SAME_MOVE_MS`] are one movement).
    start_y: f64,
    /// The last fast event: its time, and how long after the event before it it came.
    last_fast: Option<(f64, f64)>,
}

impl Fling {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a scroll event at `time` to offset `y`; whether it was a fast one.
    pub fn scrolled(&mut self, y: f64, time: f64) -> bool {
        if !(y.is_finite() && time.is_finite()) {
            return false;
        }
        // The movement goes on: the event before this one was fast, however late this one is.
        let continuing =
            matches!((self.last, self.last_fast), (Some((_, t)), Some((f, _))) if t == f);
        let threshold = if continuing || self.flinging(time) {
            KEEP_PX_PER_MS
        } else {
            FLING_PX_PER_MS
        };
        let mut fast = None;
        match self.last {
            Some((y0, t0)) if time > t0 && time - t0 <= SAME_MOVE_MS => {
                let gap = time - t0;
                let far = continuing || (y - self.start_y).abs() > FLING_MIN_PX;
                if far && (y - y0).abs() / gap > threshold {
                    fast = Some((time, gap));
                }
            }
            // A new movement (or the first event, or a clock that did not advance).
            _ => self.start_y = y,
        }
        self.last = Some((y, time));
        if fast.is_some() {
            self.last_fast = fast;
        }
        fast.is_some()
    }

    /// How long a fling lasts after its last fast event: [`SETTLE_MS`], or longer while the
    /// events themselves come further apart (late frames): until the next one is overdue.
    fn settle_after(gap: f64) -> f64 {
        SETTLE_MS.max(1.5 * gap)
    }

    /// Whether the page is still being flung at `time`.
    pub fn flinging(&self, time: f64) -> bool {
        self.last_fast
            .is_some_and(|(t, gap)| time >= t && time - t < Self::settle_after(gap))
    }

    /// How long after `time` to look again to see the fling end, if one is under way.
    pub fn settles_in(&self, time: f64) -> Option<f64> {
        let (t, gap) = self.last_fast?;
        let left = Self::settle_after(gap) - (time - t);
        (time >= t && left > 0.0).then_some(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fast_sustained_scroll_is_a_fling_until_it_settles() {
        let mut f = Fling::new();
        // Half a screen (400 px) per 16 ms frame: 25 px/ms, a fling once past 1,000 px.
        assert!(!f.scrolled(0.0, 1000.0), "the first event has no speed");
        assert!(!f.scrolled(400.0, 1016.0), "fast, but not far yet");
        assert!(!f.scrolled(800.0, 1032.0));
        assert!(f.scrolled(1200.0, 1048.0));
        assert!(f.scrolled(1600.0, 1064.0));
        assert!(f.scrolled(2000.0, 1080.0));
        assert!(f.flinging(1080.0));
        assert!(f.flinging(1080.0 + SETTLE_MS - 1.0));
        assert_eq!(f.settles_in(1100.0), Some(SETTLE_MS - 20.0));
        assert!(!f.flinging(1080.0 + SETTLE_MS));
        assert_eq!(f.settles_in(1080.0 + SETTLE_MS), None);
    }

    #[test]
    fn reading_speed_keys_and_jumps_are_not_flings() {
        let mut f = Fling::new();
        // A wheel notch of 100 px per 100 ms: 1 px/ms.
        for i in 0..10 {
            assert!(!f.scrolled(100.0 * f64::from(i), 100.0 * f64::from(i)));
        }
        // A jump of 50,000 px (End key) a while after the last event.
        assert!(!f.scrolled(50_000.0, 1_300.0));
        assert!(!f.flinging(1_300.0));
        assert_eq!(f.settles_in(1_300.0), None);
        // PageDown scrolled smoothly by the browser: 700 px over 10 frames, 4.4 px/ms.
        let mut k = Fling::new();
        for i in 0..=10 {
            assert!(!k.scrolled(70.0 * f64::from(i), 5_000.0 + 16.0 * f64::from(i)));
        }
        // The next press half a second later is a movement of its own.
        for i in 0..=10 {
            assert!(!k.scrolled(700.0 + 70.0 * f64::from(i), 5_700.0 + 16.0 * f64::from(i)));
        }
        assert!(!k.flinging(5_860.0));
    }

    #[test]
    fn slowing_down_does_not_end_it_before_it_settles_and_a_new_fast_event_extends_it() {
        let mut f = Fling::new();
        f.scrolled(0.0, 0.0);
        assert!(f.scrolled(2000.0, 20.0));
        assert!(!f.scrolled(2010.0, 60.0), "slow");
        assert!(f.flinging(60.0), "still settling from the fast event at 20");
        assert!(f.scrolled(3000.0, 100.0));
        assert!(f.flinging(100.0 + SETTLE_MS - 1.0));
    }

    #[test]
    fn late_frames_keep_a_fling_going_but_do_not_start_one() {
        // 400 px per frame, frames 16 ms apart, then 250 ms apart (a busy page): 1.6 px/ms.
        let mut f = Fling::new();
        f.scrolled(0.0, 0.0);
        assert!(f.scrolled(1600.0, 16.0));
        let mut t = 16.0;
        for i in 5..10 {
            t += 250.0;
            f.scrolled(400.0 * f64::from(i), t);
        }
        assert!(f.flinging(t), "kept going at 1.6 px/ms");
        // The same pace from rest is no fling.
        let mut g = Fling::new();
        g.scrolled(0.0, 0.0);
        assert!(!g.scrolled(400.0, 250.0));
        assert!(!g.flinging(250.0));
        assert!(
            f.flinging(t + 300.0),
            "events 250 ms apart: not settled before the next is overdue"
        );
        assert!(!f.flinging(t + 375.0));
        // Once it slows to reading speed (0.4 px/ms), it settles.
        let last_fast = t;
        t += 250.0;
        assert!(!f.scrolled(400.0 * 9.0 + 100.0, t));
        assert!(!f.flinging(last_fast + 375.0));
    }

    #[test]
    fn upwards_counts_and_odd_input_is_ignored() {
        let mut f = Fling::new();
        f.scrolled(10_000.0, 0.0);
        assert!(f.scrolled(8_000.0, 16.0), "upwards");
        let mut g = Fling::new();
        assert!(!g.scrolled(f64::NAN, 0.0));
        assert!(!g.scrolled(0.0, f64::INFINITY));
        g.scrolled(0.0, 10.0);
        assert!(!g.scrolled(5_000.0, 10.0), "no time between: no speed");
        assert!(!g.scrolled(9_000.0, 5.0), "time going back: no speed");
        assert!(!g.flinging(5.0));
        // A clock read before the last fast event (it cannot run backwards, but if it did,
        // the fling would end, not last until the clock caught up).
        let mut h = Fling::new();
        h.scrolled(0.0, 1_000.0);
        assert!(h.scrolled(2_000.0, 1_016.0));
        assert!(!h.flinging(0.0));
        assert_eq!(h.settles_in(0.0), None);
    }
}
