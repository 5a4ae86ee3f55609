//! Connections over raw TCP: a client trickling its request head is cut off, and the
//! number of open connections is capped.

mod common;

use common::*;
use dashboard_server::ServeLimits;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `first`, then `line` every `every` until the server closes the connection (or
/// `give_up` passes); how long the connection lasted and what the server sent.
async fn trickle(
    addr: std::net::SocketAddr,
    every: Duration,
    give_up: Duration,
) -> (Duration, Vec<u8>) {
    let started = Instant::now();
    let mut s = TcpStream::connect(addr).await.expect("connects");
    s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\n")
        .await
        .expect("first line");
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while started.elapsed() < give_up {
        // Closed (by the server) shows as the end of the stream or a reset.
        match tokio::time::timeout(every, s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return (started.elapsed(), got),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => {
                if s.write_all(b"x-trickle: 1\r\n").await.is_err() {
                    return (started.elapsed(), got);
                }
            }
        }
    }
    panic!("still open after {give_up:?}");
}

async fn request_healthz(addr: std::net::SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.expect("connects");
    s.write_all(b"GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .expect("sent");
    let mut out = String::new();
    let _ = s.read_to_string(&mut out).await;
    out
}

#[tokio::test]
async fn a_client_sending_a_header_line_every_20_s_is_cut_off_before_its_second() {
    let h = harness(&[]).await;
    let addr = h.listen().await;
    let (lasted, got) = trickle(addr, Duration::from_secs(20), Duration::from_secs(25)).await;
    assert!(
        lasted < Duration::from_secs(20),
        "held for {lasted:?} by the default timeout"
    );
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
}

#[tokio::test]
async fn the_deadline_is_for_the_whole_head_not_each_line() {
    let h = harness(&[]).await;
    let addr = h
        .listen_with(ServeLimits {
            header_read_timeout: Duration::from_secs(1),
            max_connections: 64,
        })
        .await;
    // A line every 200 ms: each read is quick, the head never ends.
    let (lasted, got) = trickle(addr, Duration::from_millis(200), Duration::from_secs(10)).await;
    assert!(
        lasted >= Duration::from_millis(900) && lasted < Duration::from_secs(4),
        "closed after {lasted:?}"
    );
    assert!(got.is_empty(), "{}", String::from_utf8_lossy(&got));
    // A client that sends its head at once is served.
    assert!(request_healthz(addr).await.starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn connections_over_the_cap_wait_until_one_closes() {
    let h = harness(&[]).await;
    let addr = h
        .listen_with(ServeLimits {
            header_read_timeout: Duration::from_secs(60),
            max_connections: 2,
        })
        .await;
    // Two connections that never finish their heads hold both places.
    let mut holders = Vec::new();
    for _ in 0..2 {
        let mut s = TcpStream::connect(addr).await.expect("connects");
        s.write_all(b"GET /healthz HTTP/1.1\r\n")
            .await
            .expect("sent");
        holders.push(s);
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let third = tokio::spawn(async move {
        let answer = request_healthz(addr).await;
        (Instant::now(), answer)
    });
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(!third.is_finished(), "served while both places were taken");
    let freed = Instant::now();
    drop(holders.pop());
    let (answered, answer) = tokio::time::timeout(Duration::from_secs(5), third)
        .await
        .expect("served once a place was free")
        .expect("the client task ends");
    assert!(answered >= freed);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Places come back as connections close: requests in turn are all served.
    for _ in 0..5 {
        assert!(request_healthz(addr).await.starts_with("HTTP/1.1 200"));
    }
}
