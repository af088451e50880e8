//! Certificates on the server: signing keys and JWS ([`signing`]), the credential
//! formats ([`credential`]) and the printable PDF ([`pdf`]). Their SQL is in
//! `ssr::db::certificates`; docs/certificates.md explains the design.
pub mod credential;
pub mod pdf;
pub mod signing;
