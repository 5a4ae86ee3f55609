//! A squarified treemap (Bruls, Huizing and van Wijk, 2000): rectangles whose areas are
//! proportional to their sizes, laid in rows along the shorter side of the space left so each
//! stays as close to a square as the sizes allow. Largest first; ties keep their order.

/// A rectangle in the layout's units.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn area(&self) -> f64 {
        self.w * self.h
    }
}

/// Lays out `sizes` in `bounds`: one rectangle per size, in the same order as `sizes`. A size
/// of zero gets an empty rectangle at the bounds' corner.
pub fn squarify(sizes: &[u64], bounds: Rect) -> Vec<Rect> {
    let mut out = vec![
        Rect {
            x: bounds.x,
            y: bounds.y,
            w: 0.0,
            h: 0.0,
        };
        sizes.len()
    ];
    let total: f64 = sizes.iter().map(|&s| s as f64).sum();
    if total <= 0.0 || bounds.w <= 0.0 || bounds.h <= 0.0 {
        return out;
    }
    let mut order: Vec<usize> = (0..sizes.len()).filter(|&i| sizes[i] > 0).collect();
    // Largest first; equal sizes in their given order (the sort is stable).
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]));
    let scale = bounds.area() / total;
    let areas: Vec<f64> = order.iter().map(|&i| sizes[i] as f64 * scale).collect();
    let mut free = bounds;
    let mut start = 0;
    while start < order.len() {
        let side = free.w.min(free.h);
        // Grow the row while its worst aspect ratio does not get worse.
        let mut end = start + 1;
        while end < order.len()
            && worst(&areas[start..=end], side) <= worst(&areas[start..end], side)
        {
            end += 1;
        }
        // The last row takes what is left, so rounding cannot leave a sliver.
        let row_area: f64 = if end == order.len() {
            free.area()
        } else {
            areas[start..end].iter().sum()
        };
        let row_sum: f64 = areas[start..end].iter().sum();
        if free.w >= free.h {
            // A column at the left, as tall as what is free.
            let w = (row_area / free.h).min(free.w);
            let mut y = free.y;
            for (k, &i) in order[start..end].iter().enumerate() {
                let h = if start + k + 1 == end {
                    free.y + free.h - y
                } else {
                    free.h * areas[start + k] / row_sum
                };
                out[i] = Rect { x: free.x, y, w, h };
                y += h;
            }
            free = Rect {
                x: free.x + w,
                w: free.w - w,
                ..free
            };
        } else {
            // A row at the top, as wide as what is free.
            let h = (row_area / free.w).min(free.h);
            let mut x = free.x;
            for (k, &i) in order[start..end].iter().enumerate() {
                let w = if start + k + 1 == end {
                    free.x + free.w - x
                } else {
                    free.w * areas[start + k] / row_sum
                };
                out[i] = Rect { x, y: free.y, w, h };
                x += w;
            }
            free = Rect {
                y: free.y + h,
                h: free.h - h,
                ..free
            };
        }
        start = end;
    }
    out
}

/// The worst aspect ratio (≥ 1) of a row of `areas` laid along a side of length `side`.
fn worst(areas: &[f64], side: f64) -> f64 {
    let sum: f64 = areas.iter().sum();
    if sum <= 0.0 || side <= 0.0 {
        return f64::INFINITY;
    }
    let (lo, hi) = areas.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &a| {
        (lo.min(a), hi.max(a))
    });
    let s2 = side * side;
    let sum2 = sum * sum;
    (s2 * hi / sum2).max(sum2 / (s2 * lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOX: Rect = Rect {
        x: 0.0,
        y: 0.0,
        w: 600.0,
        h: 400.0,
    };

    fn check(sizes: &[u64], bounds: Rect) -> Vec<Rect> {
        let rects = squarify(sizes, bounds);
        assert_eq!(rects.len(), sizes.len());
        let total: f64 = sizes.iter().map(|&s| s as f64).sum();
        let eps = 1e-6 * bounds.area().max(1.0);
        for (i, r) in rects.iter().enumerate() {
            // Inside the bounds.
            assert!(r.w >= 0.0 && r.h >= 0.0, "{r:?}");
            assert!(r.x >= bounds.x - 1e-9 && r.y >= bounds.y - 1e-9, "{r:?}");
            assert!(r.x + r.w <= bounds.x + bounds.w + 1e-6, "{r:?}");
            assert!(r.y + r.h <= bounds.y + bounds.h + 1e-6, "{r:?}");
            // Areas proportional to sizes.
            if total > 0.0 {
                let want = sizes[i] as f64 / total * bounds.area();
                assert!(
                    (r.area() - want).abs() <= eps.max(want * 1e-6),
                    "{i}: {} vs {want}",
                    r.area()
                );
            }
        }
        // No two overlap.
        for (i, a) in rects.iter().enumerate() {
            for b in &rects[i + 1..] {
                let ox = (a.x + a.w).min(b.x + b.w) - a.x.max(b.x);
                let oy = (a.y + a.h).min(b.y + b.h) - a.y.max(b.y);
                assert!(ox <= 1e-6 || oy <= 1e-6, "{a:?} overlaps {b:?}");
            }
        }
        rects
    }

    #[test]
    fn the_paper_s_example() {
        // Bruls et al.'s example: 6, 6, 4, 3, 2, 2, 1 in a 6 × 4 box.
        let r = check(
            &[6, 6, 4, 3, 2, 2, 1],
            Rect {
                x: 0.0,
                y: 0.0,
                w: 6.0,
                h: 4.0,
            },
        );
        // The first row is the two sixes, a column 3 wide at the left.
        assert!(
            (r[0].w - 3.0).abs() < 1e-9 && (r[0].h - 2.0).abs() < 1e-9,
            "{:?}",
            r[0]
        );
        assert!((r[1].y - 2.0).abs() < 1e-9);
        // Every rectangle stays near a square.
        for x in &r {
            let ratio = (x.w / x.h).max(x.h / x.w);
            assert!(ratio < 3.0, "{x:?}");
        }
    }

    #[test]
    fn invariants_hold_for_many_shapes() {
        let mut seed: u64 = 7;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in [1usize, 2, 3, 10, 57, 300] {
            let sizes: Vec<u64> = (0..n).map(|_| 1 + next() % 1_000_000).collect();
            check(&sizes, BOX);
            check(
                &sizes,
                Rect {
                    x: 10.0,
                    y: 5.0,
                    w: 120.0,
                    h: 900.0,
                },
            );
        }
        // Sizes across many orders of magnitude.
        let spread: Vec<u64> = (0..40).map(|i| 1u64 << i).collect();
        check(&spread, BOX);
    }

    #[test]
    fn zero_sizes_empty_boxes_and_ties() {
        let r = check(&[0, 5, 0, 5], BOX);
        assert_eq!(r[0].area(), 0.0);
        assert_eq!(r[2].area(), 0.0);
        // Equal sizes keep their order: the first is laid first (top or left).
        assert!(r[1].x <= r[3].x && r[1].y <= r[3].y);
        assert!(squarify(&[], BOX).is_empty());
        assert!(squarify(&[0, 0], BOX).iter().all(|r| r.area() == 0.0));
        let flat = squarify(&[3, 4], Rect { w: 0.0, ..BOX });
        assert!(flat.iter().all(|r| r.area() == 0.0));
    }

    #[test]
    fn the_same_sizes_give_the_same_layout() {
        let sizes = [9, 3, 3, 7, 1, 1, 12];
        assert_eq!(squarify(&sizes, BOX), squarify(&sizes, BOX));
    }
}
