//! The message table: (Chinese, English).

macro_rules! messages {
    ($($name:ident => $zh:literal, $en:literal;)+) => {
        /// A visible string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Msg { $($name,)+ }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)+];

            pub fn texts(self) -> (&'static str, &'static str) {
                match self { $(Msg::$name => ($zh, $en),)+ }
            }
        }
    };
}

messages! {
    AppTitle => "钉盘容量看板", "Drive quota dashboard";
    Loading => "加载中…", "Loading…";
    LanguageSwitch => "English", "中文";
    LanguageSwitchLabel => "切换语言", "Switch language";
    Logout => "退出登录", "Log out";
    LoginTitle => "登录", "Log in";
    LoggingIn => "正在通过钉钉登录…", "Logging in through DingTalk…";
    DemoNotice => "演示模式：数据来自内置的钉钉模拟器，不是真实组织。", "Demo mode: the data comes from the built-in DingTalk emulator, not a real organization.";
    DemoLoginAdmin => "以组织管理员身份登录（演示）", "Log in as an org admin (demo)";
    DemoLoginMember => "以普通成员身份登录（演示）", "Log in as a member (demo)";
    OpenFromDingTalk => "请从钉钉工作台打开本应用。", "Please open this app from the DingTalk workbench.";
    Retry => "重试", "Retry";
    Cancel => "取消", "Cancel";
    ErrorTitle => "出错了", "Something went wrong";
    RequestId => "请求 ID（提供给技术支持）：", "Request ID (for support): ";
    ErrorCode => "错误码：", "Error code: ";
    SpacesTitle => "组织空间", "Org spaces";
    SpacesProgress => "已加载 {} 页，共 {} 个空间…", "{} pages loaded, {} spaces so far…";
    SpacesCount => "共 {} 个空间", "{} spaces";
    SpacesCancelled => "已取消加载：只显示了部分空间。", "Loading cancelled: only some spaces are shown.";
    NoSpaces => "这个组织还没有任何空间。", "This organization has no spaces yet.";
    UsedOfQuota => "已用 {} / 共 {}", "{} of {} used";
    UsedUnlimited => "已用 {}，不限容量", "{} used, unlimited quota";
    UsedUnknown => "用量未知", "Usage unknown";
    Unlimited => "不限容量", "Unlimited";
    QuotaZero => "未分配容量", "No quota allotted";
    Empty => "空", "Empty";
    StateOk => "正常", "OK";
    StateWarning => "接近上限", "Nearly full";
    StateCritical => "即将用尽", "Critical";
    StateOver => "已超额", "Over quota";
    StateUnlimited => "不限容量", "Unlimited";
    StateUnknown => "未知", "Unknown";
    QuotaBarLabel => "{} 的容量使用情况", "Storage used in {}";
    Modified => "修改于 {}", "Modified {}";
    Untitled => "（未命名）", "(untitled)";
    SortLabel => "排序", "Sort by";
    SortUsage => "使用率", "Usage %";
    SortUsed => "已用", "Used";
    SortQuota => "总容量", "Quota";
    SortName => "名称", "Name";
    SortModified => "修改时间", "Modified";
    OrderAsc => "升序 ↑", "Ascending ↑";
    OrderDesc => "降序 ↓", "Descending ↓";
    OrderToggleLabel => "切换升序/降序", "Toggle ascending/descending";
    FilterLabel => "按名称筛选", "Filter by name";
    FilterPlaceholder => "输入空间名称…", "Type a space name…";
    ShowingCount => "显示 {} / {} 个空间", "Showing {} of {} spaces";
    NoMatch => "没有名称包含“{}”的空间。", "No space name contains “{}”.";
    ExportCsv => "导出 CSV", "Export CSV";
    ExportCsvHint => "导出当前筛选和排序后的列表", "Exports the list as filtered and sorted";
    ThresholdsTitle => "颜色阈值", "Colour thresholds";
    ThresholdWarning => "警告（%）", "Warning (%)";
    ThresholdCritical => "严重（%）", "Critical (%)";
    ThresholdsInvalid => "阈值须为 1–100 的整数，且警告小于严重。", "Thresholds must be whole numbers from 1 to 100, warning below critical.";
    ThresholdsReset => "恢复默认（80 / 95）", "Reset to defaults (80 / 95)";
    SummaryTitle => "概览", "Summary";
    SummaryUsed => "总已用", "Total used";
    SummaryAllotted => "已分配容量（有限额空间）", "Allotted (limited spaces)";
    SummaryAllottedDetail => "其中已用 {}（{}）", "{} used of it ({})";
    SummaryUnlimited => "{} 个不限容量空间，已用 {}", "{} unlimited spaces, {} used";
    SummaryStates => "空间状态", "Spaces by state";
    SummaryFullest => "最满的空间", "Fullest spaces";
    SkeletonLabel => "正在加载空间列表", "Loading the space list";
    CsvName => "空间名称", "Space name";
    CsvId => "空间 ID", "Space ID";
    CsvState => "状态", "State";
    CsvPercent => "使用率", "Usage";
    CsvUsedBytes => "已用（字节）", "Used (bytes)";
    CsvQuotaBytes => "总容量（字节）", "Quota (bytes)";
    CsvUsed => "已用", "Used";
    CsvQuota => "总容量", "Quota";
    CsvModified => "修改时间", "Modified";
    NotFoundPage => "页面不存在。", "This page does not exist.";
    BackToSpaces => "返回空间列表", "Back to spaces";
}
