//! The designated first space: fixed folders (the big archive, the restricted ones), one
//! file of every kind and every oddity at its root, and some ordinary folders.

use super::{unique, Access, Gen, Parent, ADMIN_ONLY, BIG_FOLDER, RESTRICTED};
use crate::data::{dentry_id, iso, NOW_MS};
use crate::names;
use dingtalk_wire::{DentryProperties, DentryStatus, DentryType};
use std::collections::HashSet;

impl Gen<'_> {
    /// The designated first space: the fixed folders, one file of every kind and every
    /// oddity at the root, and some ordinary folders.
    pub(super) fn first_space(&mut self, root: &Parent, big_entries: usize) {
        let mut taken = HashSet::new();
        let big_id = dentry_id(0, BIG_FOLDER);
        let big = self.folder(root, &mut taken, "历史照片归档", big_id, Access::Everyone);
        let restricted_id = dentry_id(0, RESTRICTED);
        let restricted = self.folder(
            root,
            &mut taken,
            "董事会纪要（仅限董事）",
            restricted_id,
            Access::Nobody,
        );
        let admin_id = dentry_id(0, ADMIN_ONLY);
        let admin = self.folder(
            root,
            &mut taken,
            "人事档案（仅管理员）",
            admin_id,
            Access::AdminOnly,
        );
        self.fill(&restricted, &mut HashSet::new(), 2, 2);
        self.fill(&admin, &mut HashSet::new(), 2, 3);
        self.photos(&big, big_entries);

        for kind in names::KINDS {
            let stem = *self.rng.pick(names::FILE_STEMS);
            self.file(root, &mut taken, stem, kind);
        }
        let oddities: &[(&str, Option<&str>, i64)] = &[
            ("README", None, 2_048),
            ("空文件.txt", Some("txt"), 0),
            ("全量数据备份-2024.zip", Some("zip"), 48 * (1 << 30) + 123_456_789),
            ("未知格式的导出数据.qzx9", Some("qzx9"), 7_340_032),
            ("🎉 年会合影.jpg", Some("jpg"), 6_291_456),
            ("关于2024年度第三季度华东、华南及西南区域销售渠道拓展计划与经销商激励政策调整的补充说明及附件清单（请各部门负责人务必于本周五前完成审阅并反馈意见）.docx", Some("docx"), 1_887_436),
            ("Quarterly Business Review - Greater China Region - FY2024 Q3 - Final Version for Board Approval (do not distribute).pptx", Some("pptx"), 52_428_800),
            ("已删除的方案.docx", Some("docx"), 88_000),
            ("过期的分享文件.pdf", Some("pdf"), 1_200_000),
            ("只读-公司章程.pdf", Some("pdf"), 640_000),
        ];
        for &(name, ext, size) in oddities {
            let id = self.next_id();
            let name = unique(&mut taken, name.to_owned());
            let i = self.push(root, id, name, DentryType::File, ext, Some(size), None);
            let d = &mut self.nodes[i].dentry;
            match d.name.as_str() {
                "已删除的方案.docx" => d.status = Some(DentryStatus::Deleted),
                "过期的分享文件.pdf" => d.status = Some(DentryStatus::Expired),
                "只读-公司章程.pdf" => {
                    d.properties = Some(DentryProperties { read_only: true })
                }
                _ => {}
            }
        }
        let id = self.next_id();
        let shortcut = DentryType::Unknown("SHORTCUT".into());
        let i = self.push(
            root,
            id,
            "快捷方式 - 研发中心".into(),
            shortcut,
            None,
            None,
            None,
        );
        self.nodes[i].dentry.app_properties = self.app_properties();

        let id = self.next_id();
        let ro = self.folder(root, &mut taken, "公司制度（只读）", id, Access::Everyone);
        if let Some(n) = self.nodes.last_mut() {
            n.dentry.properties = Some(DentryProperties { read_only: true });
        }
        self.fill(&ro, &mut HashSet::new(), 3, 3);
        for name in ["部门周报", "项目资料", "Design"] {
            let id = self.next_id();
            let f = self.folder(root, &mut taken, name, id, Access::Everyone);
            let depth = self.rng.range(2, 4) as u32;
            self.fill(&f, &mut HashSet::new(), 2, depth);
        }
    }

    /// A camera roll: thousands of photos named by their timestamps (hence unique).
    fn photos(&mut self, parent: &Parent, n: usize) {
        let start = parent
            .created_ms
            .clamp(1_420_070_400_000, NOW_MS - 86_400_000); // >= 2015
        let gap = ((NOW_MS - start) / 1000 / (n as i64).max(1)).max(2);
        let mut t = start;
        for _ in 0..n {
            t += 1000 * self.rng.range(1, gap * 2 - 1);
            let stamp = iso(t, true);
            let s: String = stamp.raw().chars().filter(char::is_ascii_digit).collect();
            let stamp = format!(
                "{}_{}",
                s.get(..8).unwrap_or(""),
                s.get(8..14).unwrap_or("")
            );
            let prefix = *self.rng.pick(names::PHOTO_PREFIXES);
            let (ext, kind) = match self.rng.below(100) {
                0..=79 if prefix == "DSC_" => ("JPG", "jpg"),
                0..=79 => ("jpg", "jpg"),
                80..=87 => ("heic", "heic"),
                88..=93 => ("png", "png"),
                94..=97 => ("mov", "mov"),
                _ => ("mp4", "mp4"),
            };
            let k = names::kind_of(kind).unwrap_or(&names::KINDS[0]);
            let size = if k.category == "video" {
                self.rng.log_range(5 << 20, 2 << 30)
            } else {
                self.rng.log_range(800 << 10, 12 << 20)
            };
            let id = self.next_id();
            let name = format!("{prefix}{stamp}.{ext}");
            let i = self.push(
                parent,
                id,
                name,
                DentryType::File,
                Some(ext),
                Some(size),
                Some((t, t)),
            );
            if self.rng.chance(0.005) {
                self.nodes[i].dentry.status = Some(DentryStatus::Deleted);
            }
        }
    }
}
