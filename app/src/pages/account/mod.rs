//! Signing up, in and out, passwords, and the account page.
mod deleted;
mod forgot;
mod overview;
mod register;
mod reset;
mod sign_in;

pub use deleted::AccountDeletedPage;
pub use forgot::ForgotPasswordPage;
pub use overview::AccountPage;
pub use register::RegisterPage;
pub use reset::ResetPasswordPage;
pub use sign_in::SignInPage;
