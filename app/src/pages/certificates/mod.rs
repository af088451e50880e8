//! Certificates: public verification. (The learner's own are in My learning; the
//! admin list is under `pages/admin`.)
mod verify;

pub use verify::VerifyPage;
