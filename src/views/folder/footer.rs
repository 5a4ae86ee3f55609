use crate::i18n::{fill, use_i18n, Msg};
use crate::state::folder::FolderStore;
use crate::views::common::ErrorPanel;
use dashboard_core::listing::{Listing, Phase};
use leptos::either::EitherOf4;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// Below the entries: how many are loaded, a "load more" button, and an invisible sentinel
/// that asks for the next page as it nears the viewport.
#[component]
pub fn PagerFooter(
    /// The folder's listing.
    store: FolderStore,
) -> impl IntoView {
    let i18n = use_i18n();
    let sentinel = NodeRef::<Div>::new();
    let near_end = RwSignal::new(false);
    observe(sentinel, near_end);
    // When a page lands while the sentinel was near, its real position is checked once the
    // new entries are laid out (the observer reports a frame late): still near (a short
    // page, a tall screen) asks for the next page at once, pushed away waits for a scroll.
    // The frame may come after the page was left: a disposed ref reads as none.
    let sentinel_near = move || {
        sentinel
            .try_get_untracked()
            .flatten()
            .is_some_and(|el| within_reach(el.get_bounding_client_rect().top()))
    };
    let waiting = move || {
        store
            .listing
            .try_with_untracked(|l| l.phase() == &Phase::More)
            .unwrap_or(false)
    };
    Effect::new(move |_| {
        let more = store.listing.with(|l| l.phase() == &Phase::More);
        if more && near_end.get() {
            request_animation_frame(move || {
                if waiting() && sentinel_near() {
                    store.load_more();
                }
            });
        }
    });
    // The observer reports crossings only, and a busy page can coalesce a crossing away
    // (seen with a thousand spaces loading beside the folder): every scroll that ends with
    // the sentinel in reach also asks for the next page, so loading never stalls in view.
    // Checked once per frame at most, after the frame's own DOM changes, so a scroll never
    // forces an extra layout.
    let scheduled = std::rc::Rc::new(std::cell::Cell::new(false));
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| {
        if !waiting() || scheduled.replace(true) {
            return;
        }
        let scheduled = scheduled.clone();
        request_animation_frame(move || {
            scheduled.set(false);
            if waiting() && sentinel_near() {
                store.load_more();
            }
        });
    });
    on_cleanup(move || on_scroll.remove());
    let count = Memo::new(move |_| store.listing.with(Listing::len));
    let phase = Memo::new(move |_| store.listing.with(|l| l.phase().clone()));
    let status = move || {
        let n = count.get().to_string();
        match phase.get() {
            Phase::Done => fill(i18n.t(Msg::FolderAllLoaded), &[&n]),
            _ => fill(i18n.t(Msg::FolderLoaded), &[&n]),
        }
    };
    let action = move || match phase.get() {
        Phase::Idle | Phase::More | Phase::Cancelled => EitherOf4::A(view! {
            <button class="button secondary load-more" on:click=move |_| store.load_more()>
                {move || i18n.t(Msg::FolderLoadMore)}
            </button>
        }),
        Phase::Loading => EitherOf4::B(view! {
            <span class="loading">{move || i18n.t(Msg::FolderLoadingMore)}</span>
        }),
        Phase::Failed(e) => EitherOf4::C(view! {
            <ErrorPanel error=e on_retry=Callback::new(move |_| store.retry()) />
        }),
        Phase::Done => EitherOf4::D(()),
    };
    view! {
        <div class="pager-footer">
            <p class="folder-count" role="status">{status}</p>
            {action}
            <div class="load-sentinel" node_ref=sentinel aria-hidden="true"></div>
        </div>
    }
}

type Observer = (IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);

/// How far below the viewport the next page is already asked for, in CSS pixels.
const REACH: f64 = 800.0;

/// True for a sentinel whose top is `top` px below the top of the viewport.
fn within_reach(top: f64) -> bool {
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    top <= height + REACH
}

/// Sets `near` while `target` is within [`REACH`] of the viewport.
fn observe(target: NodeRef<Div>, near: RwSignal<bool>) {
    let observer = StoredValue::new_local(None::<Observer>);
    target.on_load(move |el| {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Some(last) = entries.iter().last() {
                let entry: IntersectionObserverEntry = last.unchecked_into();
                near.try_set(entry.is_intersecting());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(&format!("{REACH}px 0px"));
        if let Ok(obs) =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        {
            obs.observe(&el);
            observer.set_value(Some((obs, callback)));
        }
    });
    on_cleanup(move || {
        // Disconnect before the callback is dropped, so the browser never calls a freed one.
        if let Some(Some((obs, callback))) = observer.try_update_value(Option::take) {
            obs.disconnect();
            drop(callback);
        }
    });
}
