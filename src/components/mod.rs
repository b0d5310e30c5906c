//! One view per file. Every view reads the shared state from [`context::Ctx`]; the page's
//! routing, hooks and DOM helpers have files of their own.

pub mod app;
pub mod browser;
pub mod code;
pub mod context;
pub mod controls;
pub mod diagram;
pub mod dom;
pub mod editor;
pub mod fatal;
pub mod faults;
pub mod flow;
pub mod gantt;
pub mod glance;
pub mod handler;
pub mod hooks;
pub mod learn;
pub mod log;
pub mod measured;
pub mod metrics;
pub mod routing;
pub mod share;
pub mod side;
pub mod trace;
