//! DingTalk's ids of spaces and dentries (`spaceId`, `dentryId`, `parentId`).
//!
//! DingTalk's reference pages of the Drive and Storage calls (open.dingtalk.com, 获取空间列表 and
//! 获取文件或文件夹列表) type them as plain strings and show short decimal numbers.
//! An id is put into a request path and into the app's URLs, so only the characters DingTalk
//! uses pass: anything else could smuggle a path segment or a query.

/// The `parentId` of a space's root folder.
pub const ROOT_DENTRY_ID: &str = "0";

/// Longest id accepted; DingTalk's are far shorter.
pub const MAX_ID_LEN: usize = 64;

/// Whether `id` is a well-formed space or dentry id: 1 to [`MAX_ID_LEN`] ASCII letters,
/// digits, `-` or `_`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_ids_pass() {
        for ok in ["0", "28000000001", "a-b_C9", &"9".repeat(MAX_ID_LEN)] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "",
            "..",
            "a/b",
            "a%2Fb",
            "a b",
            "a?b",
            "中",
            &"9".repeat(MAX_ID_LEN + 1),
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }
}
