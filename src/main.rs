fn main() {
    leptos::mount::mount_to_body(drive_quota_dashboard::App);
}
