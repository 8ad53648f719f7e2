//! cosmos-emulator
