//! CSV for Excel: UTF-8 with a BOM (so Excel reads Chinese), RFC 4180 quoting, CRLF line ends,
//! and cells that a spreadsheet would run as a formula neutralised.

/// One cell. A value starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` so a
/// spreadsheet shows it as text instead of evaluating it (CSV formula injection); then a
/// value with a comma, quote or line break is quoted, with quotes doubled.
pub fn cell(value: &str) -> String {
    let neutral = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    if neutral.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral
    }
}

/// A number cell: written as is (a negative number is data, not a formula).
pub fn number(n: i64) -> String {
    n.to_string()
}

/// The whole document: BOM, the header, the rows, CRLF after every record.
pub fn document(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_a_bom_and_uses_crlf() {
        let d = document(&["名称", "b"], vec![vec![cell("研发中心"), number(5)]]);
        assert!(d.starts_with('\u{FEFF}'));
        assert_eq!(d, "\u{FEFF}名称,b\r\n研发中心,5\r\n");
    }

    #[test]
    fn rfc4180_quoting() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+86 10"), "'+86 10");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(
            cell("=HYPERLINK(\"http://x\",\"y\")"),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""
        );
        // Only the first character matters.
        assert_eq!(cell("a=b"), "a=b");
        // Numbers written as numbers stay numbers.
        assert_eq!(number(-1), "-1");
    }
}
