use crate::i18n::{fill, use_i18n, Msg};
use crate::state::folder::FolderStore;
use crate::state::review::use_spaces;
use crate::views::folder::breadcrumbs::Breadcrumbs;
use crate::views::folder::entries::FolderEntries;
use crate::views::folder::space_header::SpaceHeader;
use crate::views::folder::space_history::SpaceHistorySection;
use crate::views::folder::toolbar::FolderToolbar;
use dashboard_core::folder_query::FolderQuery;
use dashboard_core::review::SpaceLookup;
use dingtalk_wire::{Order, OrderBy};
use leptos::either::Either;
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

/// `/spaces/{spaceId}`: the space's quota bar, then one folder's entries as a grid or a
/// list. Folder, sort, order and view live in the URL, so links, reloads and the back
/// button all work.
#[component]
pub fn FolderPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query_map = use_query_map();
    let space_id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let query = Memo::new(move |_| query_map.with(|m| FolderQuery::from_lookup(|k| m.get(k))));

    let lookup = use_spaces().lookup(space_id);
    let missing = Memo::new(move |_| lookup.with(|l| *l == SpaceLookup::Missing));

    let store = FolderStore::folder();
    Effect::new(move |_| store.show(query.with(|q| q.key(&space_id.get()))));

    let navigate = use_navigate();
    let go = Callback::new(move |q: FolderQuery| {
        navigate(
            &q.href(&space_id.get_untracked()),
            NavigateOptions::default(),
        );
    });
    let on_sort = Callback::new(move |(sort, order): (OrderBy, Order)| {
        go.run(query.get_untracked().with_sort(sort, order));
    });
    let keys = window_event_listener(ev::keydown, move |e| {
        if wants_parent(&e) {
            if let Some(parent) = query.get_untracked().parent() {
                e.prevent_default();
                go.run(parent);
            }
        }
    });
    on_cleanup(move || keys.remove());

    let label = Signal::derive(move || {
        let q = query.get();
        let name = if q.is_root() {
            i18n.t(Msg::FolderAllFiles).to_owned()
        } else {
            store
                .folder_name(&space_id.get(), &q.folder)
                .unwrap_or_else(|| fill(i18n.t(Msg::FolderUnnamed), &[&q.folder]))
        };
        fill(i18n.t(Msg::FolderContentsLabel), &[&name])
    });
    // History is snapshot data: admins only (they have the review's trends).
    let admin = crate::state::history::use_trends().is_some();
    // So are scans: the folders shown get their sizes as of the latest one (again when a
    // scan ends while the page is open).
    let results = RwSignal::new(None::<i64>);
    if admin {
        Effect::new(move |_| {
            let id = space_id.get();
            let folder = query.with(|q| q.folder.clone());
            if !id.is_empty() {
                store.load_sizes(id, folder, results.get());
            }
        });
    }
    let sizes_note = move || {
        store.scanned().map(|s| {
            let lang = i18n.lang();
            let msg = if s.whole {
                Msg::ScanSizesNote
            } else {
                Msg::ScanSizesPartial
            };
            let when = crate::format::Locale::date_time(
                crate::format::Intl(lang),
                s.as_of.saturating_mul(1000),
            );
            view! { <p class="scan-sizes-note">{fill(lang.t(msg), &[&when])}</p> }
        })
    };
    let body = move || {
        if missing.get() {
            Either::Left(view! {
                <section class="not-found folder-not-found" role="alert">
                    <p>{move || i18n.t(Msg::FolderSpaceNotFound)}</p>
                    <a class="button secondary" href="/">{move || i18n.t(Msg::BackToSpaces)}</a>
                </section>
            })
        } else {
            Either::Right(view! {
                {admin.then(|| view! {
                    <SpaceHistorySection space_id=space_id />
                    <crate::views::scan::ScanSection
                        space_id=space_id
                        on_results=Callback::new(move |id| results.set(Some(id)))
                    />
                })}
                <Breadcrumbs store=store query=query space_id=space_id />
                <FolderToolbar query=query on_change=go />
                {sizes_note}
                <p class="folder-hint">{move || i18n.t(Msg::FolderKeyboardHint)}</p>
                <FolderEntries store=store query=query space_id=space_id on_sort=on_sort label=label />
            })
        }
    };
    view! {
        <section class="folder-page">
            <SpaceHeader lookup=lookup space_id=space_id thresholds=crate::prefs::load_thresholds() />
            {body}
        </section>
    }
}

/// Backspace or Alt+Up, unless the admin is typing in a field.
fn wants_parent(e: &web_sys::KeyboardEvent) -> bool {
    if e.default_prevented() || e.ctrl_key() || e.meta_key() {
        return false;
    }
    let typing = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.is_content_editable()
        });
    if typing {
        return false;
    }
    match e.key().as_str() {
        "Backspace" => !e.alt_key() && !e.shift_key(),
        "ArrowUp" => e.alt_key(),
        _ => false,
    }
}
