//! The event queue, simulated time, and the statistics integrated over it; read-only accessors.

use super::*;

impl Sim {
    // ----- the event queue -------------------------------------------------

    pub(super) fn at(&mut self, t: Time, ev: Ev) {
        if ev.is_work() {
            self.work_pending += 1;
        }
        self.queue.push(t, ev);
    }

    #[inline(always)]
    pub(super) fn emit(&mut self, t: Transition) {
        if self.record {
            self.out.push(t);
        }
    }

    /// Schedules the next arrival: the earlier of the arrival process's next request and the
    /// next burst's (the process's first on a tie), if it falls inside the run.
    pub(super) fn schedule_next_arrival(&mut self) {
        if let Some(t) = self.arrivals.next_time(&self.scenario, self.duration) {
            self.at(t, Ev::Arrival);
        }
    }

    /// Starts recording lane segments, keeping those that ended within the
    /// last `window` µs (memory stays bounded by what fits in the window).
    /// Only before running: [`Builder::history`](crate::Builder::history) asks for it.
    pub(crate) fn keep_history(&mut self, window: Time) {
        self.history = Some(History { window, segments: VecDeque::new() });
    }

    /// Recorded lane segments, oldest first (empty unless built with
    /// [`Builder::history`](crate::Builder::history)).
    /// The open segment of each lane is its `LaneView::state` since `LaneView::since_us`.
    pub fn history(&self) -> impl Iterator<Item = &Segment> + '_ {
        self.history.iter().flat_map(|h| h.segments.iter())
    }

    /// Processes every event strictly before `t`, then moves the clock to `t`
    /// (events at exactly `t` stay pending).
    pub fn run_before(&mut self, t: Time) {
        while self.next_time().is_some_and(|n| n < t) {
            self.process();
        }
        self.advance(t.max(self.now));
    }

    /// Time of the next pending event, if any. Once every request and job
    /// has drained the run is over: idle threads' keep-alive timers that
    /// would fire later do not extend it.
    pub fn next_time(&self) -> Option<Time> {
        if self.work_pending == 0 {
            return None;
        }
        self.queue.peek_time()
    }

    /// True when nothing is left to happen.
    pub fn is_done(&self) -> bool {
        self.work_pending == 0
    }

    /// Current simulated time in µs.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Time of the last processed event in µs (0 before the first).
    pub fn last_event_time(&self) -> Time {
        self.last_event
    }

    /// Roughly how many items a copy of the state holds (request slots,
    /// pending events and recorded segments); `Timeline` spaces its
    /// checkpoints by it.
    pub fn state_size(&self) -> u64 {
        (self.reqs.len()
            + self.queue.len()
            + self.history.as_ref().map_or(0, |h| h.segments.len())
            + self.traces.as_ref().map_or(0, |t| t.len())) as u64
    }

    /// Engine events processed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The scenario being simulated.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Moves the clock to `t`, integrating the time-weighted counters and
    /// closing every sample window that ends at or before `t`.
    pub(super) fn advance(&mut self, t: Time) {
        while self.series.next_boundary() <= t {
            let b = self.series.next_boundary();
            self.integrate(b);
            self.close_window(b);
        }
        self.integrate(t);
    }

    pub(super) fn integrate(&mut self, t: Time) {
        if t <= self.now {
            return;
        }
        let dt = (t - self.now) as u128;
        let s = &mut self.stats;
        s.core_area += s.busy_cores as u128 * dt;
        s.lane_area += s.busy_lanes as u128 * dt;
        s.lanes_area += s.total_lanes as u128 * dt;
        s.system_area += s.in_system as u128 * dt;
        self.now = t;
    }

    pub(super) fn close_window(&mut self, b: Time) {
        let st = &self.stats;
        let ser = &mut self.series;
        let width = ser.interval as f64;
        let mut lat = std::mem::take(&mut ser.window_latencies);
        let [p50, p95, p99] = quantiles(&mut lat, [0.50, 0.95, 0.99]);
        let ms = |v: u64| v as f64 / 1000.0;
        let lanes_area = (st.lanes_area - ser.window_lanes_area) as f64;
        let sample = Sample {
            t_ms: b as f64 / 1000.0,
            arrived: st.arrived,
            completed: st.completed,
            rejected: st.rejected,
            failed: st.failed,
            throughput_per_s: (st.completed - ser.window_start_completed) as f64 * 1.0e6 / width,
            p50_ms: ms(p50),
            p95_ms: ms(p95),
            p99_ms: ms(p99),
            queue_len: st.queue_len,
            max_queue_len: ser.window_max_queue.max(st.queue_len),
            in_flight: st.in_system,
            core_util: (st.core_area - ser.window_core_area) as f64 / (width * self.scenario.cores as f64),
            lane_util: if lanes_area > 0.0 {
                (st.lane_area - ser.window_lane_area) as f64 / lanes_area
            } else {
                0.0
            },
        };
        lat.clear();
        ser.window_latencies = lat;
        ser.window_max_queue = st.queue_len;
        ser.window_start_completed = st.completed;
        ser.window_core_area = st.core_area;
        ser.window_lane_area = st.lane_area;
        ser.window_lanes_area = st.lanes_area;
        ser.push(sample);
    }

    pub(super) fn queue_changed(&mut self, delta: i32) {
        let s = &mut self.stats;
        s.queue_len = (s.queue_len as i64 + delta as i64) as u32;
        s.max_queue_len = s.max_queue_len.max(s.queue_len);
        self.series.window_max_queue = self.series.window_max_queue.max(s.queue_len);
    }
}
