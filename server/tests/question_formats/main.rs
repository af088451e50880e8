//! Tests of the GIFT and Aiken importers and the GIFT exporter: the fixture files'
//! reports, round trips, and that no input makes a reader panic.
mod aiken;
mod gift;
mod report;
mod robustness;
mod round_trip;
