//! Verification codes: short, typeable, and checked before any database look-up.
//!
//! A code is 11 random symbols and one check symbol from Crockford's base-32 alphabet
//! (digits and capitals without I, L, O and U, so nothing looks like something else),
//! printed in three groups: `7K3M-QX9P-2RTC`. Reading is forgiving the way Crockford
//! intends: case, spaces and hyphens are ignored, `I`/`L` read as `1` and `O` as `0`.
//! The check symbol is Luhn mod 32, which catches every single mistyped symbol and
//! every swap of two neighbours but one (`0` with `Z`, the scheme's known blind spot).
use std::fmt;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Random symbols in a code (55 bits: a guess hits one of a million certificates
/// about once in 36 billion tries).
pub const RANDOM_SYMBOLS: usize = 11;
const LEN: usize = RANDOM_SYMBOLS + 1;

/// A well-formed verification code (its check symbol is right). Stored and compared
/// in its compact form, shown grouped.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CertificateCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("a code has 12 symbols")]
    Length,
    #[error("a code uses digits and letters only")]
    Symbol,
    #[error("the check symbol does not match: a symbol was mistyped")]
    Check,
}

fn value_of(symbol: u8) -> Option<u32> {
    let symbol = match symbol.to_ascii_uppercase() {
        b'I' | b'L' => b'1',
        b'O' => b'0',
        other => other,
    };
    ALPHABET
        .iter()
        .position(|&s| s == symbol)
        .map(|index| index as u32)
}

/// Luhn mod N over base-32 values, the check symbol's value.
fn check_value(values: &[u32]) -> u32 {
    let mut sum = 0;
    for (i, &value) in values.iter().rev().enumerate() {
        let addend = if i % 2 == 0 { value * 2 } else { value };
        sum += addend / 32 + addend % 32;
    }
    (32 - sum % 32) % 32
}

impl CertificateCode {
    /// A code from 11 random values (each taken mod 32).
    pub fn from_random(random: [u8; RANDOM_SYMBOLS]) -> Self {
        let values: Vec<u32> = random.iter().map(|&b| u32::from(b) % 32).collect();
        let check = check_value(&values);
        let code = values
            .iter()
            .chain(std::iter::once(&check))
            .map(|&v| ALPHABET[v as usize] as char)
            .collect();
        CertificateCode(code)
    }

    /// Reads a code as a person typed it.
    pub fn parse(input: &str) -> Result<Self, CodeError> {
        let mut values = Vec::with_capacity(LEN);
        for byte in input.bytes() {
            if matches!(byte, b'-' | b' ' | b'\t') {
                continue;
            }
            values.push(value_of(byte).ok_or(CodeError::Symbol)?);
            if values.len() > LEN {
                return Err(CodeError::Length);
            }
        }
        if values.len() != LEN {
            return Err(CodeError::Length);
        }
        let (body, check) = values.split_at(RANDOM_SYMBOLS);
        if check_value(body) != check[0] {
            return Err(CodeError::Check);
        }
        Ok(CertificateCode(
            values
                .iter()
                .map(|&v| ALPHABET[v as usize] as char)
                .collect(),
        ))
    }

    /// The compact form, as stored: `7K3MQX9P2RTC`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The printed form, in groups of four: `7K3M-QX9P-2RTC`.
impl fmt::Display for CertificateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<&str> = self
            .0
            .as_bytes()
            .chunks(4)
            .map(|chunk| std::str::from_utf8(chunk).unwrap_or_default())
            .collect();
        f.write_str(&groups.join("-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_code_reads_back_in_every_way_people_type_it() {
        let code = CertificateCode::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        let printed = code.to_string();
        assert_eq!(printed.len(), 14);
        assert_eq!(CertificateCode::parse(&printed), Ok(code.clone()));
        assert_eq!(CertificateCode::parse(code.as_str()), Ok(code.clone()));
        assert_eq!(
            CertificateCode::parse(&printed.to_lowercase().replace('-', " ")),
            Ok(code.clone())
        );
    }

    #[test]
    fn look_alike_letters_read_as_digits() {
        let code = CertificateCode::from_random([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
        let typed = code.as_str().replacen('0', "O", 2).replacen('1', "l", 2);
        assert_eq!(CertificateCode::parse(&typed), Ok(code));
    }

    #[test]
    fn malformed_codes_are_refused_with_their_reason() {
        assert_eq!(CertificateCode::parse(""), Err(CodeError::Length));
        assert_eq!(CertificateCode::parse("ABC"), Err(CodeError::Length));
        assert_eq!(
            CertificateCode::parse("ABCD-EFGH-JKMN-P"),
            Err(CodeError::Length)
        );
        assert_eq!(
            CertificateCode::parse("ABCD-EFGH-JK*N"),
            Err(CodeError::Symbol)
        );
        assert_eq!(
            CertificateCode::parse("ABCD-EFGH-JKUN"),
            Err(CodeError::Symbol)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn every_generated_code_parses(random in any::<[u8; RANDOM_SYMBOLS]>()) {
            let code = CertificateCode::from_random(random);
            prop_assert_eq!(CertificateCode::parse(&code.to_string()), Ok(code));
        }

        #[test]
        fn one_mistyped_symbol_is_always_caught(
            random in any::<[u8; RANDOM_SYMBOLS]>(),
            at in 0..LEN,
            replacement in 0u8..32,
        ) {
            let code = CertificateCode::from_random(random);
            let mut symbols = code.as_str().as_bytes().to_vec();
            prop_assume!(symbols[at] != ALPHABET[replacement as usize]);
            symbols[at] = ALPHABET[replacement as usize];
            let typed = String::from_utf8(symbols).unwrap_or_default();
            prop_assert_eq!(CertificateCode::parse(&typed), Err(CodeError::Check));
        }

        #[test]
        fn swapped_neighbours_are_caught(random in any::<[u8; RANDOM_SYMBOLS]>(), at in 0..LEN - 1) {
            let code = CertificateCode::from_random(random);
            let mut symbols = code.as_str().as_bytes().to_vec();
            let pair = [symbols[at], symbols[at + 1]];
            prop_assume!(pair[0] != pair[1] && pair != *b"0Z" && pair != *b"Z0");
            symbols.swap(at, at + 1);
            let typed = String::from_utf8(symbols).unwrap_or_default();
            prop_assert_eq!(CertificateCode::parse(&typed), Err(CodeError::Check));
        }

        #[test]
        fn parsing_never_panics(input in ".{0,40}") {
            let _ = CertificateCode::parse(&input);
        }
    }
}
