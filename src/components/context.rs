//! The shared state every view reads, as a Yew context.

use yew::prelude::*;

use crate::state::AppState;

/// The shared state every view reads.
pub type Ctx = UseReducerHandle<AppState>;
