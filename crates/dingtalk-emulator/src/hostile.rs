//! A corpus of hostile strings for the `hostile` fault: script, markup, URL-scheme, entity,
//! bidi and length attacks placed in names, paths, extensions and thumbnail URLs. Each payload
//! that ran would call `__xssTrap()` (or set `__xss`), which the end-to-end test watches.

pub const PAYLOADS: &[&str] = &[
    "<script>__xssTrap(1)</script>",
    "<img src=x onerror=__xssTrap(2)>",
    "<svg onload=__xssTrap(3)>",
    "<svg><script>__xssTrap(4)</script></svg>",
    "\"><img src=x onerror=__xssTrap(5)>",
    "'><img src=x onerror=__xssTrap(6)>",
    "javascript:__xssTrap(7)",
    "JaVaScRiPt:__xssTrap(8)",
    " javascript:__xssTrap(9)",
    "java\tscript:__xssTrap(10)",
    "data:text/html,<script>__xssTrap(11)</script>",
    "data:image/svg+xml,<svg onload=__xssTrap(12)>",
    "vbscript:msgbox(13)",
    "<iframe src=javascript:__xssTrap(14)>",
    "<body onload=__xssTrap(15)>",
    "<details open ontoggle=__xssTrap(16)>",
    "<video><source onerror=__xssTrap(17)>",
    "<audio src=x onerror=__xssTrap(18)>",
    "<input autofocus onfocus=__xssTrap(19)>",
    "<a href=javascript:__xssTrap(20)>click</a>",
    "<math><mtext><img src=x onerror=__xssTrap(21)>",
    "<object data=javascript:__xssTrap(22)>",
    "<embed src=javascript:__xssTrap(23)>",
    "<style>@import 'javascript:__xssTrap(24)'</style>",
    "<link rel=stylesheet href=javascript:__xssTrap(25)>",
    "<meta http-equiv=refresh content=\"0;url=javascript:__xssTrap(26)\">",
    "&lt;script&gt;__xssTrap(27)&lt;/script&gt;",
    "&#60;img src=x onerror=__xssTrap(28)&#62;",
    "&amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;",
    "%3Cscript%3E__xssTrap(30)%3C%2Fscript%3E",
    "\\u003cscript\\u003e__xssTrap(31)\\u003c/script\\u003e",
    "{{constructor.constructor('__xssTrap(32)')()}}",
    "${__xssTrap(33)}",
    "`${__xssTrap(34)}`",
    "</li></ul><img src=x onerror=__xssTrap(35)>",
    "</title><script>__xssTrap(36)</script>",
    "<!--<img src=x onerror=__xssTrap(37)>-->",
    "<![CDATA[<script>__xssTrap(38)</script>]]>",
    "<template><img src=x onerror=__xssTrap(39)></template>",
    "<noscript><p title=\"</noscript><img src=x onerror=__xssTrap(40)>\">",
    "\u{202E}gnp.exe",
    "invoice\u{202E}fdp.scr",
    "\u{200B}\u{200C}\u{200D}\u{FEFF}zero-width",
    "\u{0000}nul\u{0001}control\u{001F}",
    "line\nbreak\rand\ttab",
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    "../../../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "%2e%2e%2f%2e%2e%2fsecret",
    "😀🎉👨‍👩‍👧‍👦 emoji 中文 العربية עברית",
    "<b onmouseover=__xssTrap(54)>hover</b>",
    "<div style=\"background:url(javascript:__xssTrap(55))\">",
];

/// A name of about 5,000 characters, to test wrapping and truncation.
pub fn very_long() -> String {
    "超长文件名-very-long-name-".repeat(250)
}

/// The payload number `i` (the long name is the last of each round).
pub fn payload(i: u64) -> String {
    match (i % (PAYLOADS.len() as u64 + 1)) as usize {
        n if n == PAYLOADS.len() => very_long(),
        n => PAYLOADS[n].to_owned(),
    }
}
