use crate::api;
use crate::format::Intl;
use crate::i18n::{error_text, use_i18n, Msg};
use dashboard_core::chart::Frame;
use dashboard_core::history::SpaceHistory;
use dashboard_core::ApiError;
use leptos::either::EitherOf4;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone)]
enum Loaded {
    Waiting,
    Got(SpaceHistory),
    Failed(ApiError),
}

/// The space's use over time, for admins (history is snapshot data): its growth and forecast
/// in words, then its chart with the quota drawn too. Asked for once per space shown, from
/// the server's store: no DingTalk call.
#[component]
pub fn SpaceHistorySection(
    /// The space, from the URL.
    #[prop(into)]
    space_id: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let loaded = RwSignal::new(Loaded::Waiting);
    let asked = StoredValue::new(String::new());
    let ask = move |id: String| {
        asked.set_value(id.clone());
        loaded.set(Loaded::Waiting);
        spawn_local(async move {
            let got = api::space_history(&id).await;
            // A later space's answer wins; this one is dropped.
            if asked.try_get_value().as_deref() == Some(id.as_str()) {
                loaded.try_set(match got {
                    Ok(h) => Loaded::Got(h),
                    Err(e) => Loaded::Failed(e),
                });
            }
        });
    };
    Effect::new(move |_| {
        let id = space_id.get();
        if !id.is_empty() && asked.get_value() != id {
            ask(id);
        }
    });
    let body = move || match loaded.get() {
        Loaded::Waiting => EitherOf4::A(view! {
            <p class="loading" role="status">{move || i18n.t(Msg::Loading)}</p>
        }),
        Loaded::Failed(e) => EitherOf4::B(view! {
            <p class="history-error" role="alert">
                {move || error_text(i18n.lang(), &e)}" "
                <button type="button" class="button secondary" on:click=move |_| ask(space_id.get_untracked())>
                    {move || i18n.t(Msg::Retry)}
                </button>
            </p>
        }),
        Loaded::Got(h) if h.points.is_empty() => EitherOf4::C(view! {
            <p class="history-empty">{move || i18n.t(Msg::ChartEmpty)}</p>
        }),
        Loaded::Got(h) => {
            let words = {
                let t = h.trend.clone();
                let today = h.today;
                move || {
                    let loc = Intl(i18n.lang());
                    let mut w = t.change_text(loc);
                    if let Some(f) = t.forecast_text(today, loc) {
                        w.push_str(i18n.t(Msg::ListSeparator));
                        w.push_str(&f);
                    }
                    w
                }
            };
            let frame = Frame::of_space(&h.points, h.demo_until);
            let name = format!("space-{}-history", space_id.get_untracked());
            EitherOf4::D(view! {
                <p class="history-words">{words}</p>
                <crate::views::common::HistoryChart frame=frame csv_name=name />
            })
        }
    };
    view! {
        <section class="space-history" aria-labelledby="space-history-title">
            <h2 id="space-history-title">{move || i18n.t(Msg::SpaceHistoryTitle)}</h2>
            {body}
        </section>
    }
}
