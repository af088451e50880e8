/// `next` if it is a path on this site; `/` for anything else (`//evil.example`,
/// `https://…`), so no form that takes a "return to" value is an open redirect.
pub fn local_path(next: &str) -> String {
    let is_local = next.starts_with('/') && !next.starts_with("//") && !next.contains('\\');
    let is_clean = !next.chars().any(|c| c.is_control());
    if is_local && is_clean {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn keeps_local_paths_only() {
        assert_eq!(local_path("/courses?page=2"), "/courses?page=2");
        assert_eq!(local_path("//evil.example/x"), "/");
        assert_eq!(local_path("https://evil.example"), "/");
        assert_eq!(local_path("/\\evil.example"), "/");
        assert_eq!(local_path("/a\r\nSet-Cookie: x=y"), "/");
        assert_eq!(local_path(""), "/");
    }
}
