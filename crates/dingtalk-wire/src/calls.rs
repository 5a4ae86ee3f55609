//! The DingTalk calls the dashboard makes, and which of them the organization pays for.
//!
//! DingTalk counts "metered" calls per organization per calendar month (5,000 a month on the
//! standard edition; past it every metered call of every app of the organization fails with
//! `Forbidden.AccessDenied.ApiCountLimitForOrg` until the month ends). Drive and storage calls
//! and work notifications are metered; the token, login and contacts look-ups are not, nor
//! are calls refused by throttling
//! (<https://open.dingtalk.com/document/development/dingtalk-application-development-platform-billing-model>,
//! <https://open.dingtalk.com/document/development/call-frequency-limit>).

use crate::error::ErrorClass;

/// One DingTalk API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    /// `POST /v1.0/oauth2/accessToken`
    AccessToken,
    /// `POST /topapi/v2/user/getuserinfo` (oapi)
    UserInfo,
    /// `GET /v1.0/drive/spaces`
    ListSpaces,
    /// `GET /v1.0/storage/spaces/{spaceId}/dentries`
    ListDentries,
}

impl Call {
    /// The call a request path names, if it is one of these.
    pub fn of_path(path: &str) -> Option<Self> {
        match path {
            "/v1.0/oauth2/accessToken" => Some(Self::AccessToken),
            "/topapi/v2/user/getuserinfo" => Some(Self::UserInfo),
            "/v1.0/drive/spaces" => Some(Self::ListSpaces),
            _ => {
                let id = path
                    .strip_prefix("/v1.0/storage/spaces/")?
                    .strip_suffix("/dentries")?;
                (!id.contains('/')).then_some(Self::ListDentries)
            }
        }
    }

    /// A short name for logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::AccessToken => "accessToken",
            Self::UserInfo => "getuserinfo",
            Self::ListSpaces => "listSpaces",
            Self::ListDentries => "listDentries",
        }
    }

    /// Whether DingTalk counts this API against the organization's monthly quota.
    pub fn is_metered(self) -> bool {
        matches!(self, Self::ListSpaces | Self::ListDentries)
    }

    /// Whether one answer of this call was counted: a metered call is, unless DingTalk
    /// refused it by throttling (`refusal`: the class of an error answer, `None` on success).
    pub fn counted(self, refusal: Option<ErrorClass>) -> bool {
        self.is_metered() && refusal != Some(ErrorClass::Throttled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_calls() {
        assert_eq!(Call::of_path("/v1.0/drive/spaces"), Some(Call::ListSpaces));
        assert_eq!(
            Call::of_path("/v1.0/storage/spaces/28/dentries"),
            Some(Call::ListDentries)
        );
        assert_eq!(Call::of_path("/v1.0/storage/spaces/2/8/dentries"), None);
        assert_eq!(
            Call::of_path("/v1.0/oauth2/accessToken"),
            Some(Call::AccessToken)
        );
        assert_eq!(Call::of_path("/thumbnails/a/b.png"), None);
    }

    #[test]
    fn lists_are_metered_unless_throttled() {
        assert!(Call::ListSpaces.counted(None));
        assert!(Call::ListDentries.counted(Some(ErrorClass::Transient)));
        assert!(!Call::ListDentries.counted(Some(ErrorClass::Throttled)));
        assert!(!Call::AccessToken.counted(None));
        assert!(!Call::UserInfo.counted(None));
    }
}
