//! The one place that turns an API failure into words for the admin: what happened and
//! what to do about it, per DingTalk error code.

use super::Lang;
use crate::error::ApiError;
use dingtalk_wire::{ErrorClass, ErrorCode};

/// (Chinese, English) explanation of a DingTalk error code, by the wire crate's
/// classification: every throttling code reads the same.
fn dingtalk_text(code: &ErrorCode) -> Option<(&'static str, &'static str)> {
    use ErrorCode::*;
    if code.class() == ErrorClass::Throttled {
        return Some((
            "钉钉接口调用过于频繁，请稍后重试。",
            "DingTalk is throttling this app; wait a moment and retry.",
        ));
    }
    Some(match code {
        InvalidAuthentication => ("钉钉应用凭证已失效，服务器会自动刷新，请重试。", "DingTalk refused the app's access token; the server renews it, so retry."),
        ParamError | ParamErrorDotted | MaxResultsTooLarge => ("请求参数有误，请刷新页面后重试。", "DingTalk refused a request parameter; reload the page and retry."),
        UnsupportedOperation | NoPriviledge => ("当前账号无权执行此操作。", "Your account may not do this."),
        PermissionDenied => ("你没有查看此文件夹的权限。", "You may not view this folder."),
        AccessTokenPermissionDenied => (
            "应用缺少接口权限：请在钉钉开发者后台为应用开通 Drive.Space.Read 与 Storage.File.Read。",
            "The app lacks an API permission: grant Drive.Space.Read and Storage.File.Read in the DingTalk developer console.",
        ),
        IpNotInWhiteList => (
            "服务器 IP 不在应用的白名单中：请在钉钉开发者后台添加服务器出口 IP。",
            "The server's IP is not on the app's whitelist: add the server's outbound IP in the DingTalk developer console.",
        ),
        ApiCountLimitForOrg => (
            "本组织本月的钉钉接口调用次数已用完，下月恢复；如需继续使用，请在钉钉开放平台购买调用次数包。",
            "This organization has used up its DingTalk API calls for the month; they renew next month, or buy a call pack on the DingTalk open platform.",
        ),
        SpaceNotExist => ("该空间不存在或已被删除。", "This space does not exist or was deleted."),
        DentryNotExist => ("该文件夹不存在或已被删除。", "This folder does not exist or was deleted."),
        SystemError | UnknownError | UnknownErrorDotted => ("钉钉服务出错，请稍后重试。", "DingTalk had an internal error; retry later."),
        OperationTimeout | ServiceBusy => ("钉钉服务繁忙或超时，请稍后重试。", "DingTalk is busy or timed out; retry later."),
        _ => return None,
    })
}

/// (Chinese, English) explanation of a code of the dashboard server's own.
fn server_text(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "session.missing" | "session.invalid" | "session.expired" => ("登录已失效，请重新登录。", "Your session has ended; log in again."),
        "login.notAdmin" => ("只有本组织的管理员可以使用容量看板，请联系管理员。", "Only admins of this organization may use the dashboard; ask an admin for access."),
        "login.invalidCode" => ("登录码无效或已使用，请从钉钉工作台重新打开。", "The login code is invalid or already used; reopen the dashboard from the DingTalk workbench."),
        "upstream.unreachable" | "upstream.timeout" => ("服务器无法连接钉钉，请稍后重试。", "The server could not reach DingTalk; retry shortly."),
        "upstream.tooLarge" => (
            "钉钉返回的数据异常庞大，服务器已拒收，请稍后重试；若持续出现请联系技术支持。",
            "DingTalk sent an abnormally large answer, which the server refused; retry later, and contact support if it persists.",
        ),
        "upstream.appToken" => ("钉钉拒绝了应用凭证：请管理员检查服务器的 AppKey 与 AppSecret 配置。", "DingTalk refused the app credentials: the server's AppKey/AppSecret need checking."),
        "upstream.unreadable" => (
            "钉钉返回了无法识别的响应（可能是限流或封禁页面），请几分钟后重试。",
            "DingTalk answered with an unreadable response (perhaps a throttling or ban page); retry in a few minutes.",
        ),
        "upstream.malformed" => (
            "钉钉返回的数据无法解析（可能在传输中被截断），请重试；若持续出现请联系技术支持。",
            "DingTalk's answer could not be read (it may have been cut off); retry, and contact support if it persists.",
        ),
        "upstream.redirected" => (
            "钉钉接口返回了重定向，服务器不会跟随：请管理员检查服务器的 DINGTALK_API_BASE 与 DINGTALK_OAPI_BASE 配置。",
            "DingTalk answered with a redirect, which the server does not follow: the server's DINGTALK_API_BASE and DINGTALK_OAPI_BASE need checking.",
        ),
        "budget.exhausted" => (
            "本应用本月的钉钉调用预算已用完，下月 1 日（北京时间）重新计数；管理员可在组织每月 5000 次的额度内调高 DINGTALK_MONTHLY_CALL_BUDGET。",
            "This app's DingTalk call budget for the month is spent; it starts again on the 1st of next month (China time). An admin can raise DINGTALK_MONTHLY_CALL_BUDGET within the organization's 5,000 calls a month.",
        ),
        "store.unavailable" => (
            "看板服务器无法访问它的数据存储，暂时无法计量钉钉调用：请管理员检查 DATA_DIR 或 DATABASE_URL 及其磁盘或数据库。",
            "The dashboard server cannot reach its store, so it cannot count DingTalk calls: an admin must check DATA_DIR or DATABASE_URL and the disk or database behind it.",
        ),
        "request.crossOrigin" => (
            "服务器只接受来自本站页面的请求：请从钉钉工作台打开看板；若仍出现，请管理员检查反向代理是否转发了原始 Host 头。",
            "The server accepts requests only from its own pages: open the dashboard from the DingTalk workbench; if this persists, the reverse proxy must pass the original Host header.",
        ),
        "scan.budget" => (
            "本月的钉钉调用预算已用完，扫描读不到任何内容，未开始；下月 1 日（北京时间）重新计数，或请管理员调高 DINGTALK_MONTHLY_CALL_BUDGET。",
            "This month's DingTalk call budget is spent, so a scan could read nothing and did not start; the count starts again on the 1st of next month (China time), or an admin can raise DINGTALK_MONTHLY_CALL_BUDGET.",
        ),
        "scan.cannotContinue" => (
            "上次扫描无法从中断处继续（它已完成，或并非中途停止）：请重新扫描。",
            "The last scan cannot go on where it stopped (it ran to its end, or did not stop part-way): scan again instead.",
        ),
        "scan.none" => ("这个空间还没有带结果的扫描：请先扫描。", "This space has no scan with results yet: scan it first."),
        "scan.folder" => (
            "这个文件夹不在扫描结果中（可能是扫描后新建的）：请重新扫描，或回到上一级。",
            "This folder is not in the scan's results (it may be newer than the scan): scan again, or go back up.",
        ),
        "alerts.badRules" => (
            "提醒规则未保存：阈值须为 1 到 100 的整数且警告低于严重，预测天数为 1 到 365，组织阈值为 1 到 100。请改正后再保存。",
            "The alert rules were not saved: thresholds are whole numbers from 1 to 100 with the warning below the critical, the days from 1 to 365, the organization's threshold from 1 to 100. Correct them and save again.",
        ),
        "alerts.badSubscriptions" | "alerts.badLanguage" => (
            "订阅未保存：页面发送的内容服务器无法识别。请刷新页面后重试。",
            "The subscriptions were not saved: the server could not read what the page sent. Reload the page and try again.",
        ),
        "demo.emulator" => (
            "演示用的钉钉模拟器没有说明收到的消息：请重新启动演示。",
            "The demo's DingTalk emulator did not say what its users received: restart the demo.",
        ),
        _ => return None,
    })
}

/// The explanation of `code`, DingTalk's or the server's.
fn code_text(code: &str) -> Option<(&'static str, &'static str)> {
    dingtalk_text(&ErrorCode::from(code)).or_else(|| server_text(code))
}

/// The sentence shown for `e`.
pub fn error_text(lang: Lang, e: &ApiError) -> String {
    let pick = |(zh, en): (&str, &str)| match lang {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    };
    match e {
        ApiError::Api { status, code, message, .. } => match code_text(code) {
            Some(t) => pick(t),
            None => pick((
                "钉钉返回了错误",
                "DingTalk returned an error",
            )) + &format!(" (HTTP {status}, {code}: {message})"),
        },
        ApiError::BadBody { status, .. } => pick((
            "钉钉返回了无法识别的响应（可能是限流或封禁页面），请稍后重试。",
            "DingTalk answered with an unreadable response (perhaps a throttling or ban page); retry later.",
        )) + &format!(" (HTTP {status})"),
        ApiError::Decode(detail) => pick((
            "响应数据格式无法解析，请重试；若持续出现请联系技术支持。",
            "The response could not be read; retry, and contact support if it persists.",
        )) + &format!(" ({detail})"),
        ApiError::Network(detail) => pick((
            "无法连接服务器，请检查网络后重试。",
            "Could not reach the server; check the network and retry.",
        )) + &format!(" ({detail})"),
        ApiError::Aborted => pick(("请求已取消。", "The request was cancelled.")),
        ApiError::DingTalkLogin(detail) => pick((
            "钉钉免登失败：请点“重试”；仍不行时，关闭后从钉钉工作台重新打开本应用。",
            "DingTalk could not log you in: choose Retry; if it fails again, close the app and open it again from the DingTalk workbench.",
        )) + &format!(" ({detail})"),
        ApiError::RepeatedPage => pick((
            "钉钉重复返回了同一页，已停止加载以免无限循环；已加载的内容保留。",
            "DingTalk sent the same page twice; loading stopped to avoid an endless loop. What was loaded is kept.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(code: &str) -> ApiError {
        ApiError::Api {
            status: 400,
            code: code.into(),
            message: "m".into(),
            request_id: Some("R".into()),
        }
    }

    #[test]
    fn documented_codes_have_both_languages() {
        for code in [
            "InvalidAuthentication",
            "permissionDenied",
            "spaceNotExist",
            "Forbidden.AccessDenied.IpNotInWhiteList",
            "system.busy",
            "Forbidden.AccessDenied.QpmLimitForAppkeyAndApi",
            "Forbidden.AccessDenied.ApiCountLimitForOrg",
            "session.expired",
            "upstream.unreachable",
            "upstream.tooLarge",
            "upstream.unreadable",
            "upstream.malformed",
            "upstream.redirected",
            "request.crossOrigin",
            "budget.exhausted",
            "store.unavailable",
            "scan.budget",
            "scan.none",
            "scan.folder",
            "scan.cannotContinue",
            "alerts.badRules",
            "alerts.badSubscriptions",
            "alerts.badLanguage",
            "demo.emulator",
        ] {
            let zh = error_text(Lang::Zh, &api(code));
            let en = error_text(Lang::En, &api(code));
            assert!(
                !zh.contains(code) && !en.contains(code),
                "{code} is explained, not echoed"
            );
            assert_ne!(zh, en);
        }
    }

    #[test]
    fn unknown_codes_show_the_code_and_message() {
        let t = error_text(Lang::En, &api("brand.new"));
        assert!(t.contains("brand.new") && t.contains("HTTP 400"), "{t}");
    }
}
