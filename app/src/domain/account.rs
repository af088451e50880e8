//! The rules for account fields, shared by the server (which enforces them) and the
//! forms (which state them). Length rules count characters, not bytes: Korean
//! passwords and names are as welcome as Latin ones.
use crate::error::Problem;

pub const PASSWORD_MIN_CHARS: usize = 8;
pub const PASSWORD_MAX_CHARS: usize = 128;
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;
const EMAIL_MAX_CHARS: usize = 254;
pub const CERTIFICATE_NAME_MAX_CHARS: usize = 120;

/// The email as we store it: trimmed, otherwise as typed. Comparisons ignore case.
pub fn normalize_email(raw: &str) -> Result<String, Problem> {
    let email = raw.trim();
    if email.is_empty() {
        return Err(Problem::Required);
    }
    if email.chars().count() > EMAIL_MAX_CHARS || !email_address::EmailAddress::is_valid(email) {
        return Err(Problem::EmailInvalid);
    }
    Ok(email.to_owned())
}

/// Length only: no composition rules (ASVS 6.2); the server also refuses common passwords.
pub fn check_password_length(password: &str) -> Result<(), Problem> {
    let chars = password.chars().count();
    if chars == 0 {
        Err(Problem::Required)
    } else if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&chars) {
        Err(Problem::PasswordLength)
    } else {
        Ok(())
    }
}

/// Any name or pseudonym of 1 to 80 characters, without control characters.
pub fn normalize_display_name(raw: &str) -> Result<String, Problem> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(Problem::Required);
    }
    if name.chars().count() > DISPLAY_NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(Problem::DisplayNameInvalid);
    }
    Ok(name.to_owned())
}

/// The name as it will be printed on certificates: 1 to 120 characters, runs of
/// spaces made one (a name is printed on one line), no control characters.
pub fn normalize_certificate_name(raw: &str) -> Result<String, Problem> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Problem::Required);
    }
    if name.chars().count() > CERTIFICATE_NAME_MAX_CHARS || name.chars().any(char::is_control) {
        return Err(Problem::CertificateNameInvalid);
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_names_are_printed_on_one_line() {
        assert_eq!(
            normalize_certificate_name("  김  지우 "),
            Ok("김 지우".to_owned())
        );
        assert_eq!(normalize_certificate_name(" \t "), Err(Problem::Required));
        assert_eq!(
            normalize_certificate_name(&"가".repeat(121)),
            Err(Problem::CertificateNameInvalid)
        );
        assert_eq!(
            normalize_certificate_name("a\u{7}b"),
            Err(Problem::CertificateNameInvalid)
        );
    }

    #[test]
    fn emails_are_trimmed_and_checked() {
        assert_eq!(
            normalize_email("  Ana@Example.org "),
            Ok("Ana@Example.org".into())
        );
        assert_eq!(normalize_email(""), Err(Problem::Required));
        assert_eq!(normalize_email("not-an-email"), Err(Problem::EmailInvalid));
        assert_eq!(normalize_email("a@b@c"), Err(Problem::EmailInvalid));
    }

    #[test]
    fn passwords_are_measured_in_characters() {
        assert_eq!(check_password_length("비밀번호비밀번호"), Ok(()));
        assert_eq!(check_password_length("short"), Err(Problem::PasswordLength));
        assert_eq!(
            check_password_length(&"x".repeat(129)),
            Err(Problem::PasswordLength)
        );
        assert_eq!(check_password_length(""), Err(Problem::Required));
    }

    #[test]
    fn display_names_allow_pseudonyms_but_not_control_characters() {
        assert_eq!(
            normalize_display_name(" 광주 학습자 "),
            Ok("광주 학습자".into())
        );
        assert_eq!(
            normalize_display_name("a\u{7}b"),
            Err(Problem::DisplayNameInvalid)
        );
        assert_eq!(
            normalize_display_name(&"가".repeat(81)),
            Err(Problem::DisplayNameInvalid)
        );
    }
}
