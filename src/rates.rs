//! Rates as the metrics panel shows them: over a stated window of simulated time, so that
//! a live figure reads steadily instead of flickering with each sample window.
//!
//! The engine samples its counters every few hundred milliseconds of simulated time
//! ([`asyncviz_engine::Sample`], cumulative counts). A rate here is the change of a
//! cumulative count between now and the newest sample at least [`WINDOW_MS`] earlier,
//! divided by the time between them: a moving window of one second (a little more while
//! the sample interval has grown on long runs).

use asyncviz_engine::Sample;

/// The width of the moving window, simulated ms.
pub const WINDOW_MS: f64 = 1000.0;

/// Responses per second over the last [`WINDOW_MS`] before `now_ms`, when `completed_now`
/// responses have been sent by then. Before a quarter of the window has passed there is too
/// little to say (`None`); before a whole window, the rate since the start.
pub fn recent_per_s(series: &[Sample], now_ms: f64, completed_now: u64) -> Option<f64> {
    let (t0, c0) = series
        .iter()
        .rev()
        .find(|s| s.t_ms <= now_ms - WINDOW_MS)
        .map_or((0.0, 0), |s| (s.t_ms, s.completed));
    let span = now_ms - t0;
    (span >= WINDOW_MS / 4.0).then(|| completed_now.saturating_sub(c0) as f64 * 1000.0 / span)
}

/// The same moving-window rate at every sample, for the chart.
pub fn recent_series(series: &[Sample]) -> Vec<f64> {
    series
        .iter()
        .enumerate()
        .map(|(i, s)| recent_per_s(&series[..i], s.t_ms, s.completed).unwrap_or(0.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t_ms: f64, completed: u64) -> Sample {
        Sample { t_ms, completed, ..Default::default() }
    }

    #[test]
    fn the_rate_is_over_the_last_second_not_the_last_sample() {
        // 250 ms samples; 30 responses in one window, 0 in the next three: a one-window
        // rate would swing from 120/s to 0/s; over a second it is 30/s throughout.
        let s: Vec<Sample> = (1..=8).map(|i| sample(250.0 * i as f64, if i >= 5 { 30 } else { 0 })).collect();
        assert_eq!(recent_per_s(&s, 2000.0, 30), Some(30.0));
        assert_eq!(
            recent_per_s(&s, 2250.0, 60),
            Some(30.0),
            "a second back is the sample at 1250 ms (30 done)"
        );
        assert_eq!(
            recent_per_s(&s, 1100.0, 30),
            Some(30.0 * 1000.0 / 1100.0),
            "no sample a second back: since the start"
        );
        assert_eq!(recent_per_s(&[], 100.0, 3), None, "too early to say");
        assert_eq!(recent_per_s(&[], 500.0, 10), Some(20.0), "since the start");
    }

    #[test]
    fn a_steady_stream_reads_steady() {
        // 100 responses a second arriving in uneven bursts per 250 ms window.
        let bursts = [5u64, 45, 20, 30];
        let mut done = 0;
        let s: Vec<Sample> = (1..=40)
            .map(|i| {
                done += bursts[i % 4];
                sample(250.0 * i as f64, done)
            })
            .collect();
        for r in recent_series(&s).into_iter().skip(4) {
            assert!((r - 100.0).abs() < 1e-9, "{r}");
        }
    }
}
