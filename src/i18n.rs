//! The admin's language, shared through context; the texts themselves are in
//! `dashboard_core::i18n`.

pub use dashboard_core::i18n::{error_text, fill, Lang, Msg};
use leptos::prelude::*;

/// The current language, shared through context.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    pub fn lang(&self) -> Lang {
        self.0.get()
    }

    /// The current language, read without tracking (for text fixed when it is made).
    pub fn lang_untracked(&self) -> Lang {
        self.0.get_untracked()
    }

    /// The text of `m` in the current language (tracked: call it inside a reactive closure).
    pub fn t(&self, m: Msg) -> &'static str {
        self.0.get().t(m)
    }

    /// The text of `m` as a view that follows the language. Every such text shares this one
    /// closure type, so its rendering is in the wasm once, not once per place it is shown.
    pub fn text(self, m: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(m)
    }
}

/// The language context the app provides at its root.
pub fn use_i18n() -> I18n {
    use_context::<I18n>()
        .expect("I18n context missing: render views inside `App` or provide `I18n` first")
}
