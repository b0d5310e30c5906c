//! Number formatting shared by every view.

/// Microseconds as milliseconds with one decimal: `12.0 ms`.
pub fn ms(us: u64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}

/// A duration for people: `850 µs`, `12.3 ms`, `4.20 s`.
pub fn ms_short(us: u64) -> String {
    if us < 1000 {
        format!("{us} µs")
    } else if us < 10_000_000 {
        format!("{:.1} ms", us as f64 / 1000.0)
    } else {
        format!("{:.2} s", us as f64 / 1e6)
    }
}

/// A latency in ms for a sentence: `217 ms` under a second, `1.2 s` above.
pub fn latency(ms: f64) -> String {
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else {
        format!("{:.1} s", ms / 1000.0)
    }
}

/// A clock reading: `1 234.5 ms` below 10 s, `12.345 s` above.
pub fn clock(us: u64) -> String {
    if us < 10_000_000 {
        format!("{:.1} ms", us as f64 / 1000.0)
    } else {
        format!("{:.3} s", us as f64 / 1e6)
    }
}

/// A speed factor: `0.1×`, `1×`, `250×`.
pub fn speed(x: f64) -> String {
    if x < 1.0 {
        format!("{x}×")
    } else {
        format!("{x:.0}×")
    }
}

/// A share 0..=1 as a percentage.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", (x * 100.0).clamp(0.0, 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(ms(12_000), "12.0 ms");
        assert_eq!(ms_short(850), "850 µs");
        assert_eq!(ms_short(12_345), "12.3 ms");
        assert_eq!(ms_short(42_000_000), "42.00 s");
        assert_eq!(clock(1_234_500), "1234.5 ms");
        assert_eq!(clock(12_345_000), "12.345 s");
        assert_eq!(speed(0.25), "0.25×");
        assert_eq!(speed(100.0), "100×");
        assert_eq!(pct(0.456), "46%");
    }
}
