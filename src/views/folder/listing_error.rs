use crate::api::ApiError;
use crate::i18n::{use_i18n, Msg};
use crate::views::common::ErrorPanel;
use dashboard_core::folder_query::FolderQuery;
use dingtalk_wire::ErrorCode;
use leptos::prelude::*;

/// Where to go after a failure: `(href, label)`. A folder that is gone or closed leads back
/// up; a space that is gone leads back to the space list.
pub fn ways_back(code: Option<&ErrorCode>, q: &FolderQuery, space_id: &str) -> Vec<(String, Msg)> {
    use ErrorCode::{DentryNotExist, PermissionDenied, SpaceNotExist};
    let to_spaces = || vec![("/".to_owned(), Msg::BackToSpaces)];
    match code {
        Some(SpaceNotExist) => to_spaces(),
        Some(DentryNotExist | PermissionDenied) if q.is_root() => to_spaces(),
        Some(DentryNotExist | PermissionDenied) => {
            let mut v = Vec::new();
            if let Some(parent) = q.parent().filter(|p| !p.is_root()) {
                v.push((parent.href(space_id), Msg::FolderBackToParent));
            }
            v.push((q.ancestor(0).href(space_id), Msg::FolderBackToRoot));
            v
        }
        _ => Vec::new(),
    }
}

/// A listing that could not start: the explanation (with code and requestid), a retry, and
/// a way back.
#[component]
pub fn ListingError(
    /// The failure.
    error: ApiError,
    /// The view that failed.
    #[prop(into)]
    query: Signal<FolderQuery>,
    /// The space shown.
    #[prop(into)]
    space_id: Signal<String>,
    /// Called by the retry button.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = error.dingtalk_code();
    let links = move || {
        let q = query.get();
        ways_back(code.as_ref(), &q, &space_id.get())
            .into_iter()
            .map(|(href, label)| {
                view! { <a class="button secondary way-back" href=href>{move || i18n.t(label)}</a> }
            })
            .collect_view()
    };
    view! {
        <div class="listing-error">
            <ErrorPanel error=error on_retry=on_retry />
            <nav class="ways-back">{links}</nav>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_code_leads_somewhere_sensible() {
        let deep = FolderQuery::default().child("a").child("b");
        use ErrorCode::*;
        let back = ways_back(Some(&PermissionDenied), &deep, "s");
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].1, Msg::FolderBackToParent);
        assert!(back[0].0.contains("folder=a&"), "{}", back[0].0);
        assert!(back[1].0.contains("folder=0&"));
        let top = FolderQuery::default().child("a");
        let back = ways_back(Some(&DentryNotExist), &top, "s");
        assert_eq!(
            back,
            vec![(FolderQuery::default().href("s"), Msg::FolderBackToRoot)]
        );
        let root = FolderQuery::default();
        assert_eq!(ways_back(Some(&PermissionDenied), &root, "s")[0].0, "/");
        assert_eq!(ways_back(Some(&SpaceNotExist), &deep, "s")[0].0, "/");
        assert!(ways_back(Some(&SystemError), &deep, "s").is_empty());
        assert!(ways_back(None, &deep, "s").is_empty());
    }
}
