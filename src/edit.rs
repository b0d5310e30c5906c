//! Editing scenarios as drafts: every keystroke lands in the draft, the draft
//! is validated by the engine, and only a valid draft replaces what runs.
//! An invalid value stays in its field with the engine's message beside it,
//! so nothing the user typed is lost.

use serde_json::{Map, Value};

/// One step of a dotted path such as `workload.steps[0].io_ms`.
#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn parse(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out.push(Seg::Key(rest[..i].to_string()));
            }
            rest = &rest[i..];
            while let Some(end) = rest.find(']') {
                if let Ok(n) = rest[1..end].parse() {
                    out.push(Seg::Index(n));
                }
                rest = &rest[end + 1..];
            }
        } else if !rest.is_empty() {
            out.push(Seg::Key(rest.to_string()));
        }
    }
    out
}

/// The value at `path`, if present.
pub fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    parse(path).iter().try_fold(v, |cur, s| match s {
        Seg::Key(k) => cur.get(k.as_str()),
        Seg::Index(i) => cur.get(*i),
    })
}

/// Sets `path` to `new` (creating objects on the way), or removes it when `new` is `None`.
pub fn set(v: &mut Value, path: &str, new: Option<Value>) {
    let segs = parse(path);
    let Some((last, init)) = segs.split_last() else { return };
    let mut cur = v;
    for s in init {
        cur = match s {
            Seg::Key(k) => {
                if !cur.is_object() {
                    *cur = Value::Object(Map::new());
                }
                cur.as_object_mut().expect("object").entry(k.clone()).or_insert(Value::Object(Map::new()))
            }
            Seg::Index(i) => match cur.get_mut(*i) {
                Some(x) => x,
                None => return,
            },
        };
    }
    match (last, new) {
        (Seg::Key(k), Some(n)) => {
            if !cur.is_object() {
                *cur = Value::Object(Map::new());
            }
            cur.as_object_mut().expect("object").insert(k.clone(), n);
        }
        (Seg::Key(k), None) => {
            if let Some(o) = cur.as_object_mut() {
                o.remove(k);
            }
        }
        (Seg::Index(i), Some(n)) => {
            if let Some(x) = cur.get_mut(*i) {
                *x = n;
            }
        }
        (Seg::Index(i), None) => {
            if let Some(a) = cur.as_array_mut() {
                if *i < a.len() {
                    a.remove(*i);
                }
            }
        }
    }
}

/// What the user typed, as the JSON the engine will judge: a number when it
/// reads as one, `true`/`false`/`null` as such, nothing when empty (the
/// default applies), otherwise the text itself (the engine then says
/// "expected a number, got the string …").
pub fn typed(text: &str) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(x) = t.parse::<f64>() {
        if x.is_finite() {
            return serde_json::Number::from_f64(x).map(|n| {
                if x.fract() == 0.0 && x.abs() < 9.0e15 {
                    Value::from(x as i64)
                } else {
                    Value::Number(n)
                }
            });
        }
    }
    Some(match t {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "null" | "unbounded" | "∞" => Value::Null,
        _ => Value::String(text.to_string()),
    })
}

/// Text to show in a field for a value.
pub fn shown(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A step's duration as (kind, first value, second value): `fixed`, `exp` or `uniform`.
pub fn dist_parts(d: Option<&Value>) -> (&'static str, String, String) {
    match d {
        Some(Value::Object(m)) if m.contains_key("exp") => ("exp", shown(m.get("exp")), String::new()),
        Some(Value::Object(m)) if m.contains_key("uniform") => {
            let u = m.get("uniform");
            ("uniform", shown(u.and_then(|a| a.get(0))), shown(u.and_then(|a| a.get(1))))
        }
        other => ("fixed", shown(other), String::new()),
    }
}

/// The same duration in another form, keeping its mean where it can.
pub fn with_dist_kind(d: Option<&Value>, kind: &str) -> Value {
    let (_, a, b) = dist_parts(d);
    let mean = a.parse::<f64>().ok().map(|x| match b.parse::<f64>() {
        Ok(y) => (x + y) / 2.0,
        Err(_) => x,
    });
    let m = mean.unwrap_or(10.0);
    match kind {
        "exp" => serde_json::json!({ "exp": m }),
        "uniform" => serde_json::json!({ "uniform": [m / 2.0, m * 1.5] }),
        _ => serde_json::json!(m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_and_write_like_the_engine_names_them() {
        let mut v = json!({"workload": {"steps": [{"cpu_ms": 2}, {"io_ms": {"exp": 50}}]}});
        assert_eq!(get(&v, "workload.steps[1].io_ms.exp"), Some(&json!(50)));
        set(&mut v, "workload.steps[1].io_ms.exp", Some(json!(80)));
        set(&mut v, "workload.arrivals.poisson.rate_per_s", Some(json!(5)));
        assert_eq!(v["workload"]["steps"][1]["io_ms"]["exp"], 80);
        assert_eq!(v["workload"]["arrivals"]["poisson"]["rate_per_s"], 5);
        set(&mut v, "workload.steps[0]", None);
        assert_eq!(v["workload"]["steps"].as_array().unwrap().len(), 1);
        set(&mut v, "workload.limit", None);
        set(&mut v, "workload.steps[9].x", Some(json!(1)));
        assert_eq!(v["workload"]["steps"].as_array().unwrap().len(), 1, "out of range is ignored");
    }

    #[test]
    fn typed_values() {
        assert_eq!(typed("12"), Some(json!(12)));
        assert_eq!(typed("2.5"), Some(json!(2.5)));
        assert_eq!(typed(" "), None);
        assert_eq!(typed("fast"), Some(json!("fast")));
        assert_eq!(typed("unbounded"), Some(Value::Null));
        assert_eq!(shown(Some(&json!(12))), "12");
    }

    #[test]
    fn distributions_switch_keeping_the_mean() {
        assert_eq!(with_dist_kind(Some(&json!(40)), "exp"), json!({"exp": 40.0}));
        assert_eq!(with_dist_kind(Some(&json!({"exp": 40})), "uniform"), json!({"uniform": [20.0, 60.0]}));
        assert_eq!(with_dist_kind(Some(&json!({"uniform": [20, 60]})), "fixed"), json!(40.0));
        assert_eq!(dist_parts(Some(&json!({"uniform": [1, 3]}))), ("uniform", "1".into(), "3".into()));
    }
}
