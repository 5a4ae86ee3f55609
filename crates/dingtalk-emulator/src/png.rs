//! A minimal PNG encoder (8-bit RGB, deflate by flate2): thumbnails must be real images a
//! browser decodes, of the size real ones have (a few KB, not the 230 KB of stored blocks,
//! which made scrolling the grid measure the loopback and the image decoder), and pulling in
//! an image crate for flat colour is not worth it.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use std::io::Write;

/// Encodes `width` x `height` pixels; `pixel(x, y)` gives the RGB colour.
pub fn encode(width: u32, height: u32, pixel: impl Fn(u32, u32) -> [u8; 3]) -> Vec<u8> {
    let mut raw = Vec::with_capacity((width as usize * 3 + 1) * height as usize);
    for y in 0..height {
        raw.push(0); // filter type "None"
        for x in 0..width {
            raw.extend_from_slice(&pixel(x, y));
        }
    }
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // depth 8, RGB, deflate, adaptive, no interlace

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of `data`, deflated.
fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = ZlibEncoder::new(
        Vec::with_capacity(data.len() / 16 + 64),
        Compression::fast(),
    );
    // Writing to a Vec cannot fail.
    let _ = z.write_all(data);
    z.finish().unwrap_or_default()
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_known_values() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn header_carries_the_size() {
        let png = encode(3, 2, |_, _| [1, 2, 3]);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(&png[16..20], &3u32.to_be_bytes());
        assert_eq!(&png[20..24], &2u32.to_be_bytes());
        assert!(png.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
    }

    #[test]
    fn image_data_inflates_back_to_the_pixels() {
        use std::io::Read;
        // Shaded bands and a checker, as the emulator's thumbnails are drawn.
        let pixel = |x: u32, y: u32| {
            [
                100,
                (y / 10) as u8,
                if ((x + y) / 24).is_multiple_of(2) {
                    7
                } else {
                    0
                },
            ]
        };
        let png = encode(320, 240, pixel);
        assert!(png.len() < 20_000, "compressed: {} bytes", png.len());
        let len = u32::from_be_bytes([png[33], png[34], png[35], png[36]]) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&png[41..41 + len])
            .read_to_end(&mut raw)
            .unwrap();
        assert_eq!(raw.len(), (320 * 3 + 1) * 240);
        // Row 1 starts with its filter byte, then pixel (0, 1).
        assert_eq!(&raw[961..965], &[0, 100, 0, 7]);
        assert_eq!(&raw[1..4], &pixel(0, 0));
    }
}
