//! Pure layout math for the SVG views, tested natively.

use asyncviz_engine::{LaneState, Segment, Time};

/// A horizontal time window mapped onto `width` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeAxis {
    pub start: Time,
    pub end: Time,
    pub x0: f64,
    pub width: f64,
}

impl TimeAxis {
    /// The window of length `span` ending at `now` (starting at 0 early on).
    pub fn ending_at(now: Time, span: Time, x0: f64, width: f64) -> Self {
        let start = now.saturating_sub(span);
        TimeAxis { start, end: start + span, x0, width }
    }

    /// Pixel x of time `t`, clamped to the window.
    pub fn x(&self, t: Time) -> f64 {
        let t = t.clamp(self.start, self.end);
        self.x0 + (t - self.start) as f64 / (self.end - self.start).max(1) as f64 * self.width
    }

    /// The visible part of `[a, b)` as (x, width), or `None` if nothing shows.
    pub fn span(&self, a: Time, b: Time) -> Option<(f64, f64)> {
        if b <= self.start || a >= self.end || b <= a {
            return None;
        }
        let (x1, x2) = (self.x(a), self.x(b));
        Some((x1, (x2 - x1).max(0.5)))
    }

    /// Evenly spaced round tick times inside the window, about `n` of them.
    pub fn ticks(&self, n: u64) -> Vec<Time> {
        let span = (self.end - self.start).max(1);
        let raw = span / n.max(1);
        let step = [1, 2, 5]
            .iter()
            .flat_map(|m| (0..12).map(move |e| m * 10u64.pow(e)))
            .filter(|s| *s >= raw)
            .min()
            .unwrap_or(span);
        let first = self.start.div_ceil(step) * step;
        (0..).map(|i| first + i * step).take_while(|t| *t <= self.end).collect()
    }
}

/// The CSS class for a lane state: colour and pattern both carry the meaning.
pub fn state_class(s: &LaneState) -> &'static str {
    match s {
        LaneState::Idle => "st-idle",
        LaneState::Ready => "st-ready",
        LaneState::Running { .. } => "st-run",
        LaneState::Io { .. } => "st-io",
        LaneState::Blocked { .. } => "st-blocked",
        LaneState::Retired => "st-idle",
    }
}

/// A short word for a lane state, for labels and screen readers.
pub fn state_word(s: &LaneState) -> &'static str {
    match s {
        LaneState::Idle => "idle",
        LaneState::Ready => "waiting for a core",
        LaneState::Running { .. } => "running on a core",
        LaneState::Io { .. } => "waiting on I/O, holding the thread",
        LaneState::Blocked { .. } => "blocked in a synchronous call",
        LaneState::Retired => "ended",
    }
}

/// Segments of lane `lane` visible on `axis`, including the open one
/// (`state` since `since`), as (x, width, state, request).
pub fn lane_bars<'a>(
    axis: &TimeAxis,
    lane: u32,
    history: impl Iterator<Item = &'a Segment>,
    open: (LaneState, Time, Option<u32>),
    now: Time,
) -> Vec<(f64, f64, LaneState, Option<u32>)> {
    let mut out: Vec<_> = history
        .filter(|s| s.lane == lane)
        .filter_map(|s| axis.span(s.start, s.end).map(|(x, w)| (x, w, s.state, s.req)))
        .collect();
    let (state, since, req) = open;
    if !matches!(state, LaneState::Idle | LaneState::Retired) {
        if let Some((x, w)) = axis.span(since, now.max(since + 1)) {
            out.push((x, w, state, req));
        }
    }
    out
}

/// Positions of `n` tokens in a grid of `cols` columns with `pitch` spacing,
/// at most `max` of them (the rest are summarised as "+N").
pub fn token_grid(n: usize, cols: usize, pitch: f64, max: usize) -> Vec<(f64, f64)> {
    (0..n.min(max)).map(|i| ((i % cols) as f64 * pitch, (i / cols) as f64 * pitch)).collect()
}

/// Points of a polyline for `values` over `width` × `height`, scaled to `max`.
pub fn sparkline(values: &[f64], width: f64, height: f64, max: f64) -> String {
    if values.is_empty() {
        return String::new();
    }
    let n = values.len().max(2) - 1;
    let max = if max > 0.0 { max } else { 1.0 };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let x = i as f64 / n as f64 * width;
            let y = height - (v / max).clamp(0.0, 1.0) * height;
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maps_and_clips() {
        let a = TimeAxis::ending_at(5_000, 1_000, 100.0, 200.0);
        assert_eq!((a.start, a.end), (4_000, 5_000));
        assert_eq!(a.x(4_500), 200.0);
        assert_eq!(a.x(0), 100.0);
        assert_eq!(a.span(3_000, 4_250), Some((100.0, 50.0)));
        assert_eq!(a.span(1_000, 2_000), None);
        let early = TimeAxis::ending_at(300, 1_000, 0.0, 100.0);
        assert_eq!((early.start, early.end), (0, 1_000));
        assert_eq!(a.ticks(4), vec![4_000, 4_500, 5_000]);
        assert_eq!(a.ticks(5), vec![4_000, 4_200, 4_400, 4_600, 4_800, 5_000]);
    }

    #[test]
    fn bars_include_the_open_segment() {
        let a = TimeAxis::ending_at(10_000, 10_000, 0.0, 100.0);
        let h = [
            Segment { lane: 1, start: 0, end: 2_000, state: LaneState::Running { core: 0 }, req: Some(1) },
            Segment { lane: 2, start: 0, end: 5_000, state: LaneState::Ready, req: Some(2) },
        ];
        let bars = lane_bars(&a, 1, h.iter(), (LaneState::Io { until: 20_000 }, 2_000, Some(1)), 10_000);
        assert_eq!(bars.len(), 2);
        assert_eq!((bars[0].0, bars[0].1), (0.0, 20.0));
        assert_eq!((bars[1].0, bars[1].1), (20.0, 80.0));
        assert!(lane_bars(&a, 1, h.iter(), (LaneState::Idle, 0, None), 10_000).len() == 1);
    }

    #[test]
    fn grids_and_sparklines() {
        assert_eq!(token_grid(5, 2, 10.0, 4), vec![(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)]);
        assert_eq!(sparkline(&[0.0, 5.0, 10.0], 100.0, 10.0, 10.0), "0.0,10.0 50.0,5.0 100.0,0.0");
        assert_eq!(sparkline(&[], 1.0, 1.0, 1.0), "");
    }
}
