//! cosmos-emulator
pub mod batch;
pub mod patch;
