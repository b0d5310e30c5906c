//! Pure layout math for the SVG views, tested natively.

use asyncviz_engine::{LaneState, Segment, Time};

/// A horizontal time window mapped onto `width` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeAxis {
    pub start: Time,
    pub end: Time,
    pub x0: f64,
    pub width: f64,
    /// The time drawn at `x0`: `start` for a fixed picture, 0 for a sliding
    /// one whose group is shifted by [`TimeAxis::shift`] (bars then keep their
    /// coordinates from frame to frame and only the shift changes).
    pub origin: Time,
}

impl TimeAxis {
    /// The window of length `span` ending at `now` (starting at 0 early on).
    pub fn ending_at(now: Time, span: Time, x0: f64, width: f64) -> Self {
        let start = now.saturating_sub(span);
        TimeAxis { start, end: start + span, x0, width, origin: start }
    }

    /// The same window in absolute coordinates (time 0 at x 0).
    pub fn sliding(now: Time, span: Time, width: f64) -> Self {
        TimeAxis { origin: 0, x0: 0.0, ..TimeAxis::ending_at(now, span, 0.0, width) }
    }

    /// Horizontal translation that brings the window's start to pixel `x`.
    pub fn shift(&self, x: f64) -> f64 {
        x - self.x(self.start)
    }

    /// Pixel x of time `t`, clamped to the window.
    pub fn x(&self, t: Time) -> f64 {
        let t = t.clamp(self.start, self.end);
        self.x0 + (t as f64 - self.origin as f64) / (self.end - self.start).max(1) as f64 * self.width
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
pub fn state_word(lang: crate::i18n::Lang, s: &LaneState) -> &'static str {
    use crate::i18n::tr;
    match s {
        LaneState::Idle => tr(lang, "idle"),
        LaneState::Ready => tr(lang, "waiting for a core"),
        LaneState::Running { .. } => tr(lang, "running on a core"),
        LaneState::Io { .. } => tr(lang, "waiting on I/O, holding the thread"),
        LaneState::Blocked { .. } => tr(lang, "blocked in a synchronous call"),
        LaneState::Retired => tr(lang, "ended"),
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

/// Merges bars that touch (within `tolerance` px) and share a state, and
/// drops slivers narrower than `tolerance` that cannot merge: at high speed a
/// lane changes state thousands of times per window, far more than pixels.
/// Input must be sorted by x. The request label is kept only when both agree.
pub fn coalesce(
    bars: Vec<(f64, f64, LaneState, Option<u32>)>,
    tolerance: f64,
) -> Vec<(f64, f64, LaneState, Option<u32>)> {
    let mut out: Vec<(f64, f64, LaneState, Option<u32>)> = Vec::with_capacity(bars.len().min(512));
    for b in bars {
        if let Some(last) = out.last_mut() {
            let same = std::mem::discriminant(&last.2) == std::mem::discriminant(&b.2);
            if same && b.0 <= last.0 + last.1 + tolerance {
                last.1 = (b.0 + b.1).max(last.0 + last.1) - last.0;
                if last.3 != b.3 {
                    last.3 = None;
                }
                continue;
            }
        }
        if b.1 >= tolerance || out.last().is_none_or(|l| l.0 + l.1 + tolerance < b.0) {
            out.push(b);
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
/// More values than `width` pixels are thinned to about one per pixel, keeping
/// each pixel's largest value so that peaks stay visible.
pub fn sparkline(values: &[f64], width: f64, height: f64, max: f64) -> String {
    if values.is_empty() {
        return String::new();
    }
    let px = width.max(1.0) as usize;
    let thinned: Vec<f64>;
    let values = if values.len() > px {
        let per = values.len().div_ceil(px);
        thinned = values.chunks(per).map(|c| c.iter().cloned().fold(f64::MIN, f64::max)).collect();
        &thinned[..]
    } else {
        values
    };
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
        let s = TimeAxis::sliding(5_000, 1_000, 200.0);
        assert_eq!(s.x(4_500), 900.0);
        assert_eq!(s.shift(100.0) + s.x(4_500), 200.0, "shifted, it draws like the fixed axis");
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
    fn coalescing_merges_touching_bars_of_one_state() {
        let run = LaneState::Running { core: 0 };
        let io = LaneState::Io { until: 0 };
        let bars = vec![
            (0.0, 1.0, run, Some(1)),
            (1.2, 1.0, run, Some(2)),
            (2.2, 3.0, io, Some(2)),
            (10.0, 0.1, run, Some(3)),
        ];
        let out = coalesce(bars, 0.5);
        assert_eq!(out.len(), 3);
        assert_eq!((out[0].0, out[0].1, out[0].3), (0.0, 2.2, None));
        assert_eq!(out[1].2, io);
        assert_eq!(out[2].0, 10.0, "an isolated sliver stays visible");
    }

    #[test]
    fn grids_and_sparklines() {
        assert_eq!(token_grid(5, 2, 10.0, 4), vec![(0.0, 0.0), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)]);
        assert_eq!(sparkline(&[0.0, 5.0, 10.0], 100.0, 10.0, 10.0), "0.0,10.0 50.0,5.0 100.0,0.0");
        assert_eq!(sparkline(&[], 1.0, 1.0, 1.0), "");
        let many: Vec<f64> = (0..1000).map(|i| (i % 7) as f64).collect();
        assert_eq!(sparkline(&many, 100.0, 10.0, 6.0).split(' ').count(), 100, "one point per pixel");
    }
}
