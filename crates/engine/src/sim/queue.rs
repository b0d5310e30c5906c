//! The pending events: a priority queue ordered by (time, sequence number).
//!
//! Events scheduled for the same time come out in the order they were scheduled: every push
//! takes the next sequence number, and (time, sequence) is unique, so the order of pops is
//! fixed by the keys alone, whatever the queue's internal layout.
//!
//! Two parts:
//! - the next arrival in a slot of its own: there is at most one pending arrival (the
//!   arrival process schedules the next one only when the current one happens), so
//!   every request saves a heap push and pop and the heap holds one entry fewer;
//! - every other event in a 4-ary min-heap of small entries, sifted with a hole (each
//!   level costs one comparison of a 128-bit key and one move, and a 4-ary heap has
//!   half the levels of a binary one).

use super::Ev;
use crate::Time;

/// The order key: time, then sequence number.
#[inline(always)]
fn key(t: Time, seq: u64) -> u128 {
    ((t as u128) << 64) | seq as u128
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    t: Time,
    seq: u64,
    ev: Ev,
}

impl Entry {
    #[inline(always)]
    fn key(&self) -> u128 {
        key(self.t, self.seq)
    }
}

const ARITY: usize = 4;

#[derive(Clone, Debug, Default)]
pub(super) struct EventQueue {
    /// The sequence number of the latest push.
    seq: u64,
    /// The pending arrival, if any: (time, sequence).
    arrival: Option<(Time, u64)>,
    /// Every other pending event, a 4-ary min-heap by `Entry::key`.
    heap: Vec<Entry>,
}

impl EventQueue {
    /// Schedules `ev` at `t`, after everything already scheduled for `t`.
    #[inline]
    pub(super) fn push(&mut self, t: Time, ev: Ev) {
        self.seq += 1;
        if matches!(ev, Ev::Arrival) && self.arrival.is_none() {
            self.arrival = Some((t, self.seq));
            return;
        }
        self.heap_push(Entry { t, seq: self.seq, ev });
    }

    /// Takes the earliest event.
    #[inline]
    pub(super) fn pop(&mut self) -> Option<(Time, Ev)> {
        match (self.arrival, self.heap.first()) {
            (Some((t, seq)), Some(top)) if top.key() < key(t, seq) => self.heap_pop(),
            (Some((t, _)), _) => {
                self.arrival = None;
                Some((t, Ev::Arrival))
            }
            (None, _) => self.heap_pop(),
        }
    }

    /// The time of the earliest event.
    #[inline]
    pub(super) fn peek_time(&self) -> Option<Time> {
        match (self.arrival, self.heap.first()) {
            (Some((t, _)), Some(top)) => Some(t.min(top.t)),
            (Some((t, _)), None) => Some(t),
            (None, top) => top.map(|e| e.t),
        }
    }

    /// How many events are pending.
    pub(super) fn len(&self) -> usize {
        self.heap.len() + usize::from(self.arrival.is_some())
    }

    /// Keeps only the events for which `keep` is true.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&Ev) -> bool) {
        if self.arrival.is_some() && !keep(&Ev::Arrival) {
            self.arrival = None;
        }
        let before = self.heap.len();
        self.heap.retain(|e| keep(&e.ev));
        if self.heap.len() != before {
            // Rebuild the heap bottom-up.
            for i in (0..self.heap.len()).rev() {
                self.sift_down(i);
            }
        }
    }

    #[inline]
    fn heap_push(&mut self, e: Entry) {
        let k = e.key();
        let mut hole = self.heap.len();
        self.heap.push(e);
        while hole > 0 {
            let parent = (hole - 1) / ARITY;
            let p = self.heap[parent];
            if p.key() <= k {
                break;
            }
            self.heap[hole] = p;
            hole = parent;
        }
        self.heap[hole] = e;
    }

    #[inline]
    fn heap_pop(&mut self) -> Option<(Time, Ev)> {
        let last = self.heap.pop()?;
        let Some(top) = self.heap.first().copied() else {
            return Some((last.t, last.ev));
        };
        self.heap[0] = last;
        self.sift_down(0);
        Some((top.t, top.ev))
    }

    /// Moves the entry at `i` down to its place below.
    #[inline]
    fn sift_down(&mut self, mut hole: usize) {
        let n = self.heap.len();
        let e = self.heap[hole];
        let k = e.key();
        loop {
            let first = hole * ARITY + 1;
            if first >= n {
                break;
            }
            // The smallest child, chosen without branches (keys are in random order, so a
            // branch per child would be mispredicted half the time).
            let mut best = first;
            let mut best_key = self.heap[first].key();
            if first + ARITY <= n {
                for c in first + 1..first + ARITY {
                    let ck = self.heap[c].key();
                    let less = ck < best_key;
                    best = if less { c } else { best };
                    best_key = if less { ck } else { best_key };
                }
            } else {
                for c in first + 1..n {
                    let ck = self.heap[c].key();
                    let less = ck < best_key;
                    best = if less { c } else { best };
                    best_key = if less { ck } else { best_key };
                }
            }
            if k <= best_key {
                break;
            }
            self.heap[hole] = self.heap[best];
            hole = best;
        }
        self.heap[hole] = e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pops everything: the order must be by (time, push order).
    fn drain(q: &mut EventQueue) -> Vec<(Time, Ev)> {
        std::iter::from_fn(|| q.pop()).collect()
    }

    #[test]
    fn same_time_events_keep_their_push_order_and_arrivals_take_their_turn() {
        let mut q = EventQueue::default();
        q.push(5, Ev::LaneWake(1));
        q.push(3, Ev::Arrival);
        q.push(5, Ev::ReqIo(2));
        q.push(3, Ev::SliceEnd(9));
        q.push(5, Ev::Arrival); // a second arrival goes to the heap
        q.push(1, Ev::Restart);
        assert_eq!(q.len(), 6);
        assert_eq!(q.peek_time(), Some(1));
        assert_eq!(
            drain(&mut q),
            vec![
                (1, Ev::Restart),
                (3, Ev::Arrival),
                (3, Ev::SliceEnd(9)),
                (5, Ev::LaneWake(1)),
                (5, Ev::ReqIo(2)),
                (5, Ev::Arrival),
            ]
        );
        assert_eq!(q.peek_time(), None);
    }

    #[test]
    fn matches_a_sorted_list_on_random_pushes_pops_and_removals() {
        let mut rng = crate::rng::Rng::new(42);
        let mut q = EventQueue::default();
        // The reference: every pending (time, seq, ev), popped as the minimum.
        let mut model: Vec<(Time, u64, Ev)> = Vec::new();
        let mut seq = 0;
        for round in 0..20_000u32 {
            let r = rng.next_u64();
            if !r.is_multiple_of(3) || model.is_empty() {
                let t = rng.next_u64() % 50;
                let ev = if r.is_multiple_of(7) { Ev::Arrival } else { Ev::LaneWake(round) };
                seq += 1;
                q.push(t, ev);
                model.push((t, seq, ev));
            } else {
                let i = (0..model.len()).min_by_key(|&i| (model[i].0, model[i].1)).expect("non-empty");
                let (t, _, ev) = model.remove(i);
                assert_eq!(q.peek_time(), Some(t));
                assert_eq!(q.pop(), Some((t, ev)));
            }
            if round % 1000 == 999 {
                let odd = |ev: &Ev| !matches!(ev, Ev::LaneWake(x) if x % 2 == 1);
                q.retain(odd);
                model.retain(|(_, _, ev)| odd(ev));
            }
            assert_eq!(q.len(), model.len());
        }
        model.sort_by_key(|&(t, s, _)| (t, s));
        let rest: Vec<(Time, Ev)> = model.into_iter().map(|(t, _, ev)| (t, ev)).collect();
        assert_eq!(drain(&mut q), rest);
    }
}
