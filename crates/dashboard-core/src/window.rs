//! Windowing: which entries of a long list are in the DOM. Rows have a fixed height, so the
//! visible slice follows from the scroll position alone; spacers above and below stand in
//! for the rest, keeping the scrollbar true. Also the grid geometry the arrow keys use.

/// Below this many entries everything is rendered (no spacers, every entry in the DOM).
pub const WINDOW_FROM: usize = 100;
/// The quota review renders organisations up to this many spaces whole (the find-in-page of
/// the browser works on them); larger ones are windowed like the folder.
pub const REVIEW_WINDOW_FROM: usize = 200;
/// First guess of the distance between two space rows (row plus gap), in CSS pixels; the
/// page measures the real one once two rows are on screen.
pub const SPACE_ROW_PITCH: f64 = 96.0;
/// Rows rendered beyond each edge of the viewport, so fast scrolling shows no gap and the
/// arrow keys always find their target in the DOM (list rows and review rows).
pub const OVERSCAN_ROWS: usize = 6;
/// The same for grid rows, which are five times taller: 3 rows are ~700 px, about a phone
/// screen each side. Every row more is a row of tiles more to lay out and paint in each frame
/// of a scroll: with 6 rows, layout, pre-paint, paint and layerize took 10.2 ms a frame in a
/// DevTools trace of a fast scroll, with 3 rows 8.0 ms.
pub const TILE_OVERSCAN_ROWS: usize = 3;
/// Narrowest grid tile, in CSS pixels (two columns at 360 px).
pub const TILE_MIN_WIDTH: f64 = 140.0;
/// Gap between grid columns, in CSS pixels.
pub const TILE_GAP: f64 = 12.0;
/// Height of a grid row: a tile (220 px in main.css) plus the gap below it.
pub const TILE_ROW: f64 = 232.0;
/// Height of a list row (main.css `.entry-row`).
pub const LIST_ROW: f64 = 44.0;

/// How many grid columns fit in `width` pixels (at least one).
pub fn columns(width: f64, min_width: f64, gap: f64) -> usize {
    if !width.is_finite() || !min_width.is_finite() || min_width <= 0.0 {
        return 1;
    }
    let n = ((width + gap.max(0.0)) / (min_width + gap.max(0.0))).floor();
    if n.is_finite() && n >= 1.0 {
        n.min(64.0) as usize
    } else {
        1
    }
}

/// The entries `first..last` are rendered, after a spacer of `top` px and before one of
/// `bottom` px.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub first: usize,
    pub last: usize,
    pub top: f64,
    pub bottom: f64,
}

impl Window {
    pub fn all(total: usize) -> Self {
        Self {
            first: 0,
            last: total,
            top: 0.0,
            bottom: 0.0,
        }
    }

    pub fn len(&self) -> usize {
        self.last - self.first
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where the list is relative to the browser viewport.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Viewport {
    /// How far the top of the list has scrolled above the top of the viewport (negative
    /// while the list starts lower on the screen): the list's own `scrollTop`.
    pub offset: f64,
    /// Height of the visible area.
    pub height: f64,
    /// Width of the list, for the column count.
    pub width: f64,
}

/// The slice of `total` entries laid out `columns` per row of `row_height` px that is within
/// the viewport, plus `overscan` rows each side. Lists shorter than `window_from` are
/// rendered whole.
pub fn window(
    total: usize,
    columns: usize,
    row_height: f64,
    view: Viewport,
    overscan: usize,
    window_from: usize,
) -> Window {
    let columns = columns.max(1);
    if total <= window_from || !(row_height.is_finite() && row_height > 0.0) {
        return Window::all(total);
    }
    let finite = |v: f64| if v.is_finite() { v } else { 0.0 };
    let offset = finite(view.offset);
    let height = finite(view.height).max(0.0);
    let rows = total.div_ceil(columns);
    let to_row = |px: f64| ((px / row_height).max(0.0) as usize).min(rows);
    let first_row = to_row(offset.floor()).saturating_sub(overscan);
    let end_px = offset + height;
    let last_row = (to_row(end_px) + 1 + overscan).min(rows).max(first_row);
    Window {
        first: first_row * columns,
        last: (last_row * columns).min(total),
        top: first_row as f64 * row_height,
        bottom: (rows - last_row) as f64 * row_height,
    }
}

/// A key that moves the focus between entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavKey {
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
}

impl NavKey {
    /// From `KeyboardEvent.key`.
    pub fn parse(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowLeft" => Self::Left,
            "ArrowRight" => Self::Right,
            "ArrowUp" => Self::Up,
            "ArrowDown" => Self::Down,
            "Home" => Self::Home,
            "End" => Self::End,
            _ => return None,
        })
    }
}

/// The entry the focus moves to from `index` in a grid of `columns` (1 for the list), or
/// `None` when the key leads nowhere.
pub fn nav_target(key: NavKey, index: usize, columns: usize, total: usize) -> Option<usize> {
    let columns = columns.max(1);
    if total == 0 {
        return None;
    }
    let index = index.min(total - 1);
    let target = match key {
        NavKey::Left => index.checked_sub(1)?,
        NavKey::Right => index + 1,
        NavKey::Up => index.checked_sub(columns)?,
        NavKey::Down => index + columns,
        NavKey::Home => 0,
        NavKey::End => total - 1,
    };
    (target < total && target != index).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(offset: f64, height: f64) -> Viewport {
        Viewport {
            offset,
            height,
            width: 1000.0,
        }
    }

    #[test]
    fn column_count() {
        assert_eq!(columns(328.0, TILE_MIN_WIDTH, TILE_GAP), 2);
        assert_eq!(columns(1068.0, TILE_MIN_WIDTH, TILE_GAP), 7);
        assert_eq!(columns(100.0, TILE_MIN_WIDTH, TILE_GAP), 1);
        assert_eq!(columns(0.0, TILE_MIN_WIDTH, TILE_GAP), 1);
        assert_eq!(columns(f64::NAN, TILE_MIN_WIDTH, TILE_GAP), 1);
        assert_eq!(columns(1e12, TILE_MIN_WIDTH, TILE_GAP), 64);
    }

    #[test]
    fn short_lists_are_rendered_whole() {
        assert_eq!(window(0, 4, 40.0, view(0.0, 800.0), 2, 300), Window::all(0));
        assert_eq!(
            window(300, 4, 40.0, view(5000.0, 800.0), 2, 300),
            Window::all(300)
        );
    }

    #[test]
    fn the_top_of_a_long_list() {
        // 10,000 rows of 40 px, viewport 800 px, list starting 200 px down the page.
        let w = window(10_000, 1, 40.0, view(-200.0, 800.0), 2, 300);
        assert_eq!(w.first, 0);
        assert_eq!(w.top, 0.0);
        // Rows 0..15 are visible (600 px of list), plus one partial and two overscan.
        assert_eq!(w.last, 18);
        assert_eq!(w.bottom, (10_000 - 18) as f64 * 40.0);
    }

    #[test]
    fn the_middle_and_the_end() {
        let w = window(10_000, 1, 40.0, view(40_000.0, 800.0), 2, 300);
        assert_eq!((w.first, w.last), (998, 1023));
        assert_eq!(w.top, 998.0 * 40.0);
        assert_eq!(w.top + w.len() as f64 * 40.0 + w.bottom, 400_000.0);
        let end = window(10_000, 1, 40.0, view(400_000.0 - 800.0, 800.0), 2, 300);
        assert_eq!(end.last, 10_000);
        assert_eq!(end.bottom, 0.0);
        // Scrolled past the end (overscroll, a list that just shrank): still a valid slice.
        let past = window(10_000, 1, 40.0, view(1e9, 800.0), 2, 300);
        assert!(past.first <= past.last && past.last == 10_000);
    }

    #[test]
    fn grid_windows_cover_whole_rows() {
        // 1001 entries, 7 per row: 143 rows, the last one holding 0 extra entries.
        let w = window(1001, 7, 232.0, view(232.0 * 50.0 + 10.0, 700.0), 1, 300);
        assert_eq!(w.first % 7, 0);
        assert_eq!(w.first, 49 * 7);
        assert_eq!(w.last, 55 * 7);
        let rows = 1001usize.div_ceil(7) as f64;
        assert_eq!(
            w.top + ((w.last - w.first) / 7) as f64 * 232.0 + w.bottom,
            rows * 232.0
        );
        let end = window(1003, 7, 232.0, view(1e6, 700.0), 1, 300);
        assert_eq!(end.last, 1003);
    }

    #[test]
    fn nonsense_inputs_do_not_panic() {
        for v in [
            view(f64::NAN, f64::NAN),
            view(f64::INFINITY, -5.0),
            view(-1e12, 1e12),
        ] {
            let w = window(5000, 0, 44.0, v, 3, 300);
            assert!(w.first <= w.last && w.last <= 5000, "{v:?} -> {w:?}");
        }
        assert_eq!(
            window(5000, 3, 0.0, view(0.0, 10.0), 1, 300),
            Window::all(5000)
        );
    }

    #[test]
    fn arrow_keys() {
        use NavKey::*;
        assert_eq!(nav_target(Right, 0, 4, 10), Some(1));
        assert_eq!(nav_target(Left, 0, 4, 10), None);
        assert_eq!(nav_target(Down, 1, 4, 10), Some(5));
        assert_eq!(nav_target(Down, 7, 4, 10), None);
        assert_eq!(nav_target(Up, 5, 4, 10), Some(1));
        assert_eq!(nav_target(Up, 3, 4, 10), None);
        assert_eq!(nav_target(Right, 9, 4, 10), None);
        assert_eq!(nav_target(Down, 3, 1, 10), Some(4));
        assert_eq!(nav_target(End, 3, 4, 10), Some(9));
        assert_eq!(nav_target(Home, 3, 4, 10), Some(0));
        assert_eq!(nav_target(Home, 0, 4, 10), None);
        assert_eq!(nav_target(Right, 0, 4, 0), None);
        assert_eq!(NavKey::parse("ArrowDown"), Some(Down));
        assert_eq!(NavKey::parse("a"), None);
    }
}
