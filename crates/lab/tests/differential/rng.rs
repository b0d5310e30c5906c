//! The random program generators' seeded numbers: xoshiro256** seeded through SplitMix64,
//! the same sequence as the engine's `Rng`, so a seed names the same programs as before the
//! lab had a crate of its own. A copy of its own, because the lab does not depend on the
//! engine, not even for tests.

// Each test binary uses part of it (code_js.rs derives streams, code_py.rs does not).
#![allow(dead_code)]

/// A small, reproducible generator (xoshiro256**).
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        Rng { s: [splitmix(&mut x), splitmix(&mut x), splitmix(&mut x), splitmix(&mut x)] }
    }

    /// An independent stream for (`seed`, `stream`, `index`).
    pub fn derive(seed: u64, stream: u64, index: u64) -> Self {
        let mut x = seed ^ stream.wrapping_mul(0xD605_BBB5_8C8A_BBB9);
        let a = splitmix(&mut x);
        let mut y = a ^ index.wrapping_mul(0xA24B_AED4_963E_E407);
        Rng::new(splitmix(&mut y))
    }

    /// The next raw 64 bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `[0, 1)` with 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The first outputs for seed 1 and a derived stream, as the engine's `Rng` gives them: the
/// generators keep making the programs they made before the move.
#[test]
fn the_sequence_is_the_engines() {
    let mut r = Rng::new(1);
    let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
    assert_eq!(first, PINNED_NEW);
    assert_eq!(Rng::derive(20261125, 7, 3).next_u64(), PINNED_DERIVED);
}

const PINNED_NEW: [u64; 3] = [12966619160104079557, 9600361134598540522, 10590380919521690900];
const PINNED_DERIVED: u64 = 4858641949770802532;
