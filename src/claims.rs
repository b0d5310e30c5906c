//! Every number a preset's explanation or a tour step states is what the screen shows.
//!
//! Each text is scanned for figures (digits, and in English the number words). Every figure
//! must belong to a [`Claim`]: the phrase it stands in, in each language, and a check of that
//! phrase against the engine, using the definitions the panels display (`Answered per second,
//! whole run` is the report's `throughput_per_s`; `In flight now / mean` shows the report's
//! `mean_in_system`; latencies are the report's percentiles; thread counts are the threads the
//! model started). A figure without a claim, a claim whose phrase is gone from the text, or a
//! claim the engine contradicts fails the test.

use asyncviz_engine::{Report, Scenario, Sim, Transition};
use serde_json::Value;

use crate::presets::{self, PRESETS};
use crate::tour::{Demo, STEPS};

/// One side of a preset, run to the end.
struct Side {
    /// The side's scenario as JSON (the shared fields plus its model).
    v: Value,
    r: Report,
    /// Threads the model started (pool and executor threads).
    threads: u64,
}

type Check = fn(&[Side]) -> Result<(), String>;

/// A figure as a text states it, and what must hold for it to be true.
struct Claim {
    /// The phrase in the English text that carries the figure.
    en: &'static str,
    /// The phrase in the Korean text that carries it ("" when the Korean spells it in words).
    ko: &'static str,
    holds: Check,
}

const fn c(en: &'static str, ko: &'static str, holds: Check) -> Claim {
    Claim { en, ko, holds }
}

/// Numbers that are names, not figures: a version, an HTTP status line.
const NOT_FIGURES: &[&str] = &["Node.js 15", "202 Accepted", "200 OK"];

const WORDS: &[&str] = &[
    "zero",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "third",
    "half",
    "dozen",
];

/// The figures left in `text`: runs of digits not inside an identifier (`async1`), and English
/// number words.
fn figures(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
        if c.is_ascii_digit() && (i == 0 || !word_char(chars[i - 1])) {
            let start = i;
            let digit_at = |k: usize| k < chars.len() && chars[k].is_ascii_digit();
            while digit_at(i) || (i < chars.len() && chars[i] == '.' && digit_at(i + 1)) {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
            continue;
        }
        if c.is_ascii_alphabetic() && (i == 0 || !word_char(chars[i - 1])) {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
            if WORDS.contains(&w.as_str()) {
                out.push(w);
            }
            continue;
        }
        i += 1;
    }
    out
}

fn near(what: &str, got: f64, want: f64, tol: f64) -> Result<(), String> {
    if (got - want).abs() <= want.abs() * tol {
        Ok(())
    } else {
        Err(format!("{what}: the engine shows {got:.2}, the text says about {want} (±{:.0}%)", tol * 100.0))
    }
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(what())
    }
}

fn num(v: &Value, path: &[&str]) -> f64 {
    path.iter().fold(v, |v, k| &v[*k]).as_f64().unwrap_or(f64::NAN)
}

fn model(s: &Side, kind: &str, key: &str) -> f64 {
    num(&s.v, &["model", kind, key])
}

fn rate(s: &Side) -> f64 {
    num(&s.v, &["workload", "arrivals", "poisson", "rate_per_s"])
}

fn step_mean(s: &Side, k: usize, kind: &str) -> f64 {
    let st = &s.v["workload"]["steps"][k][kind];
    st.as_f64().or_else(|| st["exp"].as_f64()).unwrap_or(f64::NAN)
}

fn job_p95(s: &Side) -> f64 {
    s.r.job_latency_ms.map_or(f64::NAN, |j| j.p95)
}

fn run(id: &str) -> Vec<Side> {
    let p = presets::find(id).unwrap_or_else(|| panic!("no preset {id}"));
    let common: Value = serde_json::from_str(p.common).unwrap();
    p.models
        .iter()
        .map(|m| {
            let v = crate::state::side_value(&common, &serde_json::from_str(m).unwrap());
            let mut sim = Sim::new(&Scenario::from_value(&v).unwrap());
            let mut threads = 0;
            while let Some(e) = sim.step() {
                threads +=
                    e.what.iter().filter(|t| matches!(t, Transition::ThreadStarted { .. })).count() as u64;
            }
            Side { v, r: sim.report(), threads }
        })
        .collect()
}

/// The claims of each preset's explanation.
fn preset_claims(id: &str) -> Vec<Claim> {
    match id {
        "blocking-vs-nonblocking" => vec![
            c("150 requests per second", "초당 150개", |s| ensure(rate(&s[0]) == 150.0, || "rate".into())),
            c("100 ms on a database", "100 ms", |s| {
                ensure(step_mean(&s[0], 1, "io_ms") == 100.0, || "io".into())
            }),
            c("All ten blocking threads are busy", "스레드 10개는 모두 사용 중", |s| {
                ensure(model(&s[0], "thread_pool", "threads") == 10.0, || "threads".into())?;
                ensure(s[0].r.utilization.workers > 0.95, || {
                    format!("threads busy {}", s[0].r.utilization.workers)
                })?;
                ensure(s[0].r.utilization.cores < 0.2, || {
                    format!("barely the CPU: {}", s[0].r.utilization.cores)
                })
            }),
            c("its limit of 100", "한도인 100개", |s| {
                ensure(model(&s[0], "thread_pool", "queue") == 100.0, || "queue".into())?;
                ensure(s[0].r.max_queue_len == 100 && s[0].r.requests.rejected > 0, || {
                    "fills and rejects".into()
                })?;
                ensure(s[1].r.requests.rejected == 0, || "the loop keeps serving".into())
            }),
        ],
        "cpu-bound" => vec![
            c("120 requests per second", "초당 120개", |s| ensure(rate(&s[0]) == 120.0, || "rate".into())),
            c("20 ms", "20 ms", |s| ensure(step_mean(&s[0], 0, "cpu_ms") == 20.0, || "cpu".into())),
            c("only 50 a second", "초당 50개밖에", |s| {
                near("loop answered/s", s[1].r.throughput_per_s, 50.0, 0.05)
            }),
            c(
                "eight threads on four cores answer all 120",
                "코어 4개 위의 스레드 8개는 120개 모두에",
                |s| {
                    ensure(model(&s[0], "thread_pool", "threads") == 8.0, || "threads".into())?;
                    ensure(num(&s[0].v, &["cores"]) == 4.0, || "cores".into())?;
                    near("threads answered/s", s[0].r.throughput_per_s, 120.0, 0.05)
                },
            ),
            c("four worker threads", "워커 스레드 4개", |s| {
                ensure(model(&s[2], "event_loop", "workers") == 4.0, || "workers".into())?;
                ensure(s[2].r.latency_ms.p95 < 2.0 * s[0].r.latency_ms.p95, || "offloading rescues it".into())
            }),
        ],
        "blocking-call-freezes-loop" => vec![c("15 ms", "15 ms", |s| {
            ensure(step_mean(&s[0], 2, "blocking_io_ms") == 15.0, || "blocking call".into())?;
            ensure(s[0].r.wait_ms.p95 > 10.0 * s[1].r.wait_ms.p95.max(1.0), || "the loop is frozen".into())
        })],
        "pool-exhaustion" => vec![
            c("300 requests a second", "초당 300개", |s| ensure(rate(&s[0]) == 300.0, || "rate".into())),
            c("200 ms", "200 ms", |s| ensure(step_mean(&s[0], 1, "io_ms") == 200.0, || "io".into())),
            c("60 are in flight", "60개가 처리 중", |s| {
                near("mean in flight", s[1].r.mean_in_system, 60.0, 0.1)
            }),
            c("Twenty threads", "스레드 20개", |s| {
                ensure(model(&s[0], "thread_pool", "threads") == 20.0, || "threads".into())?;
                ensure(s[0].r.requests.rejected > 100, || "reject the rest".into())
            }),
            c("a queue of 50", "크기 50인 큐", |s| {
                ensure(model(&s[0], "thread_pool", "queue") == 50.0, || "queue".into())?;
                ensure(s[1].r.requests.rejected == 0, || "virtual threads serve everyone".into())
            }),
        ],
        "executor-trap" => vec![
            c("core 4", "core 4", |s| {
                ensure(s.iter().all(|x| model(x, "executor", "core") == 4.0), || "core".into())?;
                ensure(s[0].threads == 4, || format!("never a fifth thread: {}", s[0].threads))
            }),
            c("max 50", "max 50", |s| {
                ensure(s.iter().all(|x| model(x, "executor", "max") == 50.0), || "max".into())?;
                ensure(s[1].threads > 10, || format!("grows toward max: {}", s[1].threads))
            }),
            c("past a thousand", "", |s| ensure(s[0].r.max_queue_len > 1000, || "queue".into())),
            c("a queue of 20", "큐가 20인", |s| {
                ensure(model(&s[1], "executor", "queue") == 20.0, || "queue".into())
            }),
        ],
        "overload" => vec![
            c("two minutes", "2분", |s| {
                ensure(num(&s[0].v, &["duration_ms"]) == 120_000.0, || "duration".into())
            }),
            c("600 requests a second", "초당 600개", |s| ensure(rate(&s[0]) == 600.0, || "rate".into())),
            c("about 100 ms", "약 100 ms", |s| {
                ensure(step_mean(&s[0], 1, "io_ms") == 100.0, || "io".into())
            }),
            c("50 blocking threads", "스레드 50개", |s| {
                ensure(model(&s[0], "thread_pool", "threads") == 50.0, || "threads".into())
            }),
            c("only about 500 a second", "초당 약 500개만", |s| {
                near("pool answered/s", s[0].r.throughput_per_s, 500.0, 0.05)
            }),
            c(
                "grows by a hundred every second into the thousands",
                "매초 100개씩 늘어 수천 개",
                |s| near("queue growth per second", s[0].r.max_queue_len as f64 / 120.0, 100.0, 0.2),
            ),
            c("about 60 in flight", "약 60개로", |s| {
                near("loop mean in flight", s[1].r.mean_in_system, 60.0, 0.1)
            }),
            c("about 70 ms", "약 70 ms", |s| near("loop p50", s[1].r.latency_ms.p50, 70.0, 0.1)),
        ],
        "queue-workers-202" => vec![
            c("in about a millisecond", "약 1 ms 만에", |s| {
                s[..2].iter().try_for_each(|x| near("202 p50", x.r.latency_ms.p50, 1.0, 0.5))
            }),
            c("the 50 ms job", "50 ms짜리", |s| {
                let mean = step_mean(&s[0], 0, "cpu_ms") + step_mean(&s[0], 1, "io_ms");
                ensure(mean == 50.0, || format!("job mean {mean}"))
            }),
            c("Two workers cannot keep up", "워커 2개로는", |s| {
                ensure(model(&s[0], "job_queue", "workers") == 2.0, || "workers".into())?;
                ensure(job_p95(&s[0]) > 10.0 * job_p95(&s[1]), || "two fall behind".into())
            }),
            c("eight drain it", "8개면", |s| {
                ensure(model(&s[1], "job_queue", "workers") == 8.0, || "workers".into())
            }),
        ],
        "retries-dlq" => vec![
            c("A third of job attempts fail", "3분의 1이 실패", |s| {
                near("failure rate", model(&s[0], "job_queue", "failure_rate"), 1.0 / 3.0, 0.02)
            }),
            c("four attempts", "", |s| {
                ensure(model(&s[0], "job_queue", "attempts") == 4.0, || "attempts".into())?;
                let j = s[0].r.jobs.clone().unwrap();
                let dead = j.dead_lettered as f64 / (j.completed + j.dead_lettered) as f64;
                ensure(dead < 0.02, || format!("almost every job succeeds: {dead} dead"))
            }),
        ],
        "lost-error" => vec![
            c("One request in twenty", "", |s| {
                ensure(num(&s[0].v, &["faults", "step_failure_rate"]) == 0.05, || "rate".into())
            }),
            c("come back as 500s", "500 응답으로", |s| {
                ensure(s[0].r.requests.failed == 0 && s[0].r.faults.unobserved_errors > 10, || {
                    "left".into()
                })?;
                ensure(s[1].r.requests.failed == s[0].r.faults.unobserved_errors, || {
                    "the same failures".into()
                })
            }),
        ],
        "unhandled-rejection" => vec![
            c("One request in two hundred", "", |s| {
                ensure(num(&s[0].v, &["faults", "step_failure_rate"]) == 0.005, || "rate".into())
            }),
            c("gets a 500", "500을", |s| {
                ensure(s[1].r.requests.failed > 0 && s[1].r.requests.rejected == 0, || "right".into())?;
                ensure(s[1].r.faults.crashes == 0 && s[0].r.faults.crashes >= 2, || "crashes".into())
            }),
        ],
        "dual-write-outbox" => vec![
            c("crashes three times", "", |s| ensure(s[0].r.faults.crashes == 3, || "crashes".into())),
            c("exactly three jobs are lost", "", |s| {
                ensure(s[0].r.faults.lost == 3 && s[1].r.faults.lost == 0, || "lost".into())
            }),
        ],
        "redelivery-idempotent" => vec![c("three times", "", |s| {
            ensure(s[0].r.faults.crashes == 3 && s[1].r.faults.crashes == 3, || "crashes".into())?;
            ensure(s[0].r.faults.duplicated == 3 && s[1].r.faults.duplicated == 0, || "duplicates".into())
        })],
        "order-partitioned" => vec![
            c("five users", "", |s| ensure(num(&s[0].v, &["workload", "keys"]) == 5.0, || "keys".into())),
            c("four workers", "", |s| {
                ensure(model(&s[0], "job_queue", "workers") == 4.0, || "workers".into())?;
                ensure(s[0].r.faults.order_violations > 10 && s[1].r.faults.order_violations == 0, || {
                    "order".into()
                })
            }),
        ],
        _ => vec![],
    }
}

/// The claims of each tour step's text (its body and what to watch), checked against the
/// step's preset. Code lab steps are checked against the example's run.
fn step_claims(id: &str) -> Vec<Claim> {
    match id {
        "thread-pools" => vec![c("grow towards 50", "50개까지", |s| {
            ensure(model(&s[1], "executor", "max") == 50.0 && s[1].threads > 10, || "growth".into())
        })],
        "throughput" => vec![c("into the thousands", "수천 개", |s| {
            ensure(s[0].r.max_queue_len > 2000, || format!("queue {}", s[0].r.max_queue_len))
        })],
        "cpu-bound" => vec![
            c("tops out at 50", "50에서", |s| near("loop answered/s", s[1].r.throughput_per_s, 50.0, 0.05)),
            c("all 120 that arrive", "120개 모두", |s| {
                near("threads answered/s", s[0].r.throughput_per_s, 120.0, 0.05)
            }),
        ],
        "lost-errors" => vec![c("failed count stays 0", "실패 수가 0인데도", |s| {
            ensure(s[0].r.requests.failed == 0 && s[0].r.faults.unobserved_errors > 0, || "left".into())
        })],
        "transactions" => vec![
            c("exactly three on the left", "0개입니다", |s| {
                ensure(s[0].r.faults.lost == 3 && s[1].r.faults.lost == 0, || "lost".into())
            }),
            // The code beside the dual-write side shows the two writes; the outbox side one.
            c("are two writes", "", |s| {
                let code = |x: &Side| {
                    let sc = Scenario::from_value(&x.v).unwrap();
                    crate::handlers::code(&sc)
                        .lines
                        .iter()
                        .map(|l| l.text.clone())
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                let (dual, outbox) = (code(&s[0]), code(&s[1]));
                ensure(dual.contains("queue.add") && dual.contains("orders.insert"), || dual.clone())?;
                ensure(outbox.contains("transaction") && outbox.contains("outbox.insert"), || outbox.clone())
            }),
        ],
        "common-flow" => vec![c("waits for the 202", "202만", |s| {
            s[..2].iter().try_for_each(|x| {
                ensure(x.r.latency_ms.p99 < 10.0 && x.r.job_latency_ms.is_some(), || {
                    "the 202 comes at once".into()
                })
            })
        })],
        "redelivery" => vec![c("zero on the right", "0입니다", |s| {
            ensure(s[0].r.faults.duplicated > 0 && s[1].r.faults.duplicated == 0, || "duplicates".into())
        })],
        "coroutines" => vec![c("All three fetches start before any finishes", "", |_| {
            let mut lab = crate::lab::Lab::from_example(crate::lab::find("gather").unwrap());
            lab.settle();
            let out = lab.trace.as_ref().map(|t| t.output.clone()).unwrap_or_default();
            let starts = out.iter().take_while(|l| l.starts_with("start")).count();
            ensure(starts == 3 && out.iter().filter(|l| l.starts_with("end")).count() == 3, || {
                format!("{out:?}")
            })
        })],
        "order-in-code" => vec![
            c("a zero timeout", "0 ms 타이머", |_| {
                let src = crate::lab::example_source("timeout-vs-immediate").unwrap_or_default();
                ensure(
                    src.contains("setTimeout(") && src.contains(", 0);") && src.contains("setImmediate("),
                    || src.into(),
                )
            }),
            c("which two callbacks may swap", "", |_| {
                let mut lab =
                    crate::lab::Lab::from_example(crate::lab::find("timeout-vs-immediate").unwrap());
                lab.settle();
                let races = lab.trace.as_ref().map_or(0, |t| t.races.len());
                ensure(races == 1, || format!("{races} races noted"))
            }),
        ],
        "event-order" => vec![
            c("zero on the right", "오른쪽의 0", |s| {
                ensure(s[0].r.faults.order_violations > 0 && s[1].r.faults.order_violations == 0, || {
                    "order".into()
                })
            }),
            c("two updates to the same", "", |s| {
                ensure(num(&s[0].v, &["workload", "keys"]) < s[0].r.requests.arrived as f64, || "keys".into())
            }),
        ],
        _ => vec![],
    }
}

/// Checks one text: every figure is inside a claimed phrase (or a name), and every claimed
/// phrase is in the text.
fn audit(what: &str, text: &str, phrases: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut rest = text.to_string();
    for p in phrases.iter().filter(|p| !p.is_empty()) {
        if !rest.contains(p) {
            problems.push(format!("{what}: the claimed phrase {p:?} is not in the text"));
        }
        rest = rest.replace(p, " ");
    }
    for n in NOT_FIGURES {
        rest = rest.replace(n, " ");
    }
    for f in figures(&rest) {
        problems.push(format!("{what}: the figure {f:?} has no claim checking it against the engine"));
    }
    problems
}

#[test]
fn figures_are_found_in_both_languages() {
    assert_eq!(figures("The same 150 requests, ten threads and 2.5 ms"), ["150", "ten", "2.5"]);
    assert_eq!(figures("async1 and promise2 print; 초당 120개, 3분의 1"), ["120", "3", "1"]);
    assert_eq!(audit("t", "50 a second and 60 more", &["50 a second"]).len(), 1, "60 is unclaimed");
    assert_eq!(audit("t", "fifty", &["sixty"]).len(), 2, "a missing phrase and an unclaimed figure");
}

#[test]
fn every_figure_a_preset_states_is_what_the_engine_shows() {
    let mut problems = Vec::new();
    for p in PRESETS {
        let claims = preset_claims(p.id);
        let en: Vec<&str> = claims.iter().map(|c| c.en).collect();
        let ko: Vec<&str> = claims.iter().map(|c| c.ko).collect();
        problems.extend(audit(&format!("{} (English)", p.id), p.explain, &en));
        problems.extend(audit(&format!("{} (Korean)", p.id), p.explain_in(crate::i18n::Lang::Ko), &ko));
        if claims.is_empty() {
            continue;
        }
        let sides = run(p.id);
        for c in &claims {
            if let Err(e) = (c.holds)(&sides) {
                problems.push(format!("{}: {:?}: {e}", p.id, c.en));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_figure_a_tour_step_states_is_what_its_demo_shows() {
    let mut problems = Vec::new();
    for s in STEPS {
        let claims = step_claims(s.id);
        let en: Vec<&str> = claims.iter().map(|c| c.en).collect();
        let ko: Vec<&str> = claims.iter().map(|c| c.ko).collect();
        for (lang, text) in
            [("English", [s.title.0, s.body.0, s.watch.0]), ("Korean", [s.title.1, s.body.1, s.watch.1])]
        {
            let phrases = if lang == "English" { &en } else { &ko };
            problems.extend(audit(&format!("step {} ({lang})", s.id), &text.join(" "), phrases));
        }
        match s.demo {
            _ if claims.is_empty() => {}
            Demo::Preset(p) => {
                let sides = run(p);
                for c in &claims {
                    if let Err(e) = (c.holds)(&sides) {
                        problems.push(format!("step {}: {:?}: {e}", s.id, c.en));
                    }
                }
            }
            // A code lab step's claims run the example themselves.
            Demo::Code(_) => {
                for c in &claims {
                    if let Err(e) = (c.holds)(&[]) {
                        problems.push(format!("step {}: {:?}: {e}", s.id, c.en));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
