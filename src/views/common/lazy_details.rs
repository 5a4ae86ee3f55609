use crate::i18n::{use_i18n, Msg};
use leptos::prelude::*;

/// A `<details>` whose content is made when it is first opened (and dropped when closed), so
/// a long table or a large drawing costs nothing until the admin asks for it.
#[component]
pub fn LazyDetails(
    /// Its summary line.
    summary: Msg,
    /// Its class.
    #[prop(optional)]
    class: &'static str,
    /// What it shows when open.
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let on_toggle = move |e: web_sys::Event| {
        let el = e
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
        open.set(el.is_some_and(|d| d.has_attribute("open")));
    };
    view! {
        <details class=format!("lazy-details {class}") on:toggle=on_toggle>
            <summary>{move || i18n.t(summary)}</summary>
            {move || open.get().then(|| children())}
        </details>
    }
}
