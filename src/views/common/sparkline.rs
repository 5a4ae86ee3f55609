use dashboard_core::history::spark_path;
use leptos::prelude::*;

/// The viewBox, ten units a pixel (whole numbers draw smoothly at this scale).
const WIDTH: i64 = 580;
const HEIGHT: i64 = 160;

/// A space's last 30 days at a glance: an image named by its summary (`label`), since a line
/// alone says nothing to a screen reader.
#[component]
pub fn Sparkline(
    /// One character a day ([`dashboard_core::history::spark_encode`]).
    spark: String,
    /// What it shows, in words.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let d = spark_path(&spark, WIDTH, HEIGHT);
    view! {
        <svg class="sparkline" viewBox="0 0 580 160" width="58" height="16" role="img" aria-label=label>
            <path d=d />
        </svg>
    }
}
