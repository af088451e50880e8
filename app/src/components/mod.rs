//! Reusable pieces of the interface, shared by the pages.
pub mod course_card;
pub mod error_message;
pub mod form;
pub mod labels;
pub mod lang_switch;
pub mod layout;
pub mod pagination;
pub mod unsaved_guard;
