//! Thin adapters over browser APIs, each returning typed errors instead of panicking.

pub mod channel;
pub mod clock;
pub mod crypto;
pub mod fetch;
pub mod files;
pub mod idb;
pub mod media;
pub mod page;
pub mod storage;
pub mod sw;
