//! The translation layer: every visible string comes from here, Chinese first, English too.
//! The app holds the admin's language in a signal; the texts and their rules live here.

mod errors;
mod messages;

pub use errors::error_text;
pub use messages::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// BCP 47 tag for Intl and `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }

    /// Chinese for a Chinese browser or DingTalk language (`zh`, `zh-CN`, `zh_TW`...),
    /// English otherwise.
    pub fn from_locale(locale: &str) -> Self {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Self::Zh
        } else {
            Self::En
        }
    }

    pub fn t(self, m: Msg) -> &'static str {
        let (zh, en) = m.texts();
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

/// Fills `{}` placeholders in order; missing arguments leave the placeholder out.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut parts = template.split("{}");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for part in parts {
        if let Some(a) = args.next() {
            out.push_str(a);
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_detection() {
        for zh in ["zh", "zh-CN", "zh_TW", "ZH-hk"] {
            assert_eq!(Lang::from_locale(zh), Lang::Zh, "{zh}");
        }
        for en in ["en-US", "", "fr", "ja-JP"] {
            assert_eq!(Lang::from_locale(en), Lang::En, "{en}");
        }
    }

    #[test]
    fn placeholders() {
        assert_eq!(fill("{} of {}", &["1 GB", "2 GB"]), "1 GB of 2 GB");
        assert_eq!(fill("a {} b", &[]), "a  b");
        assert_eq!(fill("none", &["x"]), "none");
    }

    #[test]
    fn every_message_has_both_languages() {
        for m in Msg::ALL {
            let (zh, en) = m.texts();
            assert!(!zh.is_empty() && !en.is_empty(), "{m:?}");
            assert_eq!(zh.matches("{}").count(), en.matches("{}").count(), "{m:?}");
        }
    }
}
