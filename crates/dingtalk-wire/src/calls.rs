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
use crate::time::{civil_from_days, days_from_civil};

/// DingTalk's ceiling of calls per second, per app and API; past it DingTalk answers
/// `Forbidden.AccessDenied.QpsLimitForAppkeyAndApi`.
pub const CALLS_PER_SECOND_PER_API: u32 = 20;

/// Metered calls a month for a whole organization on the standard edition, all its apps
/// together; past it every metered call fails with `Forbidden.AccessDenied.ApiCountLimitForOrg`
/// (errcode 90020) until the month ends.
pub const ORG_MONTHLY_CALLS: u32 = 5_000;

/// The header the dashboard's server adds to every answer that cost a metered call: the
/// month's metered calls, the app's monthly budget and the day the count starts again,
/// `123 2000 2027-01-01`, so the app shows them without asking.
pub const CALLS_HEADER: &str = "x-dashboard-calls";

/// DingTalk meters by calendar month, and limits messages by day, in China Standard Time
/// (UTC+8, no daylight saving).
pub(crate) const CHINA_OFFSET_MS: i64 = 8 * 3_600_000;

/// A calendar month of DingTalk's metering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BillingMonth {
    pub year: i64,
    /// 1 to 12.
    pub month: i64,
}

impl BillingMonth {
    /// The month an instant (milliseconds since 1970-01-01T00:00Z) is metered in.
    pub fn of_epoch_ms(ms: i64) -> Self {
        let days = (ms + CHINA_OFFSET_MS).div_euclid(86_400_000);
        let (year, month, _) = civil_from_days(days);
        Self { year, month }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// When the month starts, in milliseconds since 1970-01-01T00:00Z.
    pub fn starts_at_ms(self) -> i64 {
        days_from_civil(self.year, self.month, 1) * 86_400_000 - CHINA_OFFSET_MS
    }

    /// The day the next month's count starts from zero: `2027-01-01` (in China).
    pub fn resets_on(self) -> String {
        let n = self.next();
        format!("{:04}-{:02}-01", n.year, n.month)
    }
}

impl std::fmt::Display for BillingMonth {
    /// `2026-12`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

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
    /// `GET /v1.0/storage/spaces/{spaceId}`
    GetSpace,
    /// `GET /v1.0/storage/orgs/{corpId}`
    OrgStorage,
    /// `POST /v1.0/storage/spaces/{spaceId}/dentries/listAll`
    ListAllDentries,
    /// `POST /topapi/message/corpconversation/asyncsend_v2` (oapi): a work notification.
    SendMessage,
    /// `POST /topapi/message/corpconversation/getsendresult` (oapi)
    SendResult,
    /// `POST /topapi/user/getbyunionid` (oapi): a contacts look-up.
    UserByUnionId,
}

impl Call {
    /// The call a request path names, if it is one of these.
    pub fn of_path(path: &str) -> Option<Self> {
        match path {
            "/v1.0/oauth2/accessToken" => Some(Self::AccessToken),
            "/topapi/v2/user/getuserinfo" => Some(Self::UserInfo),
            "/v1.0/drive/spaces" => Some(Self::ListSpaces),
            "/topapi/message/corpconversation/asyncsend_v2" => Some(Self::SendMessage),
            "/topapi/message/corpconversation/getsendresult" => Some(Self::SendResult),
            "/topapi/user/getbyunionid" => Some(Self::UserByUnionId),
            _ if path.starts_with("/v1.0/storage/orgs/") => {
                let corp = &path["/v1.0/storage/orgs/".len()..];
                (!corp.is_empty() && !corp.contains('/')).then_some(Self::OrgStorage)
            }
            _ => {
                let rest = path.strip_prefix("/v1.0/storage/spaces/")?;
                if let Some(id) = rest.strip_suffix("/dentries/listAll") {
                    return (!id.is_empty() && !id.contains('/')).then_some(Self::ListAllDentries);
                }
                match rest.strip_suffix("/dentries") {
                    Some(id) => (!id.is_empty() && !id.contains('/')).then_some(Self::ListDentries),
                    None => (!rest.is_empty() && !rest.contains('/')).then_some(Self::GetSpace),
                }
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
            Self::GetSpace => "getSpace",
            Self::OrgStorage => "orgStorage",
            Self::ListAllDentries => "listAllDentries",
            Self::SendMessage => "asyncsend_v2",
            Self::SendResult => "getsendresult",
            Self::UserByUnionId => "getbyunionid",
        }
    }

    /// Whether this is an oapi.dingtalk.com call, which answers refusals with HTTP 200 and an
    /// `errcode` (throttling 90018, the monthly quota 90020) instead of an error status.
    pub fn is_oapi(self) -> bool {
        matches!(
            self,
            Self::UserInfo | Self::SendMessage | Self::SendResult | Self::UserByUnionId
        )
    }

    /// Whether DingTalk counts this API against the organization's monthly quota. Work
    /// notifications and their results are (they are not on the exemption list); the
    /// contacts look-up `getbyunionid` is exempt, as the login calls are.
    pub fn is_metered(self) -> bool {
        matches!(
            self,
            Self::ListSpaces
                | Self::ListDentries
                | Self::GetSpace
                | Self::OrgStorage
                | Self::ListAllDentries
                | Self::SendMessage
                | Self::SendResult
        )
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
            Call::of_path("/v1.0/storage/spaces/28"),
            Some(Call::GetSpace)
        );
        assert_eq!(Call::of_path("/v1.0/storage/spaces/"), None);
        assert_eq!(Call::of_path("/v1.0/storage/spaces//dentries"), None);
        assert!(Call::GetSpace.is_metered());
        assert_eq!(
            Call::of_path("/v1.0/storage/orgs/dingdemo"),
            Some(Call::OrgStorage)
        );
        assert_eq!(Call::of_path("/v1.0/storage/orgs/"), None);
        assert_eq!(Call::of_path("/v1.0/storage/orgs/a/b"), None);
        assert!(Call::OrgStorage.is_metered());
        assert_eq!(
            Call::of_path("/v1.0/storage/spaces/28/dentries/listAll"),
            Some(Call::ListAllDentries)
        );
        assert_eq!(
            Call::of_path("/v1.0/storage/spaces//dentries/listAll"),
            None
        );
        assert_eq!(
            Call::of_path("/v1.0/storage/spaces/2/8/dentries/listAll"),
            None
        );
        assert!(Call::ListAllDentries.is_metered());
        assert_eq!(
            Call::of_path("/v1.0/oauth2/accessToken"),
            Some(Call::AccessToken)
        );
        assert_eq!(Call::of_path("/thumbnails/a/b.png"), None);
    }

    #[test]
    fn messages_are_metered_and_the_contacts_look_up_is_not() {
        let send = Call::of_path("/topapi/message/corpconversation/asyncsend_v2");
        assert_eq!(send, Some(Call::SendMessage));
        let result = Call::of_path("/topapi/message/corpconversation/getsendresult");
        assert_eq!(result, Some(Call::SendResult));
        let user = Call::of_path("/topapi/user/getbyunionid");
        assert_eq!(user, Some(Call::UserByUnionId));
        assert!(Call::SendMessage.counted(None));
        assert!(Call::SendResult.counted(Some(ErrorClass::BadRequest)));
        assert!(!Call::SendMessage.counted(Some(ErrorClass::Throttled)));
        assert!(!Call::UserByUnionId.counted(None));
        assert!(Call::SendMessage.is_oapi() && Call::UserInfo.is_oapi());
        assert!(!Call::ListSpaces.is_oapi());
        let names = [Call::SendMessage, Call::SendResult, Call::UserByUnionId].map(Call::name);
        assert_eq!(names, ["asyncsend_v2", "getsendresult", "getbyunionid"]);
    }

    #[test]
    fn lists_are_metered_unless_throttled() {
        assert!(Call::ListSpaces.counted(None));
        assert!(Call::ListDentries.counted(Some(ErrorClass::Transient)));
        assert!(!Call::ListDentries.counted(Some(ErrorClass::Throttled)));
        assert!(!Call::AccessToken.counted(None));
        assert!(!Call::UserInfo.counted(None));
    }

    #[test]
    fn the_month_turns_at_midnight_in_china() {
        // 2026-11-30T15:59:59.999Z is 23:59:59.999 on 30 November in Beijing.
        let last = ms("2026-11-30T15:59:59.999Z");
        assert_eq!(BillingMonth::of_epoch_ms(last).to_string(), "2026-11");
        assert_eq!(BillingMonth::of_epoch_ms(last + 1).to_string(), "2026-12");
        let dec = BillingMonth::of_epoch_ms(last + 1);
        assert_eq!(dec.starts_at_ms(), last + 1);
        assert_eq!(dec.resets_on(), "2027-01-01");
        assert_eq!(dec.next().next().to_string(), "2027-02");
        assert_eq!(BillingMonth::of_epoch_ms(0).to_string(), "1970-01");
        assert!(dec < dec.next());
    }

    fn ms(s: &str) -> i64 {
        crate::IsoTime::parse(s).epoch_ms().expect("a time")
    }
}
