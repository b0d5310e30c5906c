//! Seeded pseudo-random numbers, identical on every platform.
//!
//! xoshiro256** seeded through SplitMix64. Logarithms come from the pure-Rust
//! `libm` crate so that the host and wasm32 sample exactly the same values.

/// A small, fast, reproducible generator (xoshiro256**).
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

    /// An independent stream for (`seed`, `stream`, `index`): used to give
    /// every request its own generator, so that its step durations do not
    /// depend on what any model did before it arrived (common random numbers).
    pub fn derive(seed: u64, stream: u64, index: u64) -> Self {
        Rng::derive_keyed(Rng::stream_key(seed, stream), index)
    }

    /// The part of [`Rng::derive`] that depends on `seed` and `stream` only, so that a loop
    /// over indices computes it once.
    #[inline]
    pub(crate) fn stream_key(seed: u64, stream: u64) -> u64 {
        let mut x = seed ^ stream.wrapping_mul(0xD605_BBB5_8C8A_BBB9);
        splitmix(&mut x)
    }

    /// `Rng::derive(seed, stream, index)` from `key = Rng::stream_key(seed, stream)`.
    #[inline]
    pub(crate) fn derive_keyed(key: u64, index: u64) -> Self {
        let mut y = key ^ index.wrapping_mul(0xA24B_AED4_963E_E407);
        Rng::new(splitmix(&mut y))
    }

    /// The next raw 64 bits.
    #[inline]
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
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Exponentially distributed with the given mean.
    #[inline]
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * libm::log(1.0 - self.unit())
    }

    /// Uniform in `[lo, hi]`.
    #[inline]
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_streams_differ() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut r1 = Rng::derive(1, 0, 5);
        let mut r2 = Rng::derive(1, 0, 6);
        let mut r3 = Rng::derive(2, 0, 5);
        let x = r1.next_u64();
        assert_ne!(x, r2.next_u64());
        assert_ne!(x, r3.next_u64());
    }

    #[test]
    fn exp_has_the_right_mean() {
        let mut r = Rng::new(3);
        let n = 200_000;
        let mean = (0..n).map(|_| r.exp(50.0)).sum::<f64>() / n as f64;
        assert!((mean - 50.0).abs() < 0.5, "mean {mean}");
        let u: f64 = (0..n).map(|_| r.unit()).sum::<f64>() / n as f64;
        assert!((u - 0.5).abs() < 0.005);
    }
}
