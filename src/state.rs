//! The app's state and its reducer: which scenarios run, where playback is,
//! and the narrated log. Timers and the DOM stay out of here (see `player.rs`).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use asyncviz_engine::{Builder, Lockstep, Scenario, ScenarioError, Scout, Time, TRACED_REQUESTS};
use serde_json::Value;
use yew::Reducible;

use crate::i18n::Lang;
use crate::presets::{self, Preset};
use crate::{edit, narrate};

/// Playback speeds offered, slowest first.
pub const SPEEDS: &[f64] = &[0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0];
/// Index of 1× in `SPEEDS`.
pub const DEFAULT_SPEED: usize = 3;
/// Lane history kept for the timeline view (its widest zoom), µs.
pub const HISTORY_US: Time = 4_000_000;
/// Most narrated lines kept.
pub const LOG_LINES: usize = 200;
/// Most events narrated in one animation frame (about what the log shows);
/// beyond that the frame jumps and the log says how many went unnarrated.
pub const NARRATE_PER_TICK: usize = 40;
/// Longest wall-clock gap one tick may cover (a background tab does not jump ahead).
pub const MAX_TICK_MS: f64 = 100.0;
/// At most this many sides.
pub const MAX_SIDES: usize = 3;
/// Most engine events one animation frame processes to play or seek. Nothing runs to the
/// end in one go: a faster pace, or a seek far away, is spread over frames (the clock then
/// lags the pace, and a seek shows where it has got to).
pub const EVENTS_PER_FRAME: u64 = 25_000;
/// Most events one frame spends finding where the run ends (see [`Scout`]).
pub const SCOUT_EVENTS_PER_FRAME: u64 = 40_000;
/// Wall-clock milliseconds of a frame the engine may spend, finding the end and playing or
/// seeking together; the rest of the frame is for drawing. Event counts alone do not bound
/// a frame: an event's cost varies with the state (a million requests queued at once cost
/// far more per event than a quiet run), so work goes in chunks of [`CHUNK_EVENTS`] until
/// this is spent or the event caps above are reached, whichever comes first.
pub const FRAME_WORK_MS: f64 = 12.0;
/// Of [`FRAME_WORK_MS`], what finding the end may use before playback gets the rest.
pub const SCOUT_WORK_MS: f64 = 4.0;
/// Events done between two looks at the clock.
pub const CHUNK_EVENTS: u64 = 1_000;

/// Milliseconds from a fixed origin: the page's clock in the browser, a monotonic one natively.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        use std::time::Instant;
        static ORIGIN: OnceLock<Instant> = OnceLock::new();
        ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
    }
}

/// Runs `work(n)` on chunks of at most [`CHUNK_EVENTS`] events until it says it is done
/// (true), `cap` events have been asked for, or the clock passes `deadline` (ms, see
/// [`now_ms`]). At least one chunk always runs, so every frame makes progress. Returns
/// whether the work was done.
fn in_chunks(cap: u64, deadline: f64, mut work: impl FnMut(u64) -> bool) -> bool {
    let mut asked = 0;
    while asked < cap {
        let n = CHUNK_EVENTS.min(cap - asked);
        if work(n) {
            return true;
        }
        asked += n;
        if now_ms() >= deadline {
            break;
        }
    }
    false
}

/// One line of the narrated log: the event itself, narrated when it is drawn, so that it
/// reads in whatever language is shown then.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub side: usize,
    /// The side's event (its `index` lets a step back remove exactly it).
    pub event: asyncviz_engine::Event,
}

impl LogLine {
    /// The line as a sentence in `lang` (lane names come from the side, whose lanes are never
    /// forgotten).
    pub fn text(&self, lang: Lang, engine: &Lockstep) -> String {
        narrate::sentence(lang, engine.side(self.side), &self.event)
    }
}

/// Everything the app shows, derived from the scenarios and the playback position.
#[derive(Clone)]
pub struct AppState {
    /// The preset the scenarios came from, if unchanged since.
    pub preset: Option<&'static str>,
    /// Scenario fields shared by all sides (everything but `model`).
    pub common: Value,
    /// One model per side.
    pub models: Vec<Value>,
    /// The running simulations, one per side, on one clock.
    pub engine: Rc<RefCell<Lockstep>>,
    /// How far the run is known, µs: when the last side finishes draining once
    /// `end_known`, else how far the scout has got.
    pub end: Time,
    pub end_known: bool,
    /// Finds the end of the run a frame's budget at a time (shared with earlier states; only
    /// ever moves forward).
    pub scout: Rc<RefCell<Scout>>,
    /// A seek still on its way to this time, µs (a far one takes several frames).
    pub seeking: Option<Time>,
    pub playing: bool,
    pub speed: usize,
    pub log: Rc<RefCell<VecDeque<LogLine>>>,
    /// Events that happened without narration because the speed was too high.
    pub skipped: u64,
    /// Bumped whenever the engine moved, so views re-render.
    pub version: u64,
    /// A scenario the engine refused (should not happen: the editor validates).
    pub error: Option<ScenarioError>,
    /// What the editor shows: the running scenario plus any edits not yet valid.
    pub draft_common: Value,
    pub draft_models: Vec<Value>,
    /// Why the draft does not run yet: (side or `None` for shared fields, the engine's refusal).
    pub draft_error: Option<(Option<usize>, ScenarioError)>,
    /// A link that could not be read (the default is shown instead); written in the reader's
    /// language when drawn.
    pub notice: Option<crate::problem::Problem>,
    /// The language of every text shown (and of log lines narrated from now on).
    pub lang: Lang,
    /// The request whose handler line every side highlights (`None`: each side follows
    /// its oldest request in flight). One seed gives request n to every model alike.
    pub selected: Option<u32>,
}

/// Which part of the scenario an edit touches.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// The fields shared by every side.
    Common,
    /// Side `n`'s model.
    Model(usize),
}

/// Two states are the same picture when nothing moved since: every change
/// bumps `version`, and a new scenario brings a new engine.
impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.engine, &other.engine)
    }
}

/// What can happen to the state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Toggle,
    /// Play (from the start again if the run is over); nothing if already playing.
    Play,
    Pause,
    StepForward,
    StepBack,
    /// Seek to a simulated time, µs.
    Seek(Time),
    Faster,
    Slower,
    SetSpeed(usize),
    Reset,
    /// Wall-clock milliseconds since the previous tick.
    Tick(f64),
    LoadPreset(&'static str),
    /// A whole new comparison (shared fields, one model per side), already validated.
    Load(Value, Vec<Value>),
    /// A new model for side `n`.
    SetModel(usize, Value),
    AddSide(Value),
    RemoveSide(usize),
    /// New shared fields (workload, seed, cores, duration).
    SetCommon(Value),
    /// The user typed `text` into the field at `path` (a path as the engine names fields).
    Edit(Target, String, String),
    /// Replaces the value at `path` in the draft (structural edits: kinds, added steps).
    Put(Target, String, Option<Value>),
    /// Show everything in another language.
    SetLang(Lang),
    /// Follow request n in every side's handler code (`None`: the oldest in flight).
    Select(Option<u32>),
    /// A language's catalog arrived: draw everything again.
    TextsLoaded,
    /// Send this many requests at once to every side at the current simulated time: recorded
    /// in the scenario (`workload.bursts`), so links and replays reproduce it.
    Burst(u64),
}

/// Most requests one press of "Send a burst" sends.
pub const MAX_BURST: u64 = 10_000;

/// One side's scenario as JSON: the shared fields plus its model. A side's model value may
/// carry its own `faults` next to the model (`{"event_loop": {…}, "faults": {…}}`), which then
/// replaces the shared one, so that two sides can differ in how they handle errors.
pub fn side_value(common: &Value, model: &Value) -> Value {
    let mut v = common.clone();
    let mut m = model.clone();
    if let Some(f) = m.as_object_mut().and_then(|o| o.remove("faults")) {
        v["faults"] = f;
    }
    v["model"] = m;
    v
}

/// Builds the scenario of each side from the shared fields and its model.
pub fn scenarios(common: &Value, models: &[Value]) -> Result<Vec<Scenario>, ScenarioError> {
    models.iter().map(|m| Scenario::from_value(&side_value(common, m))).collect()
}

impl AppState {
    /// The state for a preset, paused at time 0 unless `play`.
    pub fn from_preset(p: &'static Preset, play: bool) -> Self {
        let common: Value = serde_json::from_str(p.common).expect("preset JSON");
        let models = p.models.iter().map(|m| serde_json::from_str(m).expect("preset JSON")).collect();
        let mut s = AppState::build(common, models);
        s.preset = Some(p.id);
        s.playing = play && s.error.is_none();
        s
    }

    /// The state for a comparison read from a link, paused at time 0 unless `play`.
    pub fn from_scenarios(common: Value, models: Vec<Value>, play: bool) -> Self {
        let mut s = AppState::build(common, models);
        s.playing = play && s.error.is_none();
        s
    }

    /// The state a URL asks for; a link that cannot be read falls back to the
    /// landing preset and says why. The language is `?lang=` if given, else `fallback`.
    pub fn from_query(q: &crate::url::Query, play: bool, fallback: Lang) -> Self {
        let lang = q.lang.as_deref().and_then(Lang::from_code).unwrap_or(fallback);
        let preset = q.preset.as_deref().and_then(presets::find).unwrap_or(&presets::PRESETS[0]);
        let mut s = match &q.scenario {
            Some(Ok((common, models))) => AppState::from_scenarios(common.clone(), models.clone(), false),
            _ => AppState::from_preset(preset, false),
        };
        s.lang = lang;
        if let Some(Err(e)) = &q.scenario {
            s.notice = Some(e.clone());
        }
        if let Some(i) = q.speed {
            s.speed = i;
        }
        if let Some(t) = q.time {
            s.seek_to(t);
        }
        s.playing = play && s.error.is_none();
        s
    }

    fn build(common: Value, models: Vec<Value>) -> Self {
        let (common_for_draft, models_for_draft) = (common.clone(), models.clone());
        let (engine, scout, error) = match scenarios(&common, &models) {
            Ok(sc) => (
                Builder::new().history(HISTORY_US).traces(TRACED_REQUESTS).lockstep(&sc),
                Scout::new(&sc),
                None,
            ),
            Err(e) => (Lockstep::new(&[]), Scout::new(&[]), Some(e)),
        };
        let mut s = AppState {
            preset: None,
            common,
            models,
            engine: Rc::new(RefCell::new(engine)),
            end: 0,
            end_known: false,
            scout: Rc::new(RefCell::new(scout)),
            seeking: None,
            playing: false,
            speed: DEFAULT_SPEED,
            log: Rc::new(RefCell::new(VecDeque::new())),
            skipped: 0,
            version: 0,
            error,
            draft_common: common_for_draft,
            draft_models: models_for_draft,
            draft_error: None,
            notice: None,
            lang: Lang::En,
            selected: None,
        };
        s.explore(now_ms() + SCOUT_WORK_MS);
        s
    }

    /// One frame's work of finding where the run ends, until `deadline` (ms); true if what
    /// is known changed.
    fn explore(&mut self, deadline: f64) -> bool {
        if self.end_known {
            return false;
        }
        let mut scout = self.scout.borrow_mut();
        self.end_known = in_chunks(SCOUT_EVENTS_PER_FRAME, deadline, |n| scout.explore(n));
        let before = self.end;
        self.end = scout.known_until().max(self.end);
        self.end_known || self.end != before
    }

    /// One frame's work of a seek in progress, until `deadline` (ms).
    fn seek_step(&mut self, deadline: f64) {
        if let Some(t) = self.seeking {
            let t = if self.end_known { t.min(self.end) } else { t };
            let back = t < self.clock();
            let engine = &self.engine;
            if in_chunks(EVENTS_PER_FRAME, deadline, |n| engine.borrow_mut().advance(t, n)) {
                self.seeking = None;
            }
            if back {
                self.trim_log();
            }
        }
    }

    /// Starts a seek to `t` (µs) and takes its first frame's step.
    fn seek_to(&mut self, t: Time) {
        self.seeking = Some(t);
        self.seek_step(now_ms() + FRAME_WORK_MS);
    }

    /// The shared simulated clock, µs.
    pub fn clock(&self) -> Time {
        self.engine.borrow().clock()
    }

    /// Whether the simulation has nothing left to show.
    pub fn finished(&self) -> bool {
        self.seeking.is_none() && self.engine.borrow().is_done()
    }

    fn narrate(&self, side: usize, e: &asyncviz_engine::Event) {
        let mut log = self.log.borrow_mut();
        log.push_back(LogLine { side, event: e.clone() });
        while log.len() > LOG_LINES {
            log.pop_front();
        }
    }

    /// Drops log lines for events that are no longer in the past.
    fn trim_log(&self) {
        let eng = self.engine.borrow();
        let counts: Vec<u64> = eng.sides().map(|s| s.events()).collect();
        self.log.borrow_mut().retain(|l| counts.get(l.side).is_some_and(|n| l.event.index <= *n));
    }

    fn moved(mut self) -> Rc<Self> {
        self.version += 1;
        Rc::new(self)
    }

    fn with_scenarios(&self, common: Value, models: Vec<Value>) -> Rc<Self> {
        let mut s = AppState::build(common, models);
        s.speed = self.speed;
        s.lang = self.lang;
        s.selected = self.selected;
        s.version = self.version + 1;
        Rc::new(s)
    }
}

impl AppState {
    /// Whether a burst sent now would arrive inside the run.
    pub fn can_burst(&self) -> bool {
        let eng = self.engine.borrow();
        self.error.is_none()
            && !eng.is_empty()
            && (self.clock() as f64) < eng.side(0).scenario().duration_ms * 1000.0
    }

    /// [`Action::Burst`]: the scenario gains a burst at the current time; the run is rebuilt
    /// and brought back to this moment (the past is unchanged: the burst is not in it).
    fn burst(&self, count: u64) -> Rc<Self> {
        if !self.can_burst() || count == 0 {
            return Rc::new(self.clone());
        }
        let t = self.clock();
        let mut bursts = self.common["workload"]["bursts"].as_array().cloned().unwrap_or_default();
        bursts.push(serde_json::json!({"at_ms": t as f64 / 1000.0, "count": count.min(MAX_BURST)}));
        let mut common = self.common.clone();
        common["workload"]["bursts"] = Value::Array(bursts);
        match scenarios(&common, &self.models) {
            Ok(_) => {
                let mut next = (*self.with_scenarios(common, self.models.clone())).clone();
                next.playing = self.playing;
                next.preset = self.preset;
                next.seek_to(t);
                Rc::new(next)
            }
            Err(e) => {
                let mut next = self.clone();
                next.draft_error = Some((None, e));
                next.version += 1;
                Rc::new(next)
            }
        }
    }

    /// Applies one edit to the draft; a draft the engine accepts starts running.
    fn edited(&self, target: Target, path: &str, value: Option<Value>) -> Rc<Self> {
        let mut common = self.draft_common.clone();
        let mut models = self.draft_models.clone();
        match target {
            Target::Common => edit::set(&mut common, path, value),
            Target::Model(i) if i < models.len() => edit::set(&mut models[i], path, value),
            Target::Model(_) => return Rc::new(self.clone()),
        }
        let mut first_error = None;
        for (i, m) in models.iter().enumerate() {
            if let Err(e) = Scenario::from_value(&side_value(&common, m)) {
                let side = (e.path.starts_with("model") || m.get("faults").is_some()).then_some(i);
                first_error = Some((side, e));
                break;
            }
        }
        match first_error {
            None => {
                let mut next = (*self.with_scenarios(common, models)).clone();
                next.playing = self.playing;
                Rc::new(next)
            }
            Some(err) => {
                let mut next = self.clone();
                next.draft_common = common;
                next.draft_models = models;
                next.draft_error = Some(err);
                next.version += 1;
                Rc::new(next)
            }
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Toggle => {
                s.seeking = None;
                if s.finished() && !s.playing {
                    s.engine.borrow_mut().reset();
                    s.log.borrow_mut().clear();
                }
                s.playing = !s.playing && s.error.is_none();
                s.moved()
            }
            Action::Play => {
                if s.playing {
                    return self;
                }
                if s.finished() {
                    s.engine.borrow_mut().reset();
                    s.log.borrow_mut().clear();
                }
                s.seeking = None;
                s.playing = s.error.is_none();
                s.moved()
            }
            Action::Pause => {
                s.playing = false;
                s.moved()
            }
            Action::StepForward => {
                s.playing = false;
                s.seeking = None;
                let stepped = s.engine.borrow_mut().step();
                if let Some((side, e)) = stepped {
                    s.narrate(side, &e);
                }
                s.moved()
            }
            Action::StepBack => {
                s.playing = false;
                s.seeking = None;
                s.engine.borrow_mut().step_back();
                s.trim_log();
                s.moved()
            }
            Action::Seek(t) => {
                s.seek_to(t);
                s.moved()
            }
            Action::Faster => {
                s.speed = (s.speed + 1).min(SPEEDS.len() - 1);
                s.moved()
            }
            Action::Slower => {
                s.speed = s.speed.saturating_sub(1);
                s.moved()
            }
            Action::SetSpeed(i) => {
                s.speed = i.min(SPEEDS.len() - 1);
                s.moved()
            }
            Action::Reset => {
                s.playing = false;
                s.seeking = None;
                s.engine.borrow_mut().reset();
                s.log.borrow_mut().clear();
                s.skipped = 0;
                s.moved()
            }
            Action::Tick(wall_ms) => {
                // Each frame: a bounded share of finding the run's end, then of a seek in
                // progress, then of playing; bounded in events and in wall-clock time.
                let start = now_ms();
                let learned = s.explore(start + SCOUT_WORK_MS);
                let deadline = start + FRAME_WORK_MS;
                if s.seeking.is_some() {
                    s.seek_step(deadline);
                    return s.moved();
                }
                if !s.playing {
                    return if learned { s.moved() } else { self };
                }
                let dt = (wall_ms.clamp(0.0, MAX_TICK_MS) * SPEEDS[s.speed] * 1000.0) as Time;
                let target = s.clock() + dt.max(1);
                let target = if s.end_known { target.min(s.end) } else { target };
                let mut narrated = 0;
                loop {
                    let next = s.engine.borrow().next_time();
                    if next.is_none_or(|n| n > target) || narrated >= NARRATE_PER_TICK {
                        break;
                    }
                    let stepped = s.engine.borrow_mut().step();
                    let Some((side, e)) = stepped else { break };
                    s.narrate(side, &e);
                    narrated += 1;
                }
                let before = s.engine.borrow().events();
                let engine = &s.engine;
                in_chunks(EVENTS_PER_FRAME, deadline, |n| engine.borrow_mut().advance(target, n));
                s.skipped += s.engine.borrow().events() - before;
                if s.finished() {
                    s.playing = false;
                }
                s.moved()
            }
            Action::LoadPreset(id) => match presets::find(id) {
                Some(p) => {
                    let mut n = AppState::from_preset(p, false);
                    n.speed = s.speed;
                    n.lang = s.lang;
                    n.version = s.version + 1;
                    Rc::new(n)
                }
                None => self,
            },
            Action::SetModel(i, m) => {
                let mut models = s.models.clone();
                if i >= models.len() {
                    return self;
                }
                models[i] = m;
                s.with_scenarios(s.common.clone(), models)
            }
            Action::AddSide(m) => {
                if s.models.len() >= MAX_SIDES {
                    return self;
                }
                let mut models = s.models.clone();
                models.push(m);
                s.with_scenarios(s.common.clone(), models)
            }
            Action::RemoveSide(i) => {
                if s.models.len() <= 1 || i >= s.models.len() {
                    return self;
                }
                let mut models = s.models.clone();
                models.remove(i);
                s.with_scenarios(s.common.clone(), models)
            }
            Action::SetCommon(c) => s.with_scenarios(c, s.models.clone()),
            Action::Load(common, models) => s.with_scenarios(common, models),
            Action::Edit(target, path, text) => s.edited(target, &path, edit::typed(&text)),
            Action::Put(target, path, value) => s.edited(target, &path, value),
            Action::SetLang(lang) => {
                if s.lang == lang {
                    return self;
                }
                s.lang = lang;
                s.moved()
            }
            Action::Select(id) => {
                if s.selected == id {
                    return self;
                }
                s.selected = id;
                s.moved()
            }
            Action::TextsLoaded => s.moved(),
            Action::Burst(count) => self.burst(count),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> Rc<AppState> {
        Rc::new(AppState::from_preset(&presets::PRESETS[0], false))
    }

    /// Runs the pending seek to its end, as frames would.
    fn settle(mut s: Rc<AppState>) -> Rc<AppState> {
        while s.seeking.is_some() {
            s = s.reduce(Action::Tick(16.0));
        }
        s
    }

    #[test]
    fn a_burst_adds_exactly_n_requests_to_every_side_now_and_survives_a_link() {
        let mut s = state();
        for _ in 0..400 {
            s = s.reduce(Action::StepForward);
        }
        let t = s.clock();
        let arrived = |s: &AppState| -> Vec<u64> {
            s.engine.borrow().sides().map(|x| x.snapshot().counters.arrived).collect()
        };
        let before = arrived(&s);
        let s = settle(s.reduce(Action::Burst(50)));
        assert_eq!(s.clock(), t, "the burst keeps the moment");
        assert!(s.draft_error.is_none());
        // Everything that arrives at exactly t is there once the clock reaches it.
        let mut end = s.clone();
        end = end.reduce(Action::Seek(t + 1));
        let end = settle(end);
        let after = arrived(&end);
        let mut plain = state();
        plain = settle(plain.reduce(Action::Seek(t + 1)));
        for (i, (a, p)) in after.iter().zip(arrived(&plain)).enumerate() {
            assert_eq!(*a, p + 50, "side {i}: {before:?} → {after:?}");
        }
        assert_eq!(
            s.common["workload"]["bursts"],
            serde_json::json!([{"at_ms": t as f64 / 1000.0, "count": 50}])
        );
        // A link to this moment reloads the same run.
        let link = crate::url::build(&s.common, &s.models, s.clock(), s.speed, &[]);
        let q = crate::url::parse(link.trim_start_matches('?'));
        let (common, models) = q.scenario.clone().unwrap().unwrap();
        let again =
            settle(Rc::new(AppState::from_scenarios(common, models, false)).reduce(Action::Seek(t + 1)));
        assert_eq!(arrived(&again), after);
    }

    #[test]
    fn no_burst_after_the_arrivals_end() {
        let s = state();
        let duration = s.engine.borrow().side(0).scenario().duration_ms;
        let s = settle(s.reduce(Action::Seek((duration * 1000.0) as u64 + 5)));
        assert!(!s.can_burst());
        let after = s.clone().reduce(Action::Burst(10));
        assert!(after.common["workload"].get("bursts").is_none());
    }

    #[test]
    fn stepping_forward_then_back_returns_to_the_same_moment() {
        let mut s = state();
        for _ in 0..50 {
            s = s.reduce(Action::StepForward);
        }
        let t = s.clock();
        assert!(t > 0);
        assert_eq!(s.log.borrow().len(), 50);
        let snaps: Vec<_> = s.engine.borrow().sides().map(|x| x.snapshot()).collect();
        for _ in 0..20 {
            s = s.reduce(Action::StepForward);
        }
        for _ in 0..20 {
            s = s.reduce(Action::StepBack);
        }
        assert_eq!(s.clock(), t);
        assert_eq!(s.log.borrow().len(), 50, "the undone events leave the log");
        let again: Vec<_> = s.engine.borrow().sides().map(|x| x.snapshot()).collect();
        assert!(again == snaps);
    }

    #[test]
    fn stepping_back_after_a_paused_frame_returns_to_the_displayed_time() {
        let mut s = state();
        s = s.reduce(Action::Play);
        for _ in 0..7 {
            s = s.reduce(Action::Tick(16.7));
        }
        s = s.reduce(Action::Pause);
        let t = s.clock();
        assert!(s.engine.borrow().next_time().is_some_and(|n| n > t), "a frame rests between events");
        for _ in 0..10 {
            s = s.reduce(Action::StepForward);
        }
        for _ in 0..10 {
            s = s.reduce(Action::StepBack);
        }
        assert_eq!(s.clock(), t);
    }

    #[test]
    fn every_preset_runs_long_enough_to_read_alongside() {
        for p in presets::PRESETS {
            let mut s = Rc::new(AppState::from_preset(p, false));
            while !s.end_known {
                s = s.reduce(Action::Tick(16.0));
            }
            assert!(s.end >= 30_000_000, "{} ends at {} ms", p.id, s.end / 1000);
        }
    }

    #[test]
    fn frame_work_goes_in_chunks_until_done_the_cap_or_the_deadline() {
        // Done early: stops as soon as the work says so.
        let mut asked = Vec::new();
        assert!(in_chunks(10 * CHUNK_EVENTS, f64::INFINITY, |n| {
            asked.push(n);
            asked.len() == 3
        }));
        assert_eq!(asked, [CHUNK_EVENTS; 3]);
        // Never more than the cap, the last chunk cut to fit.
        let mut total = 0;
        assert!(!in_chunks(2 * CHUNK_EVENTS + 7, f64::INFINITY, |n| {
            total += n;
            false
        }));
        assert_eq!(total, 2 * CHUNK_EVENTS + 7);
        // A deadline already past still runs one chunk (every frame makes progress), no more.
        let mut chunks = 0;
        assert!(!in_chunks(100 * CHUNK_EVENTS, now_ms() - 1.0, |_| {
            chunks += 1;
            false
        }));
        assert_eq!(chunks, 1);
        // A slow chunk ends the frame at the deadline.
        let mut chunks = 0;
        in_chunks(100 * CHUNK_EVENTS, now_ms() + 5.0, |_| {
            chunks += 1;
            std::thread::sleep(std::time::Duration::from_millis(3));
            false
        });
        // (Two 3 ms chunks always pass a 5 ms deadline; a stalled machine may stop after one.)
        assert!((1..=2).contains(&chunks), "{chunks} chunks of 3 ms against a 5 ms deadline");
    }

    #[test]
    fn nothing_runs_to_the_end_at_once_a_frame_does_a_bounded_share() {
        // About two million events: far more than a frame may spend.
        let common = serde_json::json!({"seed": 1, "duration_ms": 400000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 1000}}, "steps": [{"cpu_ms": 0.5}, {"io_ms": 20}]}});
        let models =
            vec![serde_json::json!({"event_loop": {}}), serde_json::json!({"thread_pool": {"threads": 40}})];
        let mut s = Rc::new(AppState::from_scenarios(common, models, false));
        assert_eq!(s.engine.borrow().events(), 0);
        assert!(s.scout.borrow().events() <= SCOUT_EVENTS_PER_FRAME);
        assert!(!s.end_known && s.end > 0, "what is known so far: {} µs", s.end);
        // A seek far ahead goes a bounded number of events a frame, and the picture moves on.
        s = s.reduce(Action::Seek(300_000_000));
        assert_eq!(s.seeking, Some(300_000_000));
        let mut last = s.engine.borrow().events();
        assert!(last <= EVENTS_PER_FRAME + 2);
        let mut frames = 0;
        while s.seeking.is_some() {
            s = s.reduce(Action::Tick(16.0));
            let n = s.engine.borrow().events();
            assert!(n - last <= EVENTS_PER_FRAME + 2, "{} events in one frame", n - last);
            last = n;
            frames += 1;
        }
        assert!(frames > 5, "{frames} frames");
        assert_eq!(s.clock(), 300_000_000);
        // Meanwhile the scout learned the end, a bounded share a frame.
        while !s.end_known {
            s = s.reduce(Action::Tick(16.0));
        }
        assert!(s.end >= 400_000_000, "{}", s.end);
        // Playing at 1000x never does more than a frame's share either.
        s = s.reduce(Action::SetSpeed(SPEEDS.len() - 1));
        s = s.reduce(Action::Play);
        let before = s.engine.borrow().events();
        s = s.reduce(Action::Tick(100.0));
        assert!(s.engine.borrow().events() - before <= EVENTS_PER_FRAME + NARRATE_PER_TICK as u64);
    }

    #[test]
    fn ticks_advance_by_speed_times_wall_time_only_while_playing() {
        let mut s = state();
        s = s.reduce(Action::Tick(16.0));
        assert_eq!(s.clock(), 0, "paused");
        s = s.reduce(Action::Toggle);
        s = s.reduce(Action::Tick(16.0));
        assert_eq!(s.clock(), 16_000, "1× for 16 ms");
        s = s.reduce(Action::SetSpeed(SPEEDS.len() - 1));
        s = s.reduce(Action::Tick(1.0));
        assert_eq!(s.clock(), (16_000 + 1_000_000).min(s.end), "1000× for 1 ms of wall time");
        let before = s.clock();
        s = s.reduce(Action::SetSpeed(DEFAULT_SPEED));
        s = s.reduce(Action::Tick(5000.0));
        assert_eq!(s.clock(), before + 100_000, "a long gap is clamped to 100 ms");
    }

    #[test]
    fn playing_to_the_end_pauses_and_play_again_restarts() {
        let mut s = state();
        s = s.reduce(Action::SetSpeed(SPEEDS.len() - 1));
        s = s.reduce(Action::Toggle);
        for _ in 0..200 {
            s = s.reduce(Action::Tick(100.0));
        }
        assert!(s.finished() && !s.playing);
        s = s.reduce(Action::Toggle);
        assert!(s.playing);
        assert_eq!(s.clock(), 0);
    }

    #[test]
    fn an_invalid_edit_keeps_the_draft_and_names_the_field_while_the_last_valid_run_goes_on() {
        let s = state();
        let running = s.engine.borrow().side(0).scenario().clone();
        let s = s.reduce(Action::Edit(Target::Model(0), "thread_pool.threads".into(), "0".into()));
        let (side, e) = s.draft_error.clone().expect("invalid");
        let (path, msg) = (e.path.clone(), e.message());
        assert_eq!((side, path.as_str()), (Some(0), "model.thread_pool.threads"));
        assert!(msg.contains("at least 1"));
        assert_eq!(s.draft_models[0]["thread_pool"]["threads"], 0, "what the user typed is kept");
        assert_eq!(s.engine.borrow().side(0).scenario(), &running, "the last valid scenario still runs");
        let s = s.reduce(Action::Edit(
            Target::Common,
            "workload.arrivals.poisson.rate_per_s".into(),
            "fast".into(),
        ));
        let (side, e) = s.draft_error.clone().unwrap();
        let (path, msg) = (e.path.clone(), e.message());
        assert_eq!(
            (side, path.as_str()),
            (None, "workload.arrivals.poisson.rate_per_s"),
            "one error at a time"
        );
        assert!(msg.contains("expected a number"), "{msg}");
        let s = s.reduce(Action::Edit(
            Target::Common,
            "workload.arrivals.poisson.rate_per_s".into(),
            "20".into(),
        ));
        let (side, e) = s.draft_error.clone().unwrap();
        let path = e.path;
        assert_eq!((side, path.as_str()), (Some(0), "model.thread_pool.threads"), "then the next");
        let s = s.reduce(Action::Edit(Target::Model(0), "thread_pool.threads".into(), "4".into()));
        assert_eq!(s.draft_error, None);
        let eng = s.engine.borrow();
        let sc = eng.side(0).scenario();
        assert_eq!(sc.workload.arrivals, asyncviz_engine::Arrivals::Poisson { rate_per_s: 20.0 });
        assert_eq!(
            sc.model,
            asyncviz_engine::Model::ThreadPool(asyncviz_engine::ThreadPool { threads: 4, queue: Some(100) })
        );
    }

    #[test]
    fn set_lang_switches_the_language_bumps_the_version_and_survives_a_new_scenario() {
        let s = state();
        assert_eq!(s.lang, Lang::En);
        let v = s.version;
        let s = s.reduce(Action::SetLang(Lang::Ko));
        assert_eq!(s.lang, Lang::Ko);
        assert!(s.version > v, "views re-render");
        let s = s.reduce(Action::StepForward);
        let text = |s: &AppState| s.log.borrow()[0].text(s.lang, &s.engine.borrow());
        assert!(text(&s).contains("요청 #"), "{}", text(&s));
        // Lines already in the log follow a switch of language.
        let back = s.clone().reduce(Action::SetLang(Lang::En));
        assert!(text(&back).contains("request #"), "{}", text(&back));
        let s = s.reduce(Action::LoadPreset("cpu-bound"));
        assert_eq!(s.lang, Lang::Ko);
        let s = s.reduce(Action::SetModel(1, serde_json::json!({"virtual_threads": {}})));
        assert_eq!(s.lang, Lang::Ko);
        let s = s.reduce(Action::SetLang(Lang::En));
        assert_eq!(s.lang, Lang::En);
        let q = crate::url::parse("?lang=ko");
        assert_eq!(AppState::from_query(&q, false, Lang::En).lang, Lang::Ko);
        let q = crate::url::parse("?lang=en");
        assert_eq!(AppState::from_query(&q, false, Lang::Ko).lang, Lang::En);
        assert_eq!(AppState::from_query(&crate::url::parse(""), false, Lang::Ko).lang, Lang::Ko);
    }

    #[test]
    fn select_follows_a_request_on_every_side_and_survives_a_model_switch() {
        let s = state();
        assert_eq!(s.selected, None);
        let v = s.version;
        let s = s.reduce(Action::Select(Some(7)));
        assert_eq!(s.selected, Some(7));
        assert!(s.version > v);
        let s = s.reduce(Action::SetModel(1, serde_json::json!({"virtual_threads": {}})));
        assert_eq!(s.selected, Some(7), "request 7 is the same request in the new model");
        let s = s.reduce(Action::Select(None));
        assert_eq!(s.selected, None);
    }

    #[test]
    fn switching_a_model_rebuilds_that_comparison() {
        let s = state();
        let s = s.reduce(Action::SetModel(1, serde_json::json!({"virtual_threads": {}})));
        assert_eq!(s.engine.borrow().side(1).scenario().model.name(), "virtual_threads");
        assert_eq!(s.preset, None);
        let s = s.reduce(Action::AddSide(serde_json::json!({"executor": {"core": 2}})));
        assert_eq!(s.engine.borrow().len(), 3);
        let s = s.reduce(Action::AddSide(serde_json::json!({"executor": {"core": 2}})));
        assert_eq!(s.engine.borrow().len(), 3, "at most three sides");
        let s = s.reduce(Action::RemoveSide(0));
        assert_eq!(s.engine.borrow().side(0).scenario().model.name(), "virtual_threads");
    }
}
