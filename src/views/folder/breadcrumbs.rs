use crate::i18n::{fill, use_i18n, Msg};
use crate::state::folder::FolderStore;
use dashboard_core::folder_query::FolderQuery;
use leptos::either::Either;
use leptos::prelude::*;

/// The way from the space's root down to the current folder, every ancestor a link. Names
/// come from listings seen in this visit, else from the path of an entry in the current
/// folder (a deep link); an empty folder reached by a deep link shows ids.
#[component]
pub fn Breadcrumbs(
    /// Where folder names are remembered.
    store: FolderStore,
    /// The current view.
    #[prop(into)]
    query: Signal<FolderQuery>,
    /// The space shown.
    #[prop(into)]
    space_id: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let crumbs = move || {
        let q = query.get();
        let space = space_id.get();
        let trail = q.trail();
        let from_path = store
            .entry_path(&space, &q.folder)
            .map(|p| q.names_from_path(&p))
            .unwrap_or_default();
        let mut items = vec![(q.ancestor(0), i18n.t(Msg::FolderAllFiles).to_owned())];
        for (i, id) in trail.iter().enumerate() {
            let name = store
                .folder_name(&space, id)
                .or_else(|| {
                    from_path
                        .iter()
                        .find(|(f, _)| f == id)
                        .map(|(_, n)| n.clone())
                })
                .unwrap_or_else(|| fill(i18n.t(Msg::FolderUnnamed), &[id]));
            items.push((q.ancestor(i + 1), name));
        }
        let last = items.len() - 1;
        items
            .into_iter()
            .enumerate()
            .map(|(i, (target, name))| {
                let title = name.clone();
                let crumb = if i == last {
                    Either::Left(view! { <span class="crumb-current" aria-current="page" title=title>{name}</span> })
                } else {
                    let href = target.href(&space);
                    Either::Right(view! { <a class="crumb-link" href=href data-folder=target.folder.clone() title=title>{name}</a> })
                };
                view! { <li class="crumb">{crumb}</li> }
            })
            .collect_view()
    };
    view! {
        <nav class="breadcrumbs" aria-label=move || i18n.t(Msg::FolderBreadcrumbLabel)>
            <ol>{crumbs}</ol>
        </nav>
    }
}
