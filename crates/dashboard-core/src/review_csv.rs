//! The quota review as CSV: the rows the admin sees, in the order they see them.

use crate::csv;
use crate::format::{self, Locale};
use crate::i18n::Msg;
use crate::quota::Thresholds;
use crate::review::Row;
use dingtalk_wire::Quota;

pub fn review_csv(
    rows: &[Row],
    order: &[usize],
    t: Thresholds,
    loc: impl Locale,
    state_text: impl Fn(crate::quota::QuotaState) -> &'static str,
) -> String {
    let lang = loc.lang();
    let header = [
        Msg::CsvName,
        Msg::CsvId,
        Msg::CsvState,
        Msg::CsvPercent,
        Msg::CsvUsedBytes,
        Msg::CsvQuotaBytes,
        Msg::CsvUsed,
        Msg::CsvQuota,
        Msg::CsvModified,
    ]
    .map(|m| lang.t(m));
    let records = order.iter().filter_map(|&i| rows.get(i)).map(|r| {
        let u = r.usage;
        let (quota_bytes, quota_text) = match u.quota {
            Quota::Unlimited => (
                lang.t(Msg::Unlimited).to_owned(),
                lang.t(Msg::Unlimited).to_owned(),
            ),
            Quota::Limited(q) => (csv::number(q), format::bytes(q, loc)),
            Quota::Unknown => (String::new(), String::new()),
        };
        vec![
            csv::cell(&r.space.space_name),
            csv::cell(&r.space.space_id),
            csv::cell(state_text(u.state(t))),
            u.bp.map(|bp| csv::cell(&format::percent_bp(bp, loc)))
                .unwrap_or_default(),
            u.used.map(csv::number).unwrap_or_default(),
            csv::cell(&quota_bytes),
            u.used
                .map(|b| csv::cell(&format::bytes(b, loc)))
                .unwrap_or_default(),
            csv::cell(&quota_text),
            csv::cell(r.space.modify_time.as_ref().map(|t| t.raw()).unwrap_or("")),
        ]
    });
    csv::document(&header, records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Plain;
    use crate::i18n::Lang;
    use dingtalk_wire::{IsoTime, Space};

    #[test]
    fn rows_in_view_order_with_hostile_names_neutralised() {
        let rows: Vec<Row> = [
            ("1", "=cmd|' /C calc'!A0", Some(100), Some(50)),
            ("2", "研发, \"核心\"", Some(-1), Some(7)),
            ("3", "空", None, None),
        ]
        .into_iter()
        .map(|(id, name, q, u)| {
            Row::new(Space {
                space_id: id.into(),
                space_name: name.into(),
                quota: q,
                used_quota: u,
                modify_time: Some(IsoTime::parse("2024-03-01T08:30Z")),
                ..Space::default()
            })
        })
        .collect();
        let doc = review_csv(
            &rows,
            &[1, 0, 2],
            Thresholds::default(),
            Plain(Lang::En),
            |s| s.as_str(),
        );
        let lines: Vec<&str> = doc.trim_start_matches('\u{FEFF}').split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Space name,Space ID,State,Usage,Used (bytes),Quota (bytes),Used,Quota,Modified"
        );
        assert_eq!(
            lines[1],
            "\"研发, \"\"核心\"\"\",2,unlimited,,7,Unlimited,7 B,Unlimited,2024-03-01T08:30Z"
        );
        assert_eq!(
            lines[2],
            "'=cmd|' /C calc'!A0,1,ok,50%,50,100,50 B,100 B,2024-03-01T08:30Z"
        );
        assert_eq!(lines[3], "空,3,unknown,,,,,,2024-03-01T08:30Z");
        assert_eq!(lines.len(), 5, "three rows and the final CRLF");
        assert!(doc.starts_with('\u{FEFF}'));
    }
}
