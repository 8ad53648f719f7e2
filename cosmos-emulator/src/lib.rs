//! cosmos-emulator
pub mod patch;
