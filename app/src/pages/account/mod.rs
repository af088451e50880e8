//! Signing up, in and out, passwords, and the account page.
mod account;
mod deleted;
mod forgot;
mod register;
mod reset;
mod sign_in;

pub use account::AccountPage;
pub use deleted::AccountDeletedPage;
pub use forgot::ForgotPasswordPage;
pub use register::RegisterPage;
pub use reset::ResetPasswordPage;
pub use sign_in::SignInPage;
