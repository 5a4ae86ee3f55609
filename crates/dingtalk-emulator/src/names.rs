//! Name tables for the demo data: what a Chinese company's Drive looks like.

/// Hand-written org space names; index 0 is the designated "everyone" space.
pub const SPACES: &[&str] = &[
    "全员共享盘",
    "研发中心",
    "产品部",
    "市场部-华东区",
    "市场部-华南区",
    "市场部-华北区",
    "销售部",
    "Sales APAC",
    "Sales EMEA",
    "Design Assets",
    "人力资源部",
    "财务部",
    "2024 年度财报",
    "2023 年度审计资料",
    "法务合规",
    "行政部",
    "客户成功部",
    "技术支持",
    "IT 运维",
    "数据平台",
    "AI 实验室",
    "🎉 年会筹备",
    "📣 品牌宣传",
    "🚀 新品发布会",
    "供应链管理",
    "采购部",
    "质量管理部",
    "董事会办公室",
    "投资者关系",
    "战略规划部",
    "Engineering Handbook",
    "Marketing Campaigns 2024",
    "Brand Guidelines",
    "Customer Contracts",
    "Recruiting",
    "深圳分公司",
    "上海分公司",
    "北京总部",
    "成都研发中心",
    "杭州 Office",
    "新员工培训",
    "项目-星河计划",
    "项目-天穹 2.0",
    "电商运营",
    "直播运营中心",
    "客服中心",
    "培训学院",
    "Q3 OKR 复盘",
    "测试空间",
    "临时共享（请勿存放敏感资料）",
    "历史归档 2015-2020",
    "UI/UX 设计稿",
    "视频素材库",
    "Photo Library",
    "2023-2024 年度华东区域渠道合作伙伴联合市场推广活动素材及合同归档（含历史版本与法务审核意见）",
    "International Business Development & Strategic Partnerships — Southeast Asia, Middle East and Latin America",
    "🌏 海外市场 Global Expansion 🚀",
    "安全与隐私委员会",
    "工会",
    "党建工作",
];

/// Prefixes of generated space names beyond the hand-written ones.
pub const SPACE_PREFIXES: &[&str] = &[
    "项目空间",
    "部门空间",
    "Team Space",
    "客户项目",
    "区域办公室",
    "Project",
];

pub const FOLDERS: &[&str] = &[
    "会议纪要",
    "合同",
    "项目资料",
    "设计稿",
    "产品需求文档",
    "周报",
    "月报",
    "培训资料",
    "规章制度",
    "财务报表",
    "发票",
    "客户资料",
    "招聘",
    "Archive",
    "Drafts",
    "Shared",
    "Templates",
    "Screenshots",
    "2022",
    "2023",
    "2024",
    "2025",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "历史版本",
    "📁 临时文件",
    "🔥 紧急",
    "素材",
    "照片",
    "视频",
    "录音",
    "源代码",
    "测试报告",
    "Release Notes",
    "Legal",
    "Budget",
    "Marketing",
    "竞品分析",
    "用户调研",
    "备份",
];

pub const FILE_STEMS: &[&str] = &[
    "季度经营分析",
    "员工手册",
    "产品路线图",
    "Q3 Sales Review",
    "品牌 Logo",
    "会议记录",
    "年度预算表",
    "招聘计划",
    "用户访谈纪要",
    "竞品分析报告",
    "合同扫描件",
    "报销单",
    "组织架构图",
    "系统架构设计",
    "接口文档",
    "发布说明",
    "Brand Guidelines",
    "Onboarding Checklist",
    "Customer List",
    "Invoice",
    "Meeting Notes",
    "Roadmap",
    "Budget 2025",
    "截图",
    "团建照片",
    "🎉 年会合影",
    "📊 数据看板",
    "产品演示",
    "培训录像",
    "客户拜访录音",
    "安装包",
    "数据导出",
    "运行日志",
    "需求评审",
    "方案 v2（终版）",
    "方案 v2（终版）（真的终版）",
    "Final_final_v3",
    "副本",
    "新建文档",
    "周报-张伟",
    "周报-李娜",
    "OKR 对齐",
];

/// Employees who create and modify files (besides the two demo users).
pub const PEOPLE: &[&str] = &[
    "张伟", "李娜", "王强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴婷",
];

/// Photo name patterns of the big archive folder.
pub const PHOTO_PREFIXES: &[&str] = &["IMG_", "DSC_", "微信图片_", "Screenshot_", "PXL_"];

/// What kind of file an extension is: the category DingTalk reports, the size range in
/// bytes, and whether DingTalk renders a thumbnail for it.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub ext: &'static str,
    pub category: &'static str,
    pub min_size: i64,
    pub max_size: i64,
    pub thumbnail: bool,
}

const KB: i64 = 1 << 10;
const MB: i64 = 1 << 20;
const GB: i64 = 1 << 30;

const fn k(ext: &'static str, category: &'static str, lo: i64, hi: i64, thumb: bool) -> Kind {
    Kind {
        ext,
        category,
        min_size: lo,
        max_size: hi,
        thumbnail: thumb,
    }
}

pub const KINDS: &[Kind] = &[
    k("jpg", "image", 40 * KB, 20 * MB, true),
    k("jpeg", "image", 40 * KB, 20 * MB, true),
    k("png", "image", 5 * KB, 15 * MB, true),
    k("gif", "image", 10 * KB, 30 * MB, true),
    k("bmp", "image", 100 * KB, 50 * MB, true),
    k("webp", "image", 10 * KB, 5 * MB, true),
    k("heic", "image", 500 * KB, 8 * MB, true),
    k("doc", "document", 20 * KB, 50 * MB, true),
    k("docx", "document", 12 * KB, 80 * MB, true),
    k("xls", "document", 20 * KB, 60 * MB, true),
    k("xlsx", "document", 8 * KB, 200 * MB, true),
    k("ppt", "document", 100 * KB, 300 * MB, true),
    k("pptx", "document", 60 * KB, 500 * MB, true),
    k("wps", "document", 20 * KB, 30 * MB, true),
    k("et", "document", 20 * KB, 30 * MB, true),
    k("dps", "document", 100 * KB, 200 * MB, true),
    k("pdf", "document", 30 * KB, 400 * MB, true),
    k("txt", "document", 1, 5 * MB, true),
    k("md", "document", 100, 500 * KB, true),
    k("csv", "document", 200, 800 * MB, true),
    k("log", "document", 1, 2 * GB, true),
    k("json", "document", 2, 100 * MB, true),
    k("mp4", "video", 5 * MB, 30 * GB, false),
    k("mov", "video", 5 * MB, 40 * GB, false),
    k("mp3", "audio", 500 * KB, 200 * MB, false),
    k("wav", "audio", MB, 2 * GB, false),
    k("zip", "archive", 10 * KB, 50 * GB, false),
    k("rar", "archive", 10 * KB, 20 * GB, false),
    k("7z", "archive", 10 * KB, 20 * GB, false),
    k("rs", "other", 100, 200 * KB, false),
    k("py", "other", 50, 100 * KB, false),
    k("ts", "other", 50, 100 * KB, false),
    k("go", "other", 50, 100 * KB, false),
    k("java", "other", 100, 200 * KB, false),
    k("sql", "other", 100, 500 * MB, false),
    k("sh", "other", 20, 20 * KB, false),
    k("adoc", "alidoc", 0, 2 * MB, false),
    k("axls", "alidoc", 0, 5 * MB, false),
    k("apk", "other", 5 * MB, 2 * GB, false),
    k("exe", "other", 200 * KB, 4 * GB, false),
    k("dmg", "other", 10 * MB, 8 * GB, false),
    k("xyz", "other", 1, 100 * MB, false),
];

/// The kind of an extension (case-insensitive); `None` for one not in the table.
pub fn kind_of(ext: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.ext.eq_ignore_ascii_case(ext))
}

/// Extensions DingTalk stores in its Docs driver (ALIDOC) rather than as blobs.
pub fn is_alidoc(ext: &str) -> bool {
    matches!(ext, "adoc" | "axls")
}
