//! Criterion benchmarks of FF1 (AES-256 key, 12-byte tweak) at 7, 12 and 38 digits.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use doorcode::ff1::Ff1;

const KEY: [u8; 32] = [
    0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
    0xef, 0x43, 0x59, 0xa4, 0x73, 0x4c, 0xc5, 0xd1, 0x2e, 0x61, 0x0b, 0x9d, 0x3f, 0x8b, 0x6a, 0x27,
];
const TWEAK: [u8; 12] = *b"lock-0042-d7";

fn bench_ff1(c: &mut Criterion) {
    let ff1 = Ff1::new(&KEY).expect("valid key");
    let mut group = c.benchmark_group("ff1_aes256_tweak12");
    for digits in [7usize, 12, 38] {
        let input: Vec<u8> = (0..digits).map(|i| u8::try_from(i % 10).unwrap()).collect();
        let mut output = vec![0u8; digits];
        group.bench_with_input(BenchmarkId::new("encrypt", digits), &input, |b, input| {
            b.iter(|| {
                ff1.encrypt(black_box(&TWEAK), black_box(input), &mut output)
                    .unwrap();
                black_box(&output);
            });
        });
        let mut output = vec![0u8; digits];
        group.bench_with_input(BenchmarkId::new("decrypt", digits), &input, |b, input| {
            b.iter(|| {
                ff1.decrypt(black_box(&TWEAK), black_box(input), &mut output)
                    .unwrap();
                black_box(&output);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_ff1);
criterion_main!(benches);
