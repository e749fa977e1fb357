//! Thin adapters over browser APIs, each returning typed errors instead of panicking.

pub mod channel;
pub mod clock;
pub mod fetch;
pub mod files;
pub mod idb;
pub mod page;
pub mod storage;
pub mod sw;
