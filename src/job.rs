//! The real CPU job of "Your browser's event loop": a checksum over `n`
//! rounds of integer mixing. Its state can be advanced in slices, so the same
//! work can run in one go, cooperatively between yields, or in a worker, and
//! always give the same result.

/// A resumable checksum job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CpuJob {
    /// Rounds in all.
    pub n: u64,
    /// Rounds done so far.
    pub done: u64,
    acc: u64,
}

impl CpuJob {
    /// A job of `n` rounds, nothing done yet.
    pub fn new(n: u64) -> Self {
        CpuJob { n, done: 0, acc: 0x243F_6A88_85A3_08D3 }
    }

    /// Runs up to `rounds` more rounds; returns true when the job is complete.
    pub fn run_slice(&mut self, rounds: u64) -> bool {
        let end = (self.done + rounds).min(self.n);
        let mut acc = self.acc;
        for i in self.done..end {
            // SplitMix-style mixing: no closed form, so nothing can be skipped.
            acc = acc.wrapping_add(i).wrapping_add(0x9E37_79B9_7F4A_7C15);
            acc = (acc ^ (acc >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            acc = (acc ^ (acc >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            acc ^= acc >> 31;
        }
        self.acc = acc;
        self.done = end;
        self.done == self.n
    }

    /// Runs everything left in one go.
    pub fn run(mut self) -> u64 {
        self.run_slice(self.n);
        self.result()
    }

    /// The checksum so far (the answer once complete).
    pub fn result(&self) -> u64 {
        self.acc
    }
}

/// The checksum of an `n`-round job, shown in hex so that the three ways of
/// running it can be compared at a glance.
pub fn checksum(n: u64) -> String {
    format!("{:016x}", CpuJob::new(n).run())
}

/// Rounds that take about `target_ms`, given that `sample` rounds took `sample_ms`.
pub fn rounds_for(target_ms: f64, sample: u64, sample_ms: f64) -> u64 {
    let per_ms = sample as f64 / sample_ms.max(0.01);
    ((per_ms * target_ms) as u64).max(1)
}

/// Frame statistics of a run from `requestAnimationFrame` timestamps (ms):
/// (longest gap, frames dropped against a 60 Hz display).
pub fn frame_stats(stamps: &[f64]) -> (f64, u64) {
    let mut longest: f64 = 0.0;
    let mut dropped = 0;
    for w in stamps.windows(2) {
        let gap = w[1] - w[0];
        longest = longest.max(gap);
        dropped += ((gap / (1000.0 / 60.0)).round() as u64).saturating_sub(1);
    }
    (longest, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_give_the_same_result_as_one_run() {
        let whole = CpuJob::new(100_003).run();
        for slice in [1, 7, 1000, 99_999, 1_000_000] {
            let mut j = CpuJob::new(100_003);
            while !j.run_slice(slice) {}
            assert_eq!(j.result(), whole, "slice {slice}");
        }
        assert_ne!(CpuJob::new(100_002).run(), whole);
    }

    #[test]
    fn calibration_and_frames() {
        assert_eq!(rounds_for(1500.0, 1_000_000, 10.0), 150_000_000);
        assert_eq!(frame_stats(&[0.0, 16.7, 33.4, 133.4]), (100.0, 5));
        assert_eq!(frame_stats(&[]), (0.0, 0));
    }
}
