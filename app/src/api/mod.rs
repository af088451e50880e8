//! `#[server]` functions, one module per domain, and the wire types they return.
//! Every function here is a public HTTP endpoint: each checks access itself.
pub mod catalog;
