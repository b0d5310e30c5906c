//! One view per file. Every view reads the shared state from [`app::Ctx`].

pub mod app;
pub mod browser;
pub mod code;
pub mod controls;
pub mod diagram;
pub mod editor;
pub mod fatal;
pub mod faults;
pub mod gantt;
pub mod handler;
pub mod learn;
pub mod log;
pub mod metrics;
pub mod share;
pub mod side;
pub mod trace;
