//! Latency histograms and the sampled time series behind the live charts.

use crate::Time;
use serde::Serialize;

const SUB_BITS: u32 = 8;
const SUB: u64 = 1 << SUB_BITS;

/// A log-linear histogram of microsecond values: exact below 256 µs, and
/// within 1/256 (0.4 %) of the true value above. Memory grows with the
/// largest value seen (a few KiB for latencies of seconds), never with the
/// number of samples, so long runs stay bounded.
#[derive(Clone, Debug, Default)]
pub struct Histogram {
    counts: Vec<u64>,
    n: u64,
    sum: u128,
    max: u64,
}

/// The bucket of `v`: `v` itself below `SUB`; above, `SUB + shift * SUB + (top - SUB)` where
/// `top` is `v`'s leading `SUB_BITS + 1` bits and `shift` how many bits were dropped. Both
/// cases are `shift * SUB + top` (with `shift` 0 below `SUB`), computed without a branch
/// (whether a wait was 0 is a coin toss the branch predictor loses).
#[inline]
fn index(v: u64) -> usize {
    let m = 63 - (v | 1).leading_zeros();
    let shift = m.saturating_sub(SUB_BITS);
    let top = v >> shift;
    (shift as u64 * SUB + top) as usize
}

/// The lowest value and the width of bucket `i`.
fn bucket(i: usize) -> (u64, u64) {
    let i = i as u64;
    if i < 2 * SUB {
        return (i, 1);
    }
    let shift = (i - SUB) / SUB;
    let top = SUB + (i - SUB) % SUB;
    (top << shift, 1 << shift)
}

impl Histogram {
    /// Records one value.
    #[inline]
    pub fn record(&mut self, v: u64) {
        let i = index(v);
        match self.counts.get_mut(i) {
            Some(c) => *c += 1,
            None => self.grow_to(i),
        }
        self.n += 1;
        self.sum += v as u128;
        self.max = self.max.max(v);
    }

    /// Makes room for bucket `i` and counts one value in it.
    #[cold]
    #[inline(never)]
    fn grow_to(&mut self, i: usize) {
        self.counts.resize(i + 1, 0);
        self.counts[i] = 1;
    }

    /// How many values were recorded.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The exact mean (0 when empty).
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum as f64 / self.n as f64
        }
    }

    /// The exact maximum (0 when empty).
    pub fn max(&self) -> u64 {
        self.max
    }

    /// The nearest-rank `q`-quantile (`q` in 0..=1), as the middle of its
    /// bucket, never above the maximum. 0 when empty.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.n == 0 {
            return 0;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        for (i, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= rank {
                let (lo, w) = bucket(i);
                return (lo + w / 2).min(self.max);
            }
        }
        self.max
    }

    /// Mean, p50, p95, p99 and max, in milliseconds.
    pub fn summary(&self) -> Summary {
        let ms = |us: u64| us as f64 / 1000.0;
        Summary {
            mean: self.mean() / 1000.0,
            p50: ms(self.quantile(0.50)),
            p95: ms(self.quantile(0.95)),
            p99: ms(self.quantile(0.99)),
            max: ms(self.max),
        }
    }
}

/// Distribution summary in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

/// One point of the metrics time series: the window that ends at `t_ms`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Sample {
    /// End of the window, in simulated ms.
    pub t_ms: f64,
    /// Cumulative counts at the end of the window.
    pub arrived: u64,
    pub completed: u64,
    pub rejected: u64,
    pub failed: u64,
    /// Responses per second within the window.
    pub throughput_per_s: f64,
    /// Latency percentiles of responses within the window, ms (0 when none).
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    /// Requests waiting in the model's queues at the end of the window.
    pub queue_len: u32,
    /// Longest queue within the window.
    pub max_queue_len: u32,
    /// Requests that arrived and have no response yet.
    pub in_flight: u32,
    /// Share of server core time in use within the window, 0..=1.
    pub core_util: f64,
    /// Share of the model's threads / loop / slots holding work, 0..=1.
    pub lane_util: f64,
}

/// Most samples kept; beyond that neighbouring windows are merged in pairs
/// and the interval doubles, so memory stays bounded on long runs.
pub const MAX_SAMPLES: usize = 1000;

/// The sampled time series.
#[derive(Clone, Debug)]
pub struct Series {
    /// Window length in µs (doubles on compaction).
    pub interval: Time,
    /// The samples, oldest first.
    pub samples: Vec<Sample>,
    pub(crate) window_latencies: Vec<u64>,
    pub(crate) window_max_queue: u32,
    pub(crate) window_start_completed: u64,
    pub(crate) window_core_area: u128,
    pub(crate) window_lane_area: u128,
    pub(crate) window_lanes_area: u128,
    last_boundary: Time,
}

impl Series {
    pub(crate) fn new(interval: Time) -> Self {
        Series {
            interval: interval.max(1),
            samples: Vec::new(),
            window_latencies: Vec::new(),
            window_max_queue: 0,
            window_start_completed: 0,
            window_core_area: 0,
            window_lane_area: 0,
            window_lanes_area: 0,
            last_boundary: 0,
        }
    }

    /// The end of the window being filled.
    pub(crate) fn next_boundary(&self) -> Time {
        self.last_boundary + self.interval
    }

    pub(crate) fn push(&mut self, s: Sample) {
        self.last_boundary = self.next_boundary();
        self.samples.push(s);
        if self.samples.len() >= MAX_SAMPLES {
            let merged: Vec<Sample> = self.samples.chunks(2).map(merge).collect();
            self.samples = merged;
            self.interval *= 2;
        }
    }
}

/// Two neighbouring windows as one: counts from the later, rates and
/// utilisations averaged, percentiles and queue peaks the larger of the two.
fn merge(pair: &[Sample]) -> Sample {
    let (a, b) = (&pair[0], pair.last().expect("chunk"));
    if pair.len() == 1 {
        return a.clone();
    }
    Sample {
        t_ms: b.t_ms,
        arrived: b.arrived,
        completed: b.completed,
        rejected: b.rejected,
        failed: b.failed,
        throughput_per_s: (a.throughput_per_s + b.throughput_per_s) / 2.0,
        p50_ms: a.p50_ms.max(b.p50_ms),
        p95_ms: a.p95_ms.max(b.p95_ms),
        p99_ms: a.p99_ms.max(b.p99_ms),
        queue_len: b.queue_len,
        max_queue_len: a.max_queue_len.max(b.max_queue_len),
        in_flight: b.in_flight,
        core_util: (a.core_util + b.core_util) / 2.0,
        lane_util: (a.lane_util + b.lane_util) / 2.0,
    }
}

/// Nearest-rank percentile of a sorted slice (0 when empty).
#[cfg(test)]
pub(crate) fn sorted_quantile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    sorted[rank(q, sorted.len()) - 1]
}

/// The nearest rank (from 1) of the `q`-quantile among `n` values.
fn rank(q: f64, n: usize) -> usize {
    ((q * n as f64).ceil() as usize).clamp(1, n)
}

/// The nearest-rank percentiles `qs` (ascending) of `values`, each 0 when there are none:
/// the same values as sorting and reading `sorted_quantile`, found by selection
/// (`select_nth_unstable`, linear time) instead of a sort. Reorders `values`.
pub(crate) fn quantiles<const N: usize>(values: &mut [u64], qs: [f64; N]) -> [u64; N] {
    let mut out = [0; N];
    let n = values.len();
    if n == 0 {
        return out;
    }
    // After selecting index k, everything from k + 1 on is at least values[k]: the next,
    // larger rank is found among those alone.
    let mut from = 0;
    for (i, q) in qs.into_iter().enumerate() {
        let k = rank(q, n) - 1;
        if k < from {
            out[i] = out[i - 1]; // the same rank as the previous quantile
            continue;
        }
        out[i] = *values[from..].select_nth_unstable(k - from).1;
        from = k + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_contiguous_and_exact_below_512() {
        for v in 0..512u64 {
            assert_eq!(bucket(index(v)), (v, 1));
        }
        let mut prev_end = 512;
        for i in 512..4000 {
            let (lo, w) = bucket(i);
            assert_eq!(lo, prev_end, "bucket {i}");
            assert_eq!(index(lo), i);
            assert_eq!(index(lo + w - 1), i);
            prev_end = lo + w;
        }
    }

    #[test]
    fn quantiles_are_within_half_a_percent() {
        let mut h = Histogram::default();
        for v in 1..=100_000u64 {
            h.record(v);
        }
        for (q, want) in [(0.5, 50_000.0), (0.95, 95_000.0), (0.99, 99_000.0)] {
            let got = h.quantile(q) as f64;
            assert!((got - want).abs() / want < 0.005, "q{q}: {got}");
        }
        assert_eq!(h.max(), 100_000);
        assert!((h.mean() - 50_000.5).abs() < 1e-9);
        assert_eq!(Histogram::default().quantile(0.5), 0);
    }

    #[test]
    fn branch_free_index_is_the_two_case_formula() {
        let two_cases = |v: u64| -> usize {
            if v < SUB {
                return v as usize;
            }
            let shift = 63 - v.leading_zeros() - SUB_BITS;
            (SUB + shift as u64 * SUB + ((v >> shift) - SUB)) as usize
        };
        let mut rng = crate::rng::Rng::new(3);
        let mut values: Vec<u64> = (0..2048).chain([u64::MAX, u64::MAX - 1, 1 << 63]).collect();
        values.extend((0..64).flat_map(|b| [(1u64 << b) - 1, 1u64 << b, (1u64 << b) + 1]));
        values.extend((0..100_000).map(|_| rng.next_u64() >> (rng.next_u64() % 64)));
        for v in values {
            assert_eq!(index(v), two_cases(v), "{v}");
        }
    }

    #[test]
    fn selected_quantiles_equal_sorted_ones() {
        let mut rng = crate::rng::Rng::new(9);
        for n in [0usize, 1, 2, 3, 19, 20, 21, 100, 101, 1000, 7213] {
            for spread in [3u64, 1000, u64::MAX] {
                let v: Vec<u64> = (0..n).map(|_| rng.next_u64() % spread).collect();
                let mut sorted = v.clone();
                sorted.sort_unstable();
                let qs = [0.5, 0.95, 0.99];
                let want = qs.map(|q| sorted_quantile(&sorted, q));
                let mut work = v.clone();
                assert_eq!(quantiles(&mut work, qs), want, "n {n}, spread {spread}");
                let same = [0.5, 0.5, 1.0];
                assert_eq!(quantiles(&mut v.clone(), same), same.map(|q| sorted_quantile(&sorted, q)));
            }
        }
    }

    #[test]
    fn series_compacts_and_stays_bounded() {
        let mut s = Series::new(1000);
        for i in 1..=(3 * MAX_SAMPLES as u64) {
            let b = s.next_boundary();
            s.push(Sample { t_ms: b as f64 / 1000.0, completed: i, p99_ms: i as f64, ..Sample::default() });
        }
        assert!(s.samples.len() < MAX_SAMPLES);
        assert!(s.interval > 1000);
        assert!(s.samples.windows(2).all(|w| w[1].t_ms - w[0].t_ms > 0.0));
    }
}
