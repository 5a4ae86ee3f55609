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
    CallsThisMonth => "本月钉钉调用", "DingTalk calls this month";
    CallsThisMonthTitle => "本应用本月已用的钉钉计费调用次数与每月预算（组织所有应用每月共 5000 次），{} 起重新计数", "Metered DingTalk calls this app made this month, against its monthly budget (the organization's apps share 5,000 a month); the count starts again on {}";
    LoginTitle => "登录", "Log in";
    LoggingIn => "正在通过钉钉登录…", "Logging in through DingTalk…";
    DemoNotice => "演示模式：数据来自内置的钉钉模拟器，不是真实组织。", "Demo mode: the data comes from the built-in DingTalk emulator, not a real organization.";
    DemoLoginAdmin => "以组织管理员身份登录（演示）", "Log in as an org admin (demo)";
    DemoLoginMember => "以普通成员身份登录（演示）", "Log in as a member (demo)";
    LoginWithDingTalk => "用钉钉登录", "Log in with DingTalk";
    OpenFromDingTalk => "请从钉钉工作台打开本应用。", "Please open this app from the DingTalk workbench.";
    Retry => "重试", "Retry";
    Cancel => "取消", "Cancel";
    ErrorTitle => "出错了", "Something went wrong";
    RequestId => "请求 ID（提供给技术支持）：", "Request ID (for support): ";
    ErrorCode => "错误码：", "Error code: ";
    SpacesTitle => "组织空间", "Org spaces";
    SpacesProgress => "已加载 {} 页，共 {} 个空间…", "{} pages loaded, {} spaces so far…";
    SnapshotAsOf => "数据截至 {}，{}以 {} 的身份读取", "Data as of {}, listed {} as {}";
    ReasonSchedule => "由每日采集", "by the daily collection";
    ReasonAsked => "应管理员要求", "at an admin's request";
    ReasonOpened => "在打开看板时", "when the review was opened";
    Refresh => "刷新", "Refresh";
    RefreshCost => "刷新（约 {} 次钉钉调用）", "Refresh (about {} DingTalk calls)";
    RefreshProgress => "正在刷新：已读取 {} 页，{} 个空间…", "Refreshing: page {}, {} spaces so far";
    RefreshProgressOf => "正在刷新：已读取 {} 页（共约 {} 页），{} 个空间…", "Refreshing: page {} of about {}, {} spaces so far";
    RefreshFailed => "刷新失败，下面仍是上一次完整读取的数据。", "The refresh failed; the spaces below are still the last complete listing.";
    FirstListing => "正在第一次读取组织的全部空间…", "Listing every org space for the first time…";
    ScheduleAs => "每天 {}（北京时间）以 {} 的身份自动采集", "Collected every day at {} (China time) as {}";
    ScheduleNoOperator => "每天 {}（北京时间）自动采集：等待一位管理员登录后开始", "Collected every day at {} (China time) once an admin has logged in";
    TrendChange30 => "30 天 {}", "30 days {}";
    TrendSparkLabel => "近 30 天用量走势：{}", "Use over the last 30 days: {}";
    TrendNoHistory => "暂无历史", "No history yet";
    ForecastFills => "预计 {}–{} 天后满", "Full in about {}–{} days";
    ForecastFillsOpen => "预计 {} 天后或更晚才满", "Full in {} days or later";
    ForecastTooFew => "历史不足 7 天，暂不预测", "Under 7 days of history: no forecast yet";
    ForecastNotGrowing => "近 30 天未增长", "Not growing over 30 days";
    ForecastDistant => "十年内不会满", "Not full within ten years";
    SchedulePaused => "每日采集已暂停：钉钉拒绝了采集身份。请将 COLLECTOR_UNION_ID 设为一位组织管理员的 unionId，或请另一位管理员登录一次。", "The daily collection is paused: DingTalk refused its operator. Set COLLECTOR_UNION_ID to an org admin's unionId, or have another admin log in once.";
    SnapshotRegion => "数据来源", "Where the data comes from";
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
    SortGrowth7 => "7 天增长", "Growth, 7 days";
    SortGrowth30 => "30 天增长", "Growth, 30 days";
    SortFullIn => "预计满额时间", "Days until full";
    FilterSoon => "只看 30 天内将满（{}）", "Only full within 30 days ({})";
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
    // Folder grid
    FolderAllFiles => "全部文件", "All files";
    FolderBreadcrumbLabel => "文件夹路径", "Folder path";
    FolderUnnamed => "文件夹 {}", "Folder {}";
    FolderSpaceNotFound => "找不到这个空间：它可能已被删除，或不是本组织的空间。", "This space was not found: it may have been deleted, or it is not one of this organization's spaces.";
    FolderQuotaLoading => "正在读取空间容量…", "Loading the space's quota…";
    FolderSortLabel => "排序", "Sort by";
    FolderSortName => "名称", "Name";
    FolderSortSize => "大小", "Size";
    FolderSortModified => "修改时间", "Modified";
    FolderSortCreated => "创建时间", "Created";
    FolderOrderAsc => "升序 ↑", "Ascending ↑";
    FolderOrderDesc => "降序 ↓", "Descending ↓";
    FolderOrderToggle => "切换升序/降序", "Toggle ascending/descending";
    FolderViewLabel => "显示方式", "View";
    FolderViewGrid => "网格", "Grid";
    FolderViewList => "列表", "List";
    FolderColType => "类型", "Type";
    FolderColCreator => "创建者", "Creator";
    FolderNoServerSort => "钉钉接口不支持按此列排序", "DingTalk cannot sort by this column";
    FolderNoSortHint => "不可排序", "not sortable";
    FolderSortHint => "点击按此列排序（由钉钉排序）", "Click to sort by this column (sorted by DingTalk)";
    FolderLoaded => "已加载 {} 项…", "{} items loaded…";
    FolderAllLoaded => "共 {} 项，已全部加载", "All {} items loaded";
    FolderLoadMore => "加载更多", "Load more";
    FolderLoadingMore => "正在加载下一页…", "Loading the next page…";
    FolderEmpty => "这个文件夹是空的。", "This folder is empty.";
    FolderKindFolder => "文件夹", "Folder";
    FolderKindImage => "图片", "Image";
    FolderKindVideo => "视频", "Video";
    FolderKindAudio => "音频", "Audio";
    FolderKindPdf => "PDF 文档", "PDF";
    FolderKindDocument => "文档", "Document";
    FolderKindSpreadsheet => "表格", "Spreadsheet";
    FolderKindPresentation => "演示文稿", "Presentation";
    FolderKindText => "文本", "Text";
    FolderKindArchive => "压缩包", "Archive";
    FolderKindCode => "代码", "Code";
    FolderKindAliDoc => "钉钉在线文档", "DingTalk online doc";
    FolderKindOther => "其他文件", "Other file";
    FolderTypeUnknown => "未知类型：{}", "Unknown type: {}";
    FolderTypeMissing => "未提供类型", "No type given";
    FolderStatusUnknown => "未知状态：{}", "Unknown status: {}";
    FolderBadgeReadOnly => "只读", "Read-only";
    FolderBadgeDeleted => "已删除", "Deleted";
    FolderBadgeExpired => "已过期", "Expired";
    FolderBackToParent => "返回上一级文件夹", "Back to the parent folder";
    FolderBackToRoot => "返回全部文件", "Back to all files";
    FolderKeyboardHint => "方向键在项目间移动，回车打开文件夹，Backspace 或 Alt+↑ 返回上一级。", "Arrow keys move between items, Enter opens a folder, Backspace or Alt+Up goes up a level.";
    FolderContentsLabel => "{} 的内容", "Contents of {}";
}
