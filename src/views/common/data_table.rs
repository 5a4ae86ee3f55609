//! The one table of figures the scan, the maps and the alerts log show: plain text built
//! beforehand (the caller makes it again when the language changes), so every such table
//! shares one piece of rendering code.

use crate::i18n::{Lang, Msg};
use leptos::either::Either;
use leptos::prelude::*;

/// One cell.
#[derive(Clone)]
pub enum Td {
    Text(String),
    /// Right-aligned figures.
    Num(String),
    /// A share of the whole in basis points, as a bar, and in words.
    Share(i64, String),
    /// A link: its text and address.
    Link(String, String),
    /// Several lines (each copy's folder).
    Lines(Vec<String>),
    /// A list whose items link where they have an address (an alert's spaces).
    Links(Vec<(String, Option<String>)>),
}

/// A table in `lang`: an optional caption, the column headers (`true`: a figures column),
/// and the rows, whose first cell heads its row.
pub fn data_table(
    lang: Lang,
    class: &'static str,
    caption: Option<Msg>,
    head: &[(Msg, bool)],
    rows: Vec<Vec<Td>>,
) -> AnyView {
    let caption = caption.map(|c| lang.t(c));
    let head = head
        .iter()
        .map(|&(title, num)| view! { <th scope="col" class:num=num>{lang.t(title)}</th> })
        .collect_view();
    let rows = rows
        .into_iter()
        .map(|r| {
            let cells = r
                .into_iter()
                .enumerate()
                .map(|(i, c)| cell(i == 0, c))
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class=format!("scan-table {class}")>
            {caption.map(|c| view! { <caption>{c}</caption> })}
            <thead><tr>{head}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The table alternative of a treemap: its cells as rows, in a box that scrolls, reached by
/// keyboard and named as its summary line is.
pub fn map_table(lang: Lang, head: &[(Msg, bool)], rows: Vec<Vec<Td>>) -> AnyView {
    view! {
        <div class="scan-table-wrap tall" tabindex="0" role="region" aria-label=lang.t(Msg::ShowTable)>
            {data_table(lang, "", None, head, rows)}
        </div>
    }
    .into_any()
}

fn cell(heads: bool, c: Td) -> AnyView {
    let (class, content) = match c {
        Td::Text(t) => ("", t.into_any()),
        Td::Num(t) => ("num", t.into_any()),
        Td::Share(bp, t) => (
            "cell-share",
            view! {
                <span class="share-bar" aria-hidden="true">
                    <span style:width=format!("{}.{:02}%", bp / 100, bp % 100)></span>
                </span>
                <span class="share-text">{t}</span>
            }
            .into_any(),
        ),
        Td::Link(t, href) => ("", view! { <a href=href>{t}</a> }.into_any()),
        Td::Lines(lines) => (
            "",
            view! { <ul class="dup-folders">{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }
                .into_any(),
        ),
        Td::Links(items) => (
            "",
            view! {
                <ul class="cell-links">
                    {items.into_iter().map(|(t, href)| view! {
                        <li>{match href {
                            Some(href) => Either::Left(view! { <a href=href>{t}</a> }),
                            None => Either::Right(t),
                        }}</li>
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
    };
    if heads {
        view! { <th scope="row" class=class>{content}</th> }.into_any()
    } else {
        view! { <td class=class>{content}</td> }.into_any()
    }
}
